import { readFile } from 'node:fs/promises';
import { parseCloudFormationYaml } from './cloudformation-yaml.js';
import { type StreamMappingDefinition, streamMappingOf } from './stream-mapping-definition.js';

/** An API event of a function: `Path: /{proxy+}`, `Method: ANY`. */
export interface ApiRoute {
  path: string;
  method: string;
}

/** What the runner needs of an `AWS::Serverless::Function`, Globals applied and intrinsics resolved. */
export interface FunctionDefinition {
  logicalId: string;
  handler: string;
  runtime: string;
  timeoutSeconds: number;
  memorySizeMb: number;
  environment: Record<string, string>;
  /** Logical ids of the `AWS::Serverless::LayerVersion`s, in the template's order. */
  layers: string[];
  /** X-Ray: `Active` samples every request without an upstream decision; `PassThrough` (Lambda's default) none. */
  tracing: TracingMode;
  routes: ApiRoute[];
}

export type TracingMode = 'Active' | 'PassThrough';

/** `rest`: an API Gateway REST API (v1 proxy events); `http`: an HTTP API (v2, payload format 2.0). */
export type ApiType = 'rest' | 'http';

/**
 * An `AWS::Serverless::Api` (or SAM's implicit one) or `AWS::Serverless::HttpApi` whose condition
 * holds, and the functions it routes to: by its functions' events, or by the Lambda proxy
 * integrations of its inline `DefinitionBody`.
 */
export interface ApiDefinition {
  logicalId: string;
  type: ApiType;
  stageName: string;
  /** A REST API's binary media types, `~1` read as `/`; none for an HTTP API. */
  binaryMediaTypes: string[];
  functions: FunctionDefinition[];
}

/** A function that consumes DynamoDB streams: its `Type: DynamoDB` events, in the template's order. */
export interface StreamConsumerDefinition {
  function: FunctionDefinition;
  mappings: StreamMappingDefinition[];
}

