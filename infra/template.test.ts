import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_ID, HANDLER_FILE, LAYER_ID, PROJECT_ROOT, TEMPLATE_FILE } from '@items-api/build/artifacts';
import { historyTableDefinition } from '@items-api/dynamodb-records';
import { RESOURCE_TABLES } from '@items-api/function/resources';
import { apisOf, parseCloudFormationYaml, type TemplateValues, templateEvaluator } from '@items-api/lambda-runner';
import { templateTables } from '@items-api/local/template-tables';
import { describe, expect, it } from 'vitest';

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation's JSON, of any shape
type Json = Record<string, any>;
const template = parseCloudFormationYaml(readFileSync(TEMPLATE_FILE, 'utf8')) as Json;
const resources = template.Resources as Json;

const hasCommand = (command: string): boolean => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

const translations = new Map<string, Json>();

/** The CloudFormation SAM makes of the template, offline (infra/scripts/sam-translate.py), for these parameters. */
function translated(parameters: Record<string, string> = {}): Json {
  const overrides = Object.entries(parameters).map(([name, value]) => `${name}=${value}`);
  const key = overrides.join('\n');
  if (!translations.has(key)) {
    const output = execFileSync('python3', [join(PROJECT_ROOT, 'infra/scripts/sam-translate.py'), TEMPLATE_FILE, ...overrides], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    translations.set(key, JSON.parse(output) as Json);
  }
  return translations.get(key)!;
}

/** What the stack's own resources stand for when a value is evaluated (the runner's evaluator, stack name `local`). */
const DEPLOYED: Record<string, string> = {
  ItemsFunction: 'local-ItemsFunction-1A2B3C',
  'ItemsFunction.Arn': 'arn:aws:lambda:us-east-1:123456789012:function:local-ItemsFunction-1A2B3C',
  HistoryFunction: 'local-HistoryFunction-4M5N6O',
  ...Object.fromEntries(RESOURCE_TABLES.map(({ tableResource }) => [tableResource, `local-${tableResource}-4D5E6F`])),
  ...Object.fromEntries(
    RESOURCE_TABLES.map(({ tableResource }) => [
      `${tableResource}.StreamArn`,
      `arn:aws:dynamodb:us-east-1:123456789012:table/local-${tableResource}-4D5E6F/stream/2026-01-01T00:00:00.000`,
    ]),
  ),
  IdempotencyTable: 'local-IdempotencyTable-7G8H9I',
  HistoryTable: 'local-HistoryTable-7P8Q9R',
  HistoryFailuresQueue: 'https://sqs.us-east-1.amazonaws.com/123456789012/local-HistoryFailuresQueue-S1T2U3',
  'HistoryFailuresQueue.QueueName': 'local-HistoryFailuresQueue-S1T2U3',
  ItemsApi: 'a1b2c3d4e5',
  ItemsHttpApi: 'f6g7h8i9j0',
  AlarmTopic: 'arn:aws:sns:us-east-1:123456789012:local-AlarmTopic-J1K2L3',
};

/** The resources whose changes are kept: their tables' streams are what HistoryFunction reads. */
const HISTORY_TABLES = RESOURCE_TABLES.filter((table) => table.resource.history === true);
const streamArn = (tableResource: string) => ({ 'Fn::GetAtt': [tableResource, 'StreamArn'] });
/** A table's streams, whatever their label: what the stream reads are granted on. */
const streamsOf = (tableResource: string) => ({ 'Fn::Sub': `\${${tableResource}.Arn}/stream/*` });
/** `ItemsTable` → `ItemsStream`: HistoryFunction's event for that table's stream. */
const streamEvent = (tableResource: string) => `${tableResource.replace(/Table$/, '')}Stream`;

/** Every statement of `policies` (a role's `Policies`, a function's SAM `Policies`), with its actions as a list. */
function statementsOf(policies: Json[]): Json[] {
  return policies
    .flatMap((policy) => (policy.PolicyDocument ?? policy).Statement as Json[])
    .map((statement) => ({ ...statement, Action: [statement.Action].flat() }));
}

/** `value` of `source` (the template, or SAM's translation of it) as CloudFormation would deploy it with `parameters`. */
// biome-ignore lint/suspicious/noExplicitAny: a template value, of any shape
function evaluated(source: Json, value: unknown, parameters: Record<string, string> = {}): any {
  const values: TemplateValues = { parameters, resources: DEPLOYED };
  return templateEvaluator(source, values).resolve(value);
}

function conditionHolds(name: string, parameters: Record<string, string> = {}): boolean {
  return templateEvaluator(template, { parameters }).condition(name);
}

/** The stack's alarms, in the order its `AlarmNames` output lists them: one for each resource's table. */
const ALARM_IDS = [
  'ApiErrorRateAlarm',
  'ApiLatencyAlarm',
  'FunctionErrorsAlarm',
  'FunctionThrottlesAlarm',
  ...RESOURCE_TABLES.map(({ tableResource }) => `${tableResource}ThrottlesAlarm`),
  'IdempotencyTableThrottlesAlarm',
  'HistoryTableThrottlesAlarm',
  'HistoryFunctionErrorsAlarm',
  'HistoryIteratorAgeAlarm',
  'HistoryFailuresAlarm',
];

const hasSamTranslator = spawnSync('python3', ['-c', 'import samtranslator'], { stdio: 'ignore' }).status === 0;

describe('infra/template.yaml', () => {
  // cfn-lint takes some 10 s on this template, more on a busy machine.
  // cfn-lint checks every combination of conditions; each ApiType is also linted as deployed with it.
  for (const apiType of [undefined, 'Rest', 'Http']) {
    it.skipIf(!hasCommand('cfn-lint'))(
      `passes cfn-lint with no error or warning${apiType ? ` with ApiType=${apiType}` : ''}`,
      { timeout: 90_000 },
      () => {
        const lint = spawnSync('cfn-lint', [TEMPLATE_FILE, ...(apiType ? ['--parameters', `ApiType=${apiType}`] : [])], {
          encoding: 'utf8',
        });
        expect(lint.stdout + lint.stderr).toBe('');
        expect(lint.status).toBe(0);
      },
    );
  }

  it('declares the function as the build and the runner expect it', () => {
    const fn = resources[FUNCTION_ID];
    expect(fn.Type).toBe('AWS::Serverless::Function');
    expect(template.Globals.Function).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
    expect(template.Globals.Function.MemorySize).toBeTypeOf('number');
    expect(template.Globals.Function.Timeout).toBeTypeOf('number');
    expect(fn.Properties.Handler).toBe(`${HANDLER_FILE.replace(/\.mjs$/, '')}.handler`);
    expect(fn.Properties.Layers).toEqual([{ Ref: LAYER_ID }]);
    expect(fn.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: 'ItemsTable' });
    expect(fn.Metadata).toMatchObject({ BuildMethod: 'makefile', ProjectRootDirectory: '..', ContextPath: '..' });
  });

  it('routes the root and every path below it to the function, on a stage that is a parameter defaulting to prod, for each ApiType', () => {
    expect(template.Parameters.ApiType).toMatchObject({ Default: 'Rest', AllowedValues: ['Rest', 'Http'] });
    expect(template.Parameters.StageName.Default).toBe('prod');
    const every = [
      { path: '/', method: 'ANY' },
      { path: '/{proxy+}', method: 'ANY' },
    ];
    for (const [parameters, logicalId, type] of [
      [{}, 'ItemsApi', 'rest'],
      [{ ApiType: 'Rest' }, 'ItemsApi', 'rest'],
      [{ ApiType: 'Http' }, 'ItemsHttpApi', 'http'],
    ] as const) {
      const apis = apisOf(template, { parameters, resources: templateTables('t') });
      expect(apis.map((api) => [api.logicalId, api.type, api.stageName])).toEqual([[logicalId, type, 'prod']]);
      expect(apis[0]!.functions.map((fn) => [fn.logicalId, fn.routes])).toEqual([[FUNCTION_ID, every]]);
      expect(resources[logicalId].Properties.StageName).toEqual({ Ref: 'StageName' });
      // Auth is the app's on both (AUTH_MODE): API Gateway lets every request through to it.
      expect(resources[logicalId].Properties.Auth).toBeUndefined();
    }
    // The HTTP API sends payload format 2.0 events, which Hono's adapter reads natively.
    const httpPaths = resources.ItemsHttpApi.Properties.DefinitionBody.paths;
    for (const path of Object.values(httpPaths) as Json[]) {
      expect(path['x-amazon-apigateway-any-method']['x-amazon-apigateway-integration']).toMatchObject({
        type: 'aws_proxy',
        payloadFormatVersion: '2.0',
      });
    }
    expect(resources[FUNCTION_ID].Properties.Events).toBeUndefined();
  });

  it('deploys exactly one of the two APIs and its permission to invoke the function, by ApiType', () => {
    const byCondition = (condition: string) =>
      Object.keys(resources)
        .filter((id) => resources[id].Condition === condition)
        .sort();
    expect(byCondition('IsRestApi')).toEqual(['ItemsApi', 'ItemsApiPermission']);
    expect(byCondition('IsHttpApi')).toEqual(['ItemsHttpApi', 'ItemsHttpApiPermission']);
    for (const [apiType, rest] of [
      ['Rest', true],
      ['Http', false],
    ] as const) {
      expect(conditionHolds('IsRestApi', { ApiType: apiType })).toBe(rest);
      expect(conditionHolds('IsHttpApi', { ApiType: apiType })).toBe(!rest);
    }
    for (const [permission, api] of [
      ['ItemsApiPermission', 'ItemsApi'],
      ['ItemsHttpApiPermission', 'ItemsHttpApi'],
    ] as const) {
      expect(resources[permission].Properties).toEqual({
        Action: 'lambda:InvokeFunction',
        FunctionName: { Ref: FUNCTION_ID },
        Principal: 'apigateway.amazonaws.com',
        // Only this API may invoke it: `<api id>/<stage>/<method>/<path>`.
        SourceArn: { 'Fn::Sub': `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${${api}}/*` },
      });
    }
  });

  it('builds the layer with the Makefile for the function runtime and architecture', () => {
    const layer = resources[LAYER_ID];
    expect(layer.Type).toBe('AWS::Serverless::LayerVersion');
    expect(layer.Properties).toMatchObject({ CompatibleRuntimes: ['nodejs24.x'], CompatibleArchitectures: ['arm64'] });
    expect(layer.Metadata).toMatchObject({ BuildMethod: 'makefile', BuildArchitecture: 'arm64' });
    // `sam build` runs `make build-<LogicalId>` for each resource the Makefile builds.
    const makefile = readFileSync(join(PROJECT_ROOT, 'Makefile'), 'utf8');
    const built = Object.keys(resources).filter((id) => resources[id].Metadata?.BuildMethod === 'makefile');
    expect(built.sort()).toEqual([FUNCTION_ID, LAYER_ID, 'HistoryFunction'].sort());
    for (const id of built) expect(makefile, id).toMatch(new RegExp(`^build-${id}:`, 'm'));
  });

  it.skipIf(!hasSamTranslator)('names the layer after the stack, so that no two stacks publish versions of one layer', () => {
    // The pipeline's execution role may publish only layers named `<stack>-*` (infra/pipeline.yaml);
    // SAM would otherwise name it after its logical id in every stack. The build and the local runner
    // know the layer by its logical id, not this name.
    expect(evaluated(template, resources[LAYER_ID].Properties.LayerName)).toBe('local-dependencies');
    for (const apiType of ['Rest', 'Http']) {
      const cfn = translated({ ApiType: apiType });
      const versions = Object.values(cfn.Resources as Json).filter((resource: Json) => resource.Type === 'AWS::Lambda::LayerVersion');
      expect(versions).toHaveLength(1);
      expect(evaluated(cfn, versions[0].Properties.LayerName, { ApiType: apiType })).toBe('local-dependencies');
    }
  });

  it('runs the history writer as a second function on the same code, handler and layer, with a log group of its own', () => {
    const history = resources.HistoryFunction;
    expect(history.Type).toBe('AWS::Serverless::Function');
    const functions = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::Serverless::Function');
    expect(functions.sort()).toEqual([FUNCTION_ID, 'HistoryFunction'].sort());
    for (const id of functions) expect(resources[id].Properties.Layers, id).toEqual([{ Ref: LAYER_ID }]);
    expect(history.Properties).toMatchObject({
      CodeUri: resources[FUNCTION_ID].Properties.CodeUri,
      Handler: resources[FUNCTION_ID].Properties.Handler,
      LoggingConfig: { LogGroup: { Ref: 'HistoryFunctionLogGroup' } },
    });
    expect(history.Metadata).toEqual(resources[FUNCTION_ID].Metadata);
    expect(resources.HistoryFunctionLogGroup).toMatchObject({
      Type: 'AWS::Logs::LogGroup',
      Properties: { RetentionInDays: { Ref: 'LogRetentionInDays' } },
    });
    expect(evaluated(template, history.Properties.Environment.Variables)).toMatchObject({
      HISTORY_TABLE_NAME: DEPLOYED.HistoryTable,
      LOG_LEVEL: 'INFO',
      POWERTOOLS_SERVICE_NAME: 'items-history',
      POWERTOOLS_METRICS_NAMESPACE: 'ItemsApi',
      POWERTOOLS_TRACE_ENABLED: 'true',
    });
    expect(evaluated(template, history.Properties.Environment.Variables, { LogLevel: 'DEBUG', Tracing: 'PassThrough' })).toMatchObject({
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
    // The layer says what it is for: both.
    expect(resources[LAYER_ID].Properties.Description).toMatch(/both functions/);
  });

  it('streams every change, old and new images, of each table whose resource keeps history, and HistoryFunction reads exactly those streams', () => {
    expect(HISTORY_TABLES.map(({ tableResource }) => tableResource)).toContain('ItemsTable');
    for (const { tableResource } of HISTORY_TABLES) {
      expect(resources[tableResource].Properties.StreamSpecification, tableResource).toEqual({ StreamViewType: 'NEW_AND_OLD_IMAGES' });
    }
    const events = resources.HistoryFunction.Properties.Events as Json;
    expect(Object.values(events).every((event: Json) => event.Type === 'DynamoDB')).toBe(true);
    expect(Object.fromEntries(Object.entries(events).map(([name, event]: [string, Json]) => [name, event.Properties.Stream]))).toEqual(
      Object.fromEntries(HISTORY_TABLES.map(({ tableResource }) => [streamEvent(tableResource), streamArn(tableResource)])),
    );
    // Each stream's records name its table: the consumer knows the resource by the variable that resource declares.
    const variables = resources.HistoryFunction.Properties.Environment.Variables as Json;
    for (const { tableVariable, tableResource } of RESOURCE_TABLES) {
      const expected = HISTORY_TABLES.some((table) => table.tableResource === tableResource) ? { Ref: tableResource } : undefined;
      expect(variables[tableVariable], tableVariable).toEqual(expected);
    }
  });

  it('keeps the history on demand, keyed by record and change, with point-in-time recovery, retained like the items', () => {
    expect(resources.HistoryTable).toMatchObject({ Type: 'AWS::DynamoDB::Table', DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(resources.ItemsTable).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    // The table the history store is written for (and DynamoDB Local is given), keyed as it keys it.
    const { AttributeDefinitions, KeySchema } = historyTableDefinition('history');
    expect(KeySchema).toEqual([
      { AttributeName: 'recordKey', KeyType: 'HASH' },
      { AttributeName: 'change', KeyType: 'RANGE' },
    ]);
    expect(resources.HistoryTable.Properties).toEqual({
      AttributeDefinitions,
      KeySchema,
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(resources[FUNCTION_ID].Properties.Environment.Variables.HISTORY_TABLE_NAME).toEqual({ Ref: 'HistoryTable' });
  });

  it('retries a failing batch a bounded number of times, halved, only its failed records, and queues what still fails', () => {
    const events = Object.entries(resources.HistoryFunction.Properties.Events as Json);
    expect(events.length).toBe(HISTORY_TABLES.length);
    for (const [name, { Properties: mapping }] of events as [string, Json][]) {
      expect(mapping, name).toMatchObject({
        StartingPosition: 'TRIM_HORIZON',
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Type: 'SQS', Destination: { 'Fn::GetAtt': ['HistoryFailuresQueue', 'Arn'] } } },
      });
      // -1, Lambda's default, retries until the record leaves the stream: one bad record would hold its shard for 24 hours.
      expect(mapping.MaximumRetryAttempts, name).toBeGreaterThanOrEqual(1);
      expect(mapping.MaximumRetryAttempts, name).toBeLessThanOrEqual(10);
      // Given up on well before the stream drops it, so that it can still be re-read from the stream.
      expect(mapping.MaximumRecordAgeInSeconds, name).toBeGreaterThanOrEqual(60);
      expect(mapping.MaximumRecordAgeInSeconds, name).toBeLessThanOrEqual(6 * 3600);
      expect(mapping.BatchSize, name).toBeLessThanOrEqual(1000);
    }
    // Lambda keeps the failure queue's messages 14 days, SQS's most, encrypted at rest.
    expect(resources.HistoryFailuresQueue).toMatchObject({
      Type: 'AWS::SQS::Queue',
      Properties: { MessageRetentionPeriod: 14 * 24 * 3600, SqsManagedSseEnabled: true },
    });
  });

  it.skipIf(!hasSamTranslator)('becomes, through SAM, one event source mapping per stream with those settings', () => {
    const cfn = translated().Resources as Json;
    const mappings = Object.values(cfn).filter((resource: Json) => resource.Type === 'AWS::Lambda::EventSourceMapping') as Json[];
    // In no particular order: SAM writes them as it likes.
    const byJson = (values: unknown[]) => values.map((value) => JSON.stringify(value)).sort();
    expect(byJson(mappings.map(({ Properties }) => Properties.EventSourceArn))).toEqual(
      byJson(HISTORY_TABLES.map(({ tableResource }) => streamArn(tableResource))),
    );
    for (const { Properties } of mappings) {
      expect(Properties).toMatchObject({
        FunctionName: { Ref: 'HistoryFunction' },
        BisectBatchOnFunctionError: true,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        DestinationConfig: { OnFailure: { Destination: { 'Fn::GetAtt': ['HistoryFailuresQueue', 'Arn'] } } },
      });
      expect(Properties.MaximumRetryAttempts).toBeGreaterThanOrEqual(1);
      expect(Properties.MaximumRecordAgeInSeconds).toBeGreaterThanOrEqual(60);
    }
  });

  it('keeps the table on demand, with point-in-time recovery and a name CloudFormation chooses', () => {
    const table = resources.ItemsTable.Properties;
    expect(table).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(table.AttributeDefinitions).toContainEqual({ AttributeName: 'id', AttributeType: 'S' });
    expect(table.TableName).toBeUndefined();
  });

  it("gives each resource's table a global secondary index per index its declaration has, whole records in each", () => {
    for (const { tableResource, declaration } of RESOURCE_TABLES) {
      const table = resources[tableResource].Properties;
      const indexes = Object.entries(declaration.indexes ?? {});
      const expected = indexes.map(([name, { partition, sort }]) => ({
        IndexName: name,
        KeySchema: [
          { AttributeName: partition.field, KeyType: 'HASH' },
          ...(sort ? [{ AttributeName: sort.field, KeyType: 'RANGE' }] : []),
        ],
        Projection: { ProjectionType: 'ALL' },
      }));
      expect(table.GlobalSecondaryIndexes ?? [], tableResource).toEqual(expected);
      // Exactly the key attributes, each typed as its field's schema types it (CloudFormation refuses one that keys nothing).
      const keys = indexes.flatMap(([, { partition, sort }]) => (sort ? [partition, sort] : [partition]));
      const attributes = new Map([['id', 'S'], ...keys.map(({ field, type }) => [field, type] as const)]);
      expect(
        [...table.AttributeDefinitions].sort((a: Json, b: Json) => a.AttributeName.localeCompare(b.AttributeName)),
        tableResource,
      ).toEqual(
        [...attributes].sort(([a], [b]) => a.localeCompare(b)).map(([AttributeName, AttributeType]) => ({ AttributeName, AttributeType })),
      );
    }
    expect(RESOURCE_TABLES.some(({ declaration }) => Object.keys(declaration.indexes ?? {}).length > 0)).toBe(true);
  });

  it('lets the function make exactly the DynamoDB calls the record stores make, on its tables and their declared indexes only', () => {
    // Every call in the records library, but the bulk loader's (`npm run seed` only).
    const records = join(PROJECT_ROOT, 'layers/dynamodb-records/src/records');
    const store = readdirSync(records)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && file !== 'record-loader.ts')
      .map((file) => readFileSync(join(records, file), 'utf8'))
      .join('\n');
    const toAction: Record<string, string> = {
      Get: 'GetItem',
      Put: 'PutItem',
      Update: 'UpdateItem',
      Delete: 'DeleteItem',
      ConditionCheck: 'ConditionCheckItem',
    };
    const operations = [...store.matchAll(/\.call(?:<.*?>)?\('(\w+)'/g)].map(([, name]) => name!);
    // A transaction is authorised as the operations inside it (`{ Put: … }`, `{ Update: … }`, …), wherever they are made.
    const transactions = [...store.matchAll(/\{\s*(Put|Update|Delete|ConditionCheck):\s*\{/g)].map(([, operation]) => operation!);
    expect(operations.includes('TransactWriteItems')).toBe(transactions.length > 0);
    expect(operations.length).toBeGreaterThan(0);
    const used = [...operations.filter((name) => name !== 'TransactWriteItems'), ...transactions].map(
      (name) => `dynamodb:${toAction[name] ?? name}`,
    );
    // The history table's statement is the history route's, apart (below).
    const onHistory = (statement: Json) => JSON.stringify(statement.Resource).includes('"HistoryTable"');
    const all = (resources[FUNCTION_ID].Properties.Policies.flatMap((policy: Json) => policy.Statement) as Json[]).filter(
      (statement) => !onHistory(statement),
    );
    // Queries read declared indexes only: their statements name index ARNs and grant nothing else.
    const isQuery = (statement: Json) => (statement.Action as string[]).includes('dynamodb:Query');
    const statements = all.filter((statement) => !isQuery(statement));
    const tables = [...RESOURCE_TABLES.map((resource) => resource.tableResource), 'IdempotencyTable'];
    expect(statements.map((statement) => statement.Resource)).toEqual(tables.map((table) => ({ 'Fn::GetAtt': [table, 'Arn'] })));
    const granted = new Set(all.flatMap((statement) => statement.Action as string[]));
    expect([...granted].sort()).toEqual([...new Set(used)].sort());
    const queried = all.filter(isQuery);
    for (const statement of queried) expect(statement.Action).toEqual(['dynamodb:Query']);
    // Each by name, as `!Sub "${Table.Arn}/index/<name>"`: no wildcard, no index not declared.
    const indexArn = (table: string, index: string) => ({ 'Fn::Sub': `\${${table}.Arn}/index/${index}` });
    expect(queried.flatMap((statement) => statement.Resource)).toEqual(
      RESOURCE_TABLES.flatMap(({ tableResource, declaration }) =>
        Object.keys(declaration.indexes ?? {}).map((index) => indexArn(tableResource, index)),
      ),
    );
    // Each resource's table gets the same calls; the idempotency table is read and written whole, and its
    // claims of unique values deleted only where some resource declares a unique field.
    for (const statement of statements.slice(0, -1)) expect([...statement.Action].sort()).toEqual([...statements[0]!.Action].sort());
    const claimsReleased = RESOURCE_TABLES.some(({ declaration }) => (declaration.unique?.length ?? 0) > 0);
    expect([...statements.at(-1)!.Action].sort()).toEqual(
      ['dynamodb:GetItem', 'dynamodb:PutItem', ...(claimsReleased ? ['dynamodb:DeleteItem'] : [])].sort(),
    );
    // And each resource's function variable names its table.
    for (const { tableVariable, tableResource } of RESOURCE_TABLES) {
      expect(resources[FUNCTION_ID].Properties.Environment.Variables[tableVariable]).toEqual({ Ref: tableResource });
    }
  });

  it("lets the API only query the history, and gives it nothing of the tables' streams", () => {
    const statements = statementsOf(resources[FUNCTION_ID].Properties.Policies);
    const onHistory = statements.filter((statement) => JSON.stringify(statement.Resource).includes('"HistoryTable"'));
    expect(onHistory).toEqual([{ Effect: 'Allow', Action: ['dynamodb:Query'], Resource: { 'Fn::GetAtt': ['HistoryTable', 'Arn'] } }]);
    for (const statement of statements) {
      expect(JSON.stringify(statement.Resource), JSON.stringify(statement)).not.toMatch(/StreamArn|\/stream|\*/);
      for (const action of statement.Action) expect(action).not.toMatch(/Stream|GetRecords|GetShardIterator|^sqs:/);
    }
  });

  it.skipIf(!hasSamTranslator)(
    'gives HistoryFunction, through SAM, a role of its own: its log group, reading its streams, putting history entries, queuing failures; X-Ray',
    () => {
      const cfn = translated().Resources as Json;
      expect(cfn.HistoryFunction.Properties.Role).toEqual({ 'Fn::GetAtt': ['HistoryFunctionRole', 'Arn'] });
      // SAM made no role of its own for it, nor attached a policy to the role elsewhere.
      const roles = Object.keys(cfn).filter((id) => cfn[id].Type === 'AWS::IAM::Role');
      expect(roles.sort()).toEqual(['HistoryFunctionRole', 'ItemsFunctionRole']);
      const attached = Object.values(cfn).filter((resource: Json) => /^AWS::IAM::(Policy|ManagedPolicy)$/.test(resource.Type));
      expect(attached).toEqual([]);
      const role = cfn.HistoryFunctionRole.Properties;
      expect(role.AssumeRolePolicyDocument.Statement).toEqual([
        { Effect: 'Allow', Principal: { Service: 'lambda.amazonaws.com' }, Action: 'sts:AssumeRole' },
      ]);
      // Not AWSLambdaDynamoDBExecutionRole nor AWSLambdaBasicExecutionRole: those grant on every stream and log group.
      expect(evaluated(cfn, role.ManagedPolicyArns)).toEqual(['arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess']);
      const statements = statementsOf(role.Policies);
      expect(statements.every((statement) => statement.Effect === 'Allow')).toBe(true);
      const grants = statements.map(({ Action, Resource }) => [[...Action].sort(), [Resource].flat()]);
      expect(grants).toEqual([
        [['logs:CreateLogStream', 'logs:PutLogEvents'], [{ 'Fn::GetAtt': ['HistoryFunctionLogGroup', 'Arn'] }]],
        [
          ['dynamodb:DescribeStream', 'dynamodb:GetRecords', 'dynamodb:GetShardIterator', 'dynamodb:ListStreams'],
          HISTORY_TABLES.map(({ tableResource }) => streamsOf(tableResource)),
        ],
        [['dynamodb:PutItem'], [{ 'Fn::GetAtt': ['HistoryTable', 'Arn'] }]],
        [['sqs:SendMessage'], [{ 'Fn::GetAtt': ['HistoryFailuresQueue', 'Arn'] }]],
      ]);
      // Nothing on a records table itself: it reads only what the stream hands it.
      const tables = RESOURCE_TABLES.map(({ tableResource }) => ({ 'Fn::GetAtt': [tableResource, 'Arn'] }));
      for (const [, on] of grants) for (const table of tables) expect(on).not.toContainEqual(table);
    },
  );

  it('keeps Idempotency-Key records in a table of their own that expires them', () => {
    expect(resources.IdempotencyTable.Properties).toMatchObject({
      KeySchema: [{ AttributeName: 'key', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      TimeToLiveSpecification: { AttributeName: 'expiresAt', Enabled: true },
    });
    expect(resources[FUNCTION_ID].Properties.Environment.Variables.IDEMPOTENCY_TABLE_NAME).toEqual({ Ref: 'IdempotencyTable' });
  });

  it('passes the auth settings to the function, with the issuer of a user pool made only for jwt mode', () => {
    const variables = resources[FUNCTION_ID].Properties.Environment.Variables;
    expect(template.Parameters.AuthMode).toMatchObject({ Default: 'none', AllowedValues: ['none', 'api-key', 'jwt'] });
    expect(template.Parameters.ApiKeys).toMatchObject({ NoEcho: true, Default: '' });
    expect(variables).toMatchObject({
      AUTH_MODE: { Ref: 'AuthMode' },
      AUTH_PUBLIC_READS: { Ref: 'AuthPublicReads' },
      API_KEYS: { Ref: 'ApiKeys' },
    });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    expect(variables.JWT_ISSUER).toEqual({ 'Fn::If': ['UseJwt', { 'Fn::Sub': 'https://${ItemsUserPool.ProviderURL}' }, ''] });
    expect(resources.ItemsUserPool.Condition).toBe('UseJwt');
    expect(resources.ItemsUserPool.Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(variables.JWT_CLIENT_IDS).toEqual({ 'Fn::If': ['UseJwt', { Ref: 'ItemsUserPoolClient' }, ''] });
    expect(template.Rules.ApiKeysForApiKeyMode.RuleCondition).toEqual({ 'Fn::Equals': [{ Ref: 'AuthMode' }, 'api-key'] });
    const [api] = apisOf(template, { resources: templateTables('t') });
    expect(api!.functions[0]!.environment).toMatchObject({ AUTH_MODE: 'none', JWT_ISSUER: '' });
  });

  it('outputs the API URL with the stage and a trailing slash, the table names, the function names and the failure queue', () => {
    // The same shape for both API types: clients need no change.
    expect(evaluated(template, template.Outputs.ApiUrl.Value)).toBe('https://a1b2c3d4e5.execute-api.us-east-1.amazonaws.com/prod/');
    expect(evaluated(template, template.Outputs.ApiUrl.Value, { ApiType: 'Http', StageName: 'v1' })).toBe(
      'https://f6g7h8i9j0.execute-api.us-east-1.amazonaws.com/v1/',
    );
    expect(evaluated(template, template.Outputs.ApiType.Value, { ApiType: 'Http' })).toBe('Http');
    expect(template.Outputs.TableName.Value).toEqual({ Ref: 'ItemsTable' });
    expect(template.Outputs.FunctionName.Value).toEqual({ Ref: FUNCTION_ID });
    expect(template.Outputs.HistoryTableName.Value).toEqual({ Ref: 'HistoryTable' });
    expect(template.Outputs.HistoryFunctionName.Value).toEqual({ Ref: 'HistoryFunction' });
    // `!Ref` of a queue is its URL, what `aws sqs receive-message --queue-url` takes.
    expect(evaluated(template, template.Outputs.HistoryFailuresQueueUrl.Value)).toBe(DEPLOYED.HistoryFailuresQueue);
  });

  it.skipIf(!hasSamTranslator)('becomes, through SAM, one API of the type asked with one stage named StageName', () => {
    for (const [parameters, stage, kinds] of [
      [{}, 'ItemsApiStage', ['AWS::ApiGateway::RestApi', 'AWS::ApiGateway::Deployment', 'AWS::ApiGateway::Stage']],
      [{ ApiType: 'Http' }, 'ItemsHttpApiStage', ['AWS::ApiGatewayV2::Api', 'AWS::ApiGatewayV2::Stage']],
    ] as const) {
      const cfn = translated(parameters);
      // SAM keeps every resource, each with its API's condition; CloudFormation deploys those that hold.
      const deployed = Object.values(cfn.Resources as Json).filter(
        (resource: Json) => resource.Condition === undefined || templateEvaluator(cfn, { parameters }).condition(resource.Condition),
      );
      const apiTypes = deployed.map((resource: Json) => resource.Type as string).filter((type) => type.startsWith('AWS::ApiGateway'));
      expect(apiTypes.sort()).toEqual([...kinds].sort());
      expect(cfn.Resources[stage].Properties.StageName).toEqual({ Ref: 'StageName' });
      expect(deployed.filter((resource: Json) => resource.Type === 'AWS::Lambda::Permission')).toHaveLength(1);
    }
  });

  it.skipIf(!hasSamTranslator)('becomes a function whose role is limited to that policy', () => {
    const cfn = translated().Resources as Json;
    // X-Ray's write permissions, which SAM adds for any Tracing but Disabled.
    expect(cfn.ItemsFunctionRole.Properties.ManagedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess',
    ]);
    expect(cfn.ItemsFunctionRole.Properties.Policies).toHaveLength(1);
  });

  it.skipIf(!hasSamTranslator)(
    "bounds every role, SAM's and the template's own, by PermissionsBoundary when given, and none when it is empty",
    { timeout: 30_000 },
    () => {
      // The pipeline's execution role may create and change the stack's roles only with its boundary on
      // them (infra/pipeline.yaml): a role made without it would fail to deploy through the pipeline.
      const boundary = 'arn:aws:iam::123456789012:policy/function-boundary-items-api-staging';
      expect(template.Parameters.PermissionsBoundary).toMatchObject({ Type: 'String', Default: '' });
      for (const apiType of ['Rest', 'Http']) {
        for (const [given, expected] of [
          [boundary, boundary],
          ['', undefined],
        ] as const) {
          const parameters = { ApiType: apiType, PermissionsBoundary: given };
          const cfn = translated(parameters);
          const roles = Object.entries(cfn.Resources as Json).filter(([, resource]) => resource.Type === 'AWS::IAM::Role');
          expect(roles.map(([id]) => id).sort()).toEqual(['HistoryFunctionRole', 'ItemsFunctionRole']);
          for (const [id, role] of roles) {
            const { PermissionsBoundary } = evaluated(cfn, { PermissionsBoundary: role.Properties.PermissionsBoundary }, parameters);
            expect(PermissionsBoundary, `${id}, ${apiType}, '${given}'`).toBe(expected);
          }
        }
      }
    },
  );

  it('is what the local runner serves: stage prod, the function, its layer, the tables named after the prefix given', () => {
    const [http, ...none] = apisOf(template, { parameters: { ApiType: 'Http' }, resources: templateTables('local') });
    expect(none).toEqual([]);
    expect(http).toMatchObject({ type: 'http', stageName: 'prod', binaryMediaTypes: [] });
    const [api, ...others] = apisOf(template, { resources: templateTables('local') });
    expect(others).toEqual([]);
    expect(http!.functions).toEqual(api!.functions);
    expect(api).toMatchObject({ type: 'rest', stageName: 'prod', binaryMediaTypes: ['*/*'] });
    expect(api!.functions).toHaveLength(1);
    expect(api!.functions[0]).toMatchObject({
      logicalId: FUNCTION_ID,
      handler: 'index.handler',
      runtime: 'nodejs24.x',
      layers: [LAYER_ID],
      environment: { TABLE_NAME: 'local-items', IDEMPOTENCY_TABLE_NAME: 'local-idempotency', NODE_OPTIONS: '--enable-source-maps' },
    });
  });

  it('passes the log level and the Powertools settings to the function', () => {
    expect(template.Parameters.LogLevel).toMatchObject({ Default: 'INFO', AllowedValues: ['DEBUG', 'INFO', 'WARN', 'ERROR'] });
    const variables = resources[FUNCTION_ID].Properties.Environment.Variables;
    expect(variables).toMatchObject({
      LOG_LEVEL: { Ref: 'LogLevel' },
      POWERTOOLS_SERVICE_NAME: 'items-api',
      POWERTOOLS_METRICS_NAMESPACE: 'ItemsApi',
    });
    const environment = (parameters: Record<string, string>) =>
      apisOf(template, { parameters, resources: DEPLOYED })[0]!.functions[0]!.environment;
    expect(environment({})).toMatchObject({ LOG_LEVEL: 'INFO', POWERTOOLS_TRACE_ENABLED: 'true' });
    expect(environment({ LogLevel: 'DEBUG', Tracing: 'PassThrough' })).toMatchObject({
      LOG_LEVEL: 'DEBUG',
      POWERTOOLS_TRACE_ENABLED: 'false',
    });
  });

  it('traces with X-Ray by default, on the function, the API stage and in the app, and the Tracing parameter turns it off', () => {
    expect(template.Parameters.Tracing).toMatchObject({ Default: 'Active', AllowedValues: ['Active', 'PassThrough'] });
    expect(template.Globals.Function.Tracing).toEqual({ Ref: 'Tracing' });
    expect(apisOf(template, { resources: DEPLOYED })[0]!.functions[0]!.tracing).toBe('Active');
    expect(apisOf(template, { parameters: { Tracing: 'PassThrough' }, resources: DEPLOYED })[0]!.functions[0]!.tracing).toBe('PassThrough');
  });

  it.skipIf(!hasSamTranslator)(
    'becomes, through SAM, a traced function and stage for Tracing Active and untraced ones for PassThrough',
    () => {
      for (const [mode, traced] of [
        ['Active', true],
        ['PassThrough', false],
      ] as const) {
        const parameters = { Tracing: mode };
        const cfn = translated(parameters);
        const fn = cfn.Resources[FUNCTION_ID].Properties;
        expect(evaluated(cfn, fn.TracingConfig, parameters)).toEqual({ Mode: mode });
        expect(evaluated(cfn, cfn.Resources.ItemsApiStage.Properties.TracingEnabled, parameters)).toBe(traced);
        expect(evaluated(cfn, fn.Environment.Variables.POWERTOOLS_TRACE_ENABLED, parameters)).toBe(String(traced));
        // Kept in PassThrough: the function still records the requests a caller sampled.
        expect(cfn.Resources.ItemsFunctionRole.Properties.ManagedPolicyArns).toContain('arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess');
      }
      // Without parameters, the defaults: traced.
      const cfn = translated();
      expect(evaluated(cfn, cfn.Resources[FUNCTION_ID].Properties.TracingConfig)).toEqual({ Mode: 'Active' });
      expect(evaluated(cfn, cfn.Resources.ItemsApiStage.Properties.TracingEnabled)).toBe(true);
    },
  );

  it('declares exactly its alarms, each described, deliberate about missing data, named after the stack', () => {
    const alarmIds = Object.keys(resources).filter((id) => resources[id].Type === 'AWS::CloudWatch::Alarm');
    expect(alarmIds.sort()).toEqual([...ALARM_IDS].sort());
    for (const id of ALARM_IDS) {
      const alarm = evaluated(template, resources[id].Properties);
      expect(alarm.AlarmDescription.length, id).toBeGreaterThan(100);
      // Quiet periods publish no API or Lambda data points, and DynamoDB only publishes throttles that happen.
      expect(alarm.TreatMissingData, id).toBe('notBreaching');
      expect(alarm.AlarmName, id).toMatch(/^local-[a-z0-9-]+$/);
    }
    const names = ALARM_IDS.map((id) => evaluated(template, resources[id].Properties.AlarmName));
    expect(new Set(names).size).toBe(ALARM_IDS.length);
  });

  it("alarms on an HTTP API's 5xx rate and p99 latency by its id and stage, with its own metric names", () => {
    const http = { ApiType: 'Http' };
    const dimensions = [
      { Name: 'ApiId', Value: DEPLOYED.ItemsHttpApi },
      { Name: 'Stage', Value: 'prod' },
    ];
    const metric = (name: string) => ({
      MetricStat: { Metric: { Namespace: 'AWS/ApiGateway', MetricName: name, Dimensions: dimensions } },
    });
    expect(evaluated(template, resources.ApiErrorRateAlarm.Properties, http)).toMatchObject({
      Metrics: [metric('5xx'), metric('Count'), { Expression: 'IF(requests >= 20, errors / requests, 0)' }],
    });
    expect(evaluated(template, resources.ApiLatencyAlarm.Properties, http)).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      Dimensions: dimensions,
      ExtendedStatistic: 'p99',
    });
  });

  it("alarms on the API's 5xx rate and p99 latency, for the API's own name and stage, at the thresholds given", () => {
    const api = evaluated(template, resources.ItemsApi.Properties);
    expect(api.Name).toBe('local-items');
    const apiDimensions = (parameters: Record<string, string> = {}) => [
      { Name: 'ApiName', Value: evaluated(template, resources.ItemsApi.Properties.Name, parameters) },
      { Name: 'Stage', Value: evaluated(template, resources.ItemsApi.Properties.StageName, parameters) },
    ];
    // 5XXError is 1 for each 5xx answer and 0 otherwise: its Sum over the request count is the rate,
    // taken only once enough requests came in.
    const apiMetric = (name: string, parameters: Record<string, string> = {}) => ({
      MetricStat: {
        Metric: { Namespace: 'AWS/ApiGateway', MetricName: name, Dimensions: apiDimensions(parameters) },
        Period: 300,
        Stat: 'Sum',
      },
      ReturnData: false,
    });
    expect(evaluated(template, resources.ApiErrorRateAlarm.Properties)).toMatchObject({
      Metrics: [
        { Id: 'errors', ...apiMetric('5XXError') },
        { Id: 'requests', ...apiMetric('Count') },
        { Id: 'rate', Expression: 'IF(requests >= 20, errors / requests, 0)', ReturnData: true },
      ],
      EvaluationPeriods: 1,
      Threshold: '0.01',
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(resources.ApiErrorRateAlarm.Properties.MetricName).toBeUndefined();
    expect(evaluated(template, resources.ApiLatencyAlarm.Properties)).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: 'Latency',
      Dimensions: apiDimensions(),
      ExtendedStatistic: 'p99',
      Period: 300,
      Threshold: '1000',
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(resources.ApiLatencyAlarm.Properties.Statistic).toBeUndefined();
    const overridden = { StageName: 'dev', Api5xxRateThreshold: '0.05', Api5xxMinRequests: '100', ApiP99LatencyThresholdMs: '2500' };
    expect(evaluated(template, resources.ApiErrorRateAlarm.Properties, overridden)).toMatchObject({
      Metrics: [
        apiMetric('5XXError', overridden),
        apiMetric('Count', overridden),
        { Expression: 'IF(requests >= 100, errors / requests, 0)' },
      ],
      Threshold: '0.05',
    });
    expect(evaluated(template, resources.ApiLatencyAlarm.Properties, overridden)).toMatchObject({
      Dimensions: apiDimensions(overridden),
      Threshold: '2500',
    });
    expect(apiDimensions(overridden)[1]!.Value).toBe('dev');
  });

  it.skipIf(!hasSamTranslator)('gives the REST API, once SAM has made it, the name the alarms watch', () => {
    const cfn = translated();
    const restApi = cfn.Resources.ItemsApi;
    expect(restApi.Type).toBe('AWS::ApiGateway::RestApi');
    const [apiName] = evaluated(cfn, resources.ApiLatencyAlarm.Properties.Dimensions);
    expect(apiName).toEqual({ Name: 'ApiName', Value: evaluated(cfn, restApi.Properties.Name) });
    for (const { MetricStat } of cfn.Resources.ApiErrorRateAlarm.Properties.Metrics.slice(0, 2)) {
      expect(evaluated(cfn, MetricStat.Metric.Dimensions)).toEqual(evaluated(cfn, cfn.Resources.ApiLatencyAlarm.Properties.Dimensions));
    }
  });

  it("alarms on any error or throttle of the function, and any error of the history function, by the function's name", () => {
    for (const [id, metric, fn] of [
      ['FunctionErrorsAlarm', 'Errors', 'ItemsFunction'],
      ['FunctionThrottlesAlarm', 'Throttles', 'ItemsFunction'],
      ['HistoryFunctionErrorsAlarm', 'Errors', 'HistoryFunction'],
    ] as const) {
      expect(evaluated(template, resources[id].Properties), id).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: DEPLOYED[fn] }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('alarms on any throttled read or write of each table, summing both metrics with missing ones as 0', () => {
    for (const table of [...RESOURCE_TABLES.map(({ tableResource }) => tableResource), 'IdempotencyTable', 'HistoryTable']) {
      const id = `${table}ThrottlesAlarm`;
      const alarm = evaluated(template, resources[id].Properties);
      expect(alarm, id).toMatchObject({ Threshold: 1, ComparisonOperator: 'GreaterThanOrEqualToThreshold', EvaluationPeriods: 1 });
      expect(alarm.MetricName, id).toBeUndefined();
      const metrics = alarm.Metrics as Json[];
      const inputs = metrics.filter((metric) => metric.MetricStat);
      expect(
        inputs.map(({ Id, MetricStat, ReturnData }) => [
          Id,
          MetricStat.Metric.Namespace,
          MetricStat.Metric.MetricName,
          MetricStat.Metric.Dimensions,
          MetricStat.Stat,
          ReturnData,
        ]),
        id,
      ).toEqual([
        ['reads', 'AWS/DynamoDB', 'ReadThrottleEvents', [{ Name: 'TableName', Value: DEPLOYED[table] }], 'Sum', false],
        ['writes', 'AWS/DynamoDB', 'WriteThrottleEvents', [{ Name: 'TableName', Value: DEPLOYED[table] }], 'Sum', false],
      ]);
      // The one series the alarm compares: both inputs, each filled with 0 where it has no point.
      const [output, ...others] = metrics.filter((metric) => metric.ReturnData !== false);
      expect(others).toEqual([]);
      expect(output!.Expression).toBe('FILL(reads, 0) + FILL(writes, 0)');
    }
  });

  it('alarms as soon as a batch is queued as failed, and while the history falls behind its streams past the threshold given', () => {
    expect(evaluated(template, resources.HistoryFailuresAlarm.Properties)).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: DEPLOYED['HistoryFailuresQueue.QueueName'] }],
      Statistic: 'Maximum',
      Threshold: 1,
      ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      EvaluationPeriods: 1,
    });
    // What to do is in the description: the queue's batch info, re-run within the stream's 24 hours.
    expect(resources.HistoryFailuresAlarm.Properties.AlarmDescription).toMatch(/HistoryFailuresQueueUrl[\s\S]*24 hours/);
    expect(template.Parameters.HistoryIteratorAgeThresholdMs).toMatchObject({ Type: 'Number', Default: 60000 });
    const iteratorAge = (parameters: Record<string, string> = {}) =>
      evaluated(template, resources.HistoryIteratorAgeAlarm.Properties, parameters);
    expect(iteratorAge()).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'IteratorAge',
      Dimensions: [{ Name: 'FunctionName', Value: DEPLOYED.HistoryFunction }],
      Statistic: 'Maximum',
      Threshold: '60000',
      ComparisonOperator: 'GreaterThanThreshold',
    });
    expect(iteratorAge().AlarmDescription).toContain('60000 ms');
    expect(iteratorAge({ HistoryIteratorAgeThresholdMs: '300000' })).toMatchObject({ Threshold: '300000' });
    expect(iteratorAge({ HistoryIteratorAgeThresholdMs: '300000' }).AlarmDescription).toContain('300000 ms');
  });

  it('mails the alarms through an SNS topic made only when AlarmEmail is given', () => {
    const pattern = new RegExp(template.Parameters.AlarmEmail.AllowedPattern as string);
    expect(template.Parameters.AlarmEmail.Default).toBe('');
    expect(['', 'ops@example.com'].every((value) => pattern.test(value))).toBe(true);
    expect(['ops', 'ops@example', 'a b@example.com'].some((value) => pattern.test(value))).toBe(false);

    expect(resources.AlarmTopic).toMatchObject({ Type: 'AWS::SNS::Topic', Condition: 'HasAlarmEmail' });
    expect(resources.AlarmEmailSubscription).toMatchObject({ Type: 'AWS::SNS::Subscription', Condition: 'HasAlarmEmail' });
    expect(template.Outputs.AlarmTopicArn).toMatchObject({ Condition: 'HasAlarmEmail', Value: { Ref: 'AlarmTopic' } });
    expect(conditionHolds('HasAlarmEmail')).toBe(false);

    const email = { AlarmEmail: 'ops@example.com' };
    expect(conditionHolds('HasAlarmEmail', email)).toBe(true);
    expect(evaluated(template, resources.AlarmEmailSubscription.Properties, email)).toEqual({
      TopicArn: DEPLOYED.AlarmTopic,
      Protocol: 'email',
      Endpoint: 'ops@example.com',
    });
    for (const id of ALARM_IDS) {
      const withEmail = evaluated(template, resources[id].Properties, email);
      expect(withEmail.AlarmActions, id).toEqual([DEPLOYED.AlarmTopic]);
      expect(withEmail.OKActions, id).toEqual([DEPLOYED.AlarmTopic]);
      // Without one, the alarm stays, with no action at all (never a reference to a topic that is not made).
      const without = evaluated(template, resources[id].Properties);
      expect(without, id).not.toHaveProperty('AlarmActions');
      expect(without, id).not.toHaveProperty('OKActions');
      expect(without.AlarmDescription, id).toBeTruthy();
    }
  });

  it('outputs the alarm names', () => {
    expect(template.Outputs.AlarmNames.Value['Fn::Join'][1]).toEqual(ALARM_IDS.map((id) => ({ Ref: id })));
  });
});