export interface TemplateValues {
  /** Values for the template's parameters; the rest take their `Default`. */
  parameters?: Record<string, string>;
  /** What `!Ref X` / `!GetAtt X.Attr` stand for locally (`{ ItemsTable: 'items' }`), keyed by `X` or `X.Attr`. */
  resources?: Record<string, string>;
  region?: string;
  /** `AWS::StackName`: `local` by default. */
  stackName?: string;
  /** `AWS::AccountId`: `123456789012` by default. */
  accountId?: string;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const IMPLICIT_API = 'ServerlessRestApi';
const API_TYPES: Record<string, ApiType> = { 'AWS::Serverless::Api': 'rest', 'AWS::Serverless::HttpApi': 'http' };
/** The OpenAPI keys of an operation's method, `x-amazon-apigateway-any-method` being API Gateway's ANY. */
const OPENAPI_METHODS: Record<string, string> = {
  'x-amazon-apigateway-any-method': 'ANY',
  ...Object.fromEntries(['get', 'put', 'post', 'delete', 'options', 'head', 'patch'].map((m) => [m, m.toUpperCase()])),
};

/** Reads `template.yaml` and returns the APIs it deploys with the functions behind them (see `apisOf`). */
export async function readSamTemplate(file: string, values: TemplateValues = {}): Promise<ApiDefinition[]> {
  return apisOf(parseCloudFormationYaml(await readFile(file, 'utf8')) as JsonObject, values);
}

/** Reads `template.yaml` and returns its functions with `Type: DynamoDB` events (see `streamConsumersOf`). */
export async function readStreamConsumers(file: string, values: TemplateValues = {}): Promise<StreamConsumerDefinition[]> {
  return streamConsumersOf(parseCloudFormationYaml(await readFile(file, 'utf8')) as JsonObject, values);
}

/** The template's functions that consume DynamoDB streams, each with the mappings its events make. */
export function streamConsumersOf(template: JsonObject, values: TemplateValues = {}): StreamConsumerDefinition[] {
  const { resolve } = evaluator(template, values);
  const globals = objectAt(objectAt(template, 'Globals'), 'Function');
  const consumers: StreamConsumerDefinition[] = [];
  for (const [logicalId, resource] of Object.entries(objectAt(template, 'Resources'))) {
    if (!isObject(resource) || resource.Type !== 'AWS::Serverless::Function') continue;
    const properties = objectAt(resource, 'Properties');
    const mappings = Object.entries(objectAt(properties, 'Events'))
      .filter(([, event]) => isObject(event) && event.Type === 'DynamoDB')
      .map(([eventId, event]) =>
        streamMappingOf(logicalId, eventId, objectAt(event, 'Properties'), (value) => resolve((value ?? null) as Json)),
      );
    if (mappings.length > 0) consumers.push({ function: functionDefinitionOf(logicalId, properties, globals, resolve), mappings });
  }
  return consumers;
}

export function apisOf(template: JsonObject, values: TemplateValues = {}): ApiDefinition[] {
  const { resolve, condition } = evaluator(template, values);
  const resources = objectAt(template, 'Resources');
  const globals = objectAt(objectAt(template, 'Globals'), 'Function');
  const apis = new Map<string, ApiDefinition>();
  // An API whose condition is false is not deployed, nor are the routes to it.
  const deployed = (logicalId: string): boolean => {
    const name = objectAt(resources, logicalId).Condition;
    return typeof name !== 'string' || condition(name);
  };
  const apiFor = (logicalId: string): ApiDefinition => {
    let api = apis.get(logicalId);
    if (!api) {
      const resource = objectAt(resources, logicalId);
      const properties = objectAt(resource, 'Properties');
      const type = logicalId === IMPLICIT_API ? 'rest' : API_TYPES[String(resource.Type)];
      if (!type) throw new Error(`${logicalId} is not an AWS::Serverless::Api nor an AWS::Serverless::HttpApi`);
      api = {
        logicalId,
        type,
        // SAM's implicit API is deployed to a stage named "Prod".
        stageName: logicalId === IMPLICIT_API ? 'Prod' : String(resolve(properties.StageName ?? null)),
        binaryMediaTypes: arrayOf(resolve(properties.BinaryMediaTypes ?? [])).map((type) => String(type).replaceAll('~1', '/')),
        functions: [],
      };
      apis.set(logicalId, api);
    }
    return api;
  };
  const routesByApi = new Map<string, Map<string, ApiRoute[]>>();
  const addRoute = (apiId: string, functionId: string, route: ApiRoute): void => {
    if (!deployed(apiId)) return;
    apiFor(apiId);
    const byFunction = routesByApi.get(apiId) ?? new Map<string, ApiRoute[]>();
    byFunction.set(functionId, [...(byFunction.get(functionId) ?? []), route]);
    routesByApi.set(apiId, byFunction);
  };

  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || !(String(resource.Type) in API_TYPES)) continue;
    const paths = objectAt(objectAt(objectAt(resource, 'Properties'), 'DefinitionBody'), 'paths');
    for (const [path, operations] of Object.entries(paths)) {
      for (const [key, operation] of Object.entries(isObject(operations) ? operations : {})) {
        const method = OPENAPI_METHODS[key];
        const integration = objectAt(operation, 'x-amazon-apigateway-integration');
        if (!method || integration.type !== 'aws_proxy') continue;
        const target = integratedFunction(logicalId, path, integration.uri ?? null);
        // The runner sends an HTTP API's integrations payload format 2.0 events, the only one it emulates;
        // AWS requires the version of a Lambda proxy integration of an HTTP API, so none is refused too.
        const version = resolve(integration.payloadFormatVersion ?? null);
        if (resource.Type === 'AWS::Serverless::HttpApi' && version !== '2.0') {
          throw new Error(`${logicalId} ${path}: the local runner serves HTTP API integrations of payload format 2.0 only, not ${version}`);
        }
        addRoute(logicalId, target, { path, method });
      }
    }
  }
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (!isObject(resource) || resource.Type !== 'AWS::Serverless::Function') continue;
    for (const event of Object.values(objectAt(objectAt(resource, 'Properties'), 'Events'))) {
      if (!isObject(event) || (event.Type !== 'Api' && event.Type !== 'HttpApi')) continue;
      const eventProperties = objectAt(event, 'Properties');
      const apiRef = event.Type === 'Api' ? eventProperties.RestApiId : eventProperties.ApiId;
      const apiId = isObject(apiRef) && typeof apiRef.Ref === 'string' ? apiRef.Ref : undefined;
      // SAM's implicit HTTP API serves on `$default`, with no stage in its URLs: not one the runner serves.
      if (event.Type === 'HttpApi' && apiId === undefined) throw new Error(`${logicalId}: an HttpApi event needs an ApiId locally`);
      addRoute(apiId ?? IMPLICIT_API, logicalId, {
        path: String(resolve(eventProperties.Path ?? '/')),
        method: String(resolve(eventProperties.Method ?? 'ANY')).toUpperCase(),
      });
    }
  }
  for (const [apiId, byFunction] of routesByApi) {
    for (const [functionId, routes] of byFunction) {
      const properties = objectAt(objectAt(resources, functionId), 'Properties');
      apiFor(apiId).functions.push({ ...functionDefinitionOf(functionId, properties, globals, resolve), routes });
    }
  }
  return [...apis.values()];
}

/**
 * The function a Lambda proxy integration's `uri` invokes: `!GetAtt Fn.Arn` (an HTTP API's), or
 * API Gateway's `arn:…:apigateway:…:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations` (a REST API's).
 */
function integratedFunction(apiId: string, path: string, uri: Json): string {
  if (isObject(uri)) {
    const getAtt = uri['Fn::GetAtt'];
    const [target, attribute] = typeof getAtt === 'string' ? getAtt.split('.') : arrayOf(getAtt ?? null);
    if (typeof target === 'string' && attribute === 'Arn') return target;
    const sub = uri['Fn::Sub'];
    const found = typeof sub === 'string' ? /\$\{([A-Za-z0-9]+)\.Arn\}/.exec(sub) : null;
    if (found) return found[1]!;
  }
  throw new Error(
    `${apiId} ${path}: the local runner only serves Lambda proxy integrations of this template's functions, not ${JSON.stringify(uri)}`,
  );
}

/** What the runner needs of a function to run it, Globals applied; its routes are the caller's to add. */
function functionDefinitionOf(
  logicalId: string,
  properties: JsonObject,
  globals: JsonObject,
  resolve: (value: Json) => Json,
): FunctionDefinition {
  return {
    logicalId,
    handler: String(resolve(properties.Handler ?? globals.Handler ?? null)),
    runtime: String(resolve(properties.Runtime ?? globals.Runtime ?? null)),
    timeoutSeconds: Number(resolve(properties.Timeout ?? globals.Timeout ?? 3)),
    memorySizeMb: Number(resolve(properties.MemorySize ?? globals.MemorySize ?? 128)),
    environment: Object.fromEntries(
      Object.entries(
        resolve({
          ...objectAt(objectAt(globals, 'Environment'), 'Variables'),
          ...objectAt(objectAt(properties, 'Environment'), 'Variables'),
        }) as JsonObject,
      ).map(([name, value]) => [name, String(value)]),
    ),
    // SAM puts the Globals' layers before the function's own.
    layers: [...arrayOf(globals.Layers ?? []), ...arrayOf(properties.Layers ?? [])].map((layer) => {
      if (isObject(layer) && typeof layer.Ref === 'string') return layer.Ref;
      throw new Error(`${logicalId}: only layers of this template (!Ref) can be loaded locally, not ${JSON.stringify(layer)}`);
    }),
    tracing: tracingMode(logicalId, resolve(properties.Tracing ?? globals.Tracing ?? null)),
    routes: [],
  };
}

/**
 * The template's intrinsics and conditions evaluated as the runner evaluates them, with `values`:
 * for tests that check what the template means under given parameters.
 */
export function templateEvaluator(
  template: object,
  values: TemplateValues = {},
): { resolve(value: unknown): unknown; condition(name: string): boolean } {
  const { resolve, condition } = evaluator(template as JsonObject, values);
  return { resolve: (value) => resolve(value as Json), condition };
}

/** Marks a value `!Ref AWS::NoValue` removed, as CloudFormation does. */
const NO_VALUE = Symbol('AWS::NoValue');

/** SAM's `Tracing`: `Disabled`, or none, leaves the function in Lambda's default mode, PassThrough. */
function tracingMode(logicalId: string, value: Json): TracingMode {
  if (value === 'Active' || value === 'PassThrough') return value;
  if (value === null || value === 'Disabled' || value === (NO_VALUE as unknown)) return 'PassThrough';
  throw new Error(`${logicalId}: Tracing must be Active, PassThrough or Disabled, not ${JSON.stringify(value)}`);
}

/**
 * Resolves `Ref`, `Fn::Sub`, `Fn::GetAtt`, `Fn::If` (with the template's `Conditions`: `Fn::Equals`,
 * `Fn::Not`, `Fn::And`, `Fn::Or`) from parameters, pseudo parameters and `values.resources`.
 */
function evaluator(template: JsonObject, values: TemplateValues): { resolve(value: Json): Json; condition(name: string): boolean } {
  const parameters = objectAt(template, 'Parameters');
  const conditions = objectAt(template, 'Conditions');
  const region = values.region ?? 'us-east-1';
  const pseudo: Record<string, string> = {
    'AWS::Region': region,
    'AWS::AccountId': values.accountId ?? '123456789012',
    'AWS::Partition': 'aws',
    'AWS::URLSuffix': 'amazonaws.com',
    'AWS::StackName': values.stackName ?? 'local',
  };
  const lookup = (name: string): string => {
    if (name in pseudo) return pseudo[name]!;
    if (values.parameters && name in values.parameters) return values.parameters[name]!;
    if (name in parameters) {
      const fallback = objectAt(parameters, name).Default;
      if (fallback !== undefined && fallback !== null) return String(fallback);
      throw new Error(`Template parameter ${name} has no Default; give it a value`);
    }
    if (values.resources && name in values.resources) return values.resources[name]!;
    throw new Error(`The local runner has no value for ${name} (a resource the template refers to)`);
  };
  const condition = (name: string): boolean => {
    if (!(name in conditions)) throw new Error(`The template has no condition ${name}`);
    return truth(conditions[name]!);
  };
  const truth = (value: Json): boolean => {
    if (typeof value === 'boolean') return value;
    if (!isObject(value)) throw new Error(`Not a condition: ${JSON.stringify(value)}`);
    if (typeof value.Condition === 'string') return condition(value.Condition);
    if ('Fn::Equals' in value) {
      const [a, b] = arrayOf(value['Fn::Equals']).map((operand) => String(resolve(operand)));
      return a === b;
    }
    if ('Fn::Not' in value) return !truth(arrayOf(value['Fn::Not'])[0]!);
    if ('Fn::And' in value) return arrayOf(value['Fn::And']).every(truth);
    if ('Fn::Or' in value) return arrayOf(value['Fn::Or']).some(truth);
    throw new Error(`The local runner does not evaluate the condition ${JSON.stringify(value)}`);
  };
  const resolve = (value: Json): Json => {
    if (Array.isArray(value)) return value.map(resolve).filter((item) => item !== (NO_VALUE as unknown));
    if (!isObject(value)) return value;
    if (value.Ref === 'AWS::NoValue') return NO_VALUE as unknown as Json;
    if (typeof value.Ref === 'string') return lookup(value.Ref);
    if ('Fn::If' in value) {
      const [name, whenTrue, whenFalse] = arrayOf(value['Fn::If']);
      return resolve(condition(String(name)) ? whenTrue! : whenFalse!);
    }
    if ('Fn::GetAtt' in value) return lookup(arrayOf(value['Fn::GetAtt']).join('.'));
    if ('Fn::Sub' in value) {
      // `!Sub text`, or its list form `[text, { Name: value }]`, whose names come before the template's.
      const [text, names = {}] = typeof value['Fn::Sub'] === 'string' ? [value['Fn::Sub']] : arrayOf(value['Fn::Sub']);
      if (typeof text !== 'string' || !isObject(names)) throw new Error(`Not an Fn::Sub: ${JSON.stringify(value['Fn::Sub'])}`);
      return text.replace(/\$\{([^}!]+)\}/g, (_, name: string) => (name in names ? String(resolve(names[name]!)) : lookup(name)));
    }
    const intrinsic = Object.keys(value).find((key) => key.startsWith('Fn::'));
    if (intrinsic) throw new Error(`The local runner does not evaluate ${intrinsic}`);
    return Object.fromEntries(
      Object.entries(value)
        .map(([key, inner]) => [key, resolve(inner)] as const)
        .filter(([, inner]) => inner !== (NO_VALUE as unknown)),
    );
  };
  return { resolve, condition };
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectAt(value: Json | undefined, key: string): JsonObject {
  const inner = isObject(value) ? value[key] : undefined;
  return isObject(inner) ? inner : {};
}

function arrayOf(value: Json): Json[] {
  return Array.isArray(value) ? value : [value];
}
