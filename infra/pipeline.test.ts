import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, TEMPLATE_FILE } from '@items-api/build/artifacts';
import { parseCloudFormationYaml, templateEvaluator } from '@items-api/lambda-runner';
import { describe, expect, it } from 'vitest';

// infra/pipeline.yaml: what the GitHub Actions workflow may do in AWS, read from the template itself.

// biome-ignore lint/suspicious/noExplicitAny: CloudFormation's JSON, of any shape
type Json = Record<string, any>;
const PIPELINE_FILE = join(PROJECT_ROOT, 'infra/pipeline.yaml');
const pipeline = parseCloudFormationYaml(readFileSync(PIPELINE_FILE, 'utf8')) as Json;
const resources = pipeline.Resources as Json;

const hasCommand = (command: string): boolean => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;
const hasSamTranslator = spawnSync('python3', ['-c', 'import samtranslator'], { stdio: 'ignore' }).status === 0;

const ACCOUNT = '123456789012';
const REGION = 'eu-west-1';
const BUCKET = 'items-api-staging-pipeline-artifactsbucket-1a2b3c';

/** The pipeline stack as deployed for `stage`, its values evaluated (the runner's evaluator). */
function deployed(stage: 'staging' | 'production', oidcProviderArn = '') {
  const parameters: Record<string, string> = {
    GitHubRepository: 'example-org/items-api',
    Stage: stage,
    AppStackName: `items-api-${stage}`,
    GitHubOidcProviderArn: oidcProviderArn,
  };
  // An AWS::IAM::ManagedPolicy's Ref is its ARN.
  const boundaryArn = `arn:aws:iam::${ACCOUNT}:policy/function-boundary-items-api-${stage}`;
  const attributes: Record<string, string> = {
    'ArtifactsBucket.Arn': `arn:aws:s3:::${BUCKET}`,
    'GitHubOidcProvider.Arn': `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    'CloudFormationExecutionRole.Arn': `arn:aws:iam::${ACCOUNT}:role/cfn-exec-items-api-${stage}`,
    'GitHubDeployRole.Arn': `arn:aws:iam::${ACCOUNT}:role/github-deploy-items-api-${stage}`,
  };
  const { resolve: evaluate } = templateEvaluator(pipeline, {
    parameters,
    resources: { ...attributes, ArtifactsBucket: BUCKET, FunctionPermissionsBoundary: boundaryArn },
    region: REGION,
    accountId: ACCOUNT,
  });
  return {
    role: (id: string) => evaluate(resources[id].Properties) as Json,
    get boundary() {
      return evaluate(resources.FunctionPermissionsBoundary?.Properties) as Json;
    },
    bucket: evaluate(resources.ArtifactsBucket.Properties) as Json,
    bucketPolicy: evaluate(resources.ArtifactsBucketPolicy.Properties) as Json,
    attributes,
    boundaryArn,
  };
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const translations = new Map<string, Json>();
/** infra/template.yaml as SAM makes it into CloudFormation (infra/scripts/sam-translate.py), for an ApiType. */
function translatedApp(apiType: string): Json {
  if (!translations.has(apiType)) {
    const output = execFileSync('python3', [join(PROJECT_ROOT, 'infra/scripts/sam-translate.py'), TEMPLATE_FILE, `ApiType=${apiType}`], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    translations.set(apiType, JSON.parse(output) as Json);
  }
  return translations.get(apiType)!;
}
const statementsOf = (role: Json): Json[] => role.Policies.flatMap((policy: Json) => policy.PolicyDocument.Statement as Json[]);

// IAM's wildcards: `*` any run of characters (`:` and `/` too), `?` one character.
/**
 * Whether `pattern` matches every ARN `granted` names, `granted` being a pattern too (`…/stream/*`): a
 * `*` of `granted` only a `*` of `pattern` covers, a `?` only a `?` or a `*`.
 */
function covers(pattern: string, granted: string): boolean {
  const memo = new Map<string, boolean>();
  const from = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (!memo.has(key)) {
      let result: boolean;
      if (i === pattern.length) result = j === granted.length;
      else if (pattern[i] === '*') result = from(i + 1, j) || (j < granted.length && from(i, j + 1));
      else if (j === granted.length || granted[j] === '*') result = false;
      else if (pattern[i] === '?') result = from(i + 1, j + 1);
      else result = pattern[i] === granted[j] && granted[j] !== '?' && from(i + 1, j + 1);
      memo.set(key, result);
    }
    return memo.get(key)!;
  };
  return from(0, 0);
}

/** Whether some ARN matches both patterns (a Deny's and a grant's). */
function overlaps(a: string, b: string): boolean {
  const memo = new Map<string, boolean>();
  const from = (i: number, j: number): boolean => {
    const key = `${i},${j}`;
    if (!memo.has(key)) {
      let result = false;
      if (i === a.length && j === b.length) result = true;
      if (!result && a[i] === '*') result = from(i + 1, j) || (j < b.length && from(i, j + 1));
      if (!result && b[j] === '*') result = from(i, j + 1) || (i < a.length && from(i + 1, j));
      if (!result && i < a.length && j < b.length && a[i] !== '*' && b[j] !== '*') {
        result = (a[i] === b[j] || a[i] === '?' || b[j] === '?') && from(i + 1, j + 1);
      }
      memo.set(key, result);
    }
    return memo.get(key)!;
  };
  return from(0, 0);
}

/** A call a function's role is granted: an action on a resource (an ARN, or a pattern of them). */
interface Grant {
  role: string;
  action: string;
  resource: string;
  from: string;
}

/** The grants no Allow statement of `boundary` covers (action and resource in one statement), or a Deny meets. */
function outsideBoundary(boundary: Json[], grants: Grant[]): string[] {
  // Actions are case-insensitive, resources not.
  const matches = (statement: Json, grant: Grant, resourceMatch: (pattern: string, granted: string) => boolean) =>
    list<string>(statement.Action).some((action) => covers(action.toLowerCase(), grant.action.toLowerCase())) &&
    list<string>(statement.Resource).some((resource) => resourceMatch(resource, grant.resource));
  return grants
    .filter(
      (grant) =>
        !boundary.some((statement) => statement.Effect === 'Allow' && !statement.Condition && matches(statement, grant, covers)) ||
        boundary.some(
          (statement) =>
            statement.Effect === 'Deny' &&
            list<string>(statement.Action).some((action) => overlaps(action.toLowerCase(), grant.action.toLowerCase())) &&
            list<string>(statement.Resource).some((resource) => overlaps(resource, grant.resource)),
        ),
    )
    .map((grant) => `${grant.role}: ${grant.action} on ${grant.resource} (${grant.from})`);
}

/** The application stack's name the boundary is evaluated for, and what CloudFormation appends to its resources' names. */
const APP_STACK = 'items-api-staging';
const SUFFIX = '1A2B3C4D5E6F';

/**
 * What the application's tables, queues, log groups and functions stand for once deployed as
 * `items-api-staging`: CloudFormation's generated names (`<stack>-<LogicalId>-<suffix>`), or the name the
 * template gives, and their ARNs.
 */
function deployedApp(app: Json): Record<string, string> {
  const values: Record<string, string> = {};
  const named = (id: string, property: string): string => {
    const name = (app.Resources as Json)[id].Properties?.[property];
    return name === undefined ? `${APP_STACK}-${id}-${SUFFIX}` : String(appEvaluator(app, {})(name));
  };
  for (const [id, resource] of Object.entries(app.Resources as Json)) {
    if (resource.Type === 'AWS::DynamoDB::Table') {
      const arn = `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${named(id, 'TableName')}`;
      Object.assign(values, {
        [id]: named(id, 'TableName'),
        [`${id}.Arn`]: arn,
        [`${id}.StreamArn`]: `${arn}/stream/2026-01-01T00:00:00.000`,
      });
    } else if (resource.Type === 'AWS::SQS::Queue') {
      const name = named(id, 'QueueName');
      Object.assign(values, {
        [id]: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`,
        [`${id}.Arn`]: `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
        [`${id}.QueueName`]: name,
      });
    } else if (resource.Type === 'AWS::Logs::LogGroup') {
      const name = named(id, 'LogGroupName');
      Object.assign(values, { [id]: name, [`${id}.Arn`]: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${name}:*` });
    } else if (resource.Type === 'AWS::Lambda::Function') {
      const name = named(id, 'FunctionName');
      Object.assign(values, { [id]: name, [`${id}.Arn`]: `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}` });
    }
  }
  return values;
}

/** A value of the application's template as deployed as `items-api-staging`, `resources` its resources' values (the runner's evaluator). */
function appEvaluator(app: Json, resources: Record<string, string>, parameters: Record<string, string> = {}): (value: unknown) => unknown {
  return templateEvaluator(app, { parameters, resources, region: REGION, accountId: ACCOUNT, stackName: APP_STACK }).resolve;
}

/** The AWS managed policies SAM attaches to the functions' roles, as AWS documents them (AWS managed policy reference). */
const MANAGED_POLICIES: Record<string, Json[]> = {
  'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole': [
    { Effect: 'Allow', Action: ['logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents'], Resource: '*' },
  ],
  'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess': [
    {
      Effect: 'Allow',
      Action: [
        'xray:PutTraceSegments',
        'xray:PutTelemetryRecords',
        'xray:GetSamplingRules',
        'xray:GetSamplingTargets',
        'xray:GetSamplingStatisticSummaries',
      ],
      Resource: ['*'],
    },
  ],
};

/**
 * Every (action, resource) the application's function roles are granted, for an ApiType, with the
 * stack's resources named as CloudFormation names them: the roles' inline policies, and their managed
 * policies' statements. A managed policy's `Resource: "*"` on logs is, within the boundary, what Lambda
 * writes with it: the function's own log group (LoggingConfig) and its streams. AWSLambdaBasicExecutionRole's
 * logs:CreateLogGroup is not needed: Lambda creates no group the stack made (checked below).
 */
function functionRoleGrants(apiType: string): Grant[] {
  const app = translatedApp(apiType);
  const values = deployedApp(app);
  const resolve = appEvaluator(app, values, {
    ApiType: apiType,
    PermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/function-boundary-${APP_STACK}`,
  });
  const appResources = app.Resources as Json;
  const functions = Object.entries(appResources).filter(([, resource]) => resource.Type === 'AWS::Lambda::Function');
  const grants: Grant[] = [];
  for (const [role, resource] of Object.entries(appResources).filter(([, r]) => r.Type === 'AWS::IAM::Role')) {
    const properties = resource.Properties as Json;
    for (const policy of (properties.Policies ?? []) as Json[]) {
      for (const statement of resolve(policy.PolicyDocument.Statement) as Json[]) {
        // What cannot be listed as pairs (everything but some actions or resources) is not expected here.
        expect(statement, `${role}: ${policy.PolicyName}`).toMatchObject({
          Effect: 'Allow',
          Action: expect.anything(),
          Resource: expect.anything(),
        });
        for (const action of list<string>(statement.Action)) {
          for (const arn of list<string>(statement.Resource)) grants.push({ role, action, resource: arn, from: policy.PolicyName });
        }
      }
    }
    // The log groups of the functions that run with this role.
    const logGroups = functions
      .filter(([, fn]) => fn.Properties.Role?.['Fn::GetAtt']?.[0] === role)
      .map(([id, fn]) => {
        const group = fn.Properties.LoggingConfig?.LogGroup;
        expect(appResources[group?.Ref]?.Type, `${id} logs to a log group of the stack`).toBe('AWS::Logs::LogGroup');
        return `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:${resolve(group)}`;
      });
    for (const arn of (properties.ManagedPolicyArns ?? []) as unknown[]) {
      const name = String(resolve(arn));
      const statements = MANAGED_POLICIES[name];
      expect(statements, `${role}: ${name}, a managed policy the test does not know`).toBeDefined();
      const from = name.split('/').pop()!;
      for (const statement of statements!) {
        for (const action of list<string>(statement.Action)) {
          if (action === 'logs:CreateLogGroup') continue;
          const arns = list<string>(statement.Resource);
          if (action.startsWith('logs:') && arns.includes('*')) {
            for (const group of logGroups) {
              grants.push({
                role,
                action,
                resource: action === 'logs:PutLogEvents' ? `${group}:log-stream:2026/01/01/[$LATEST]0123456789abcdef` : group,
                from,
              });
            }
          } else {
            for (const resource of arns) grants.push({ role, action, resource, from });
          }
        }
      }
    }
  }
  return grants;
}

describe('infra/pipeline.yaml', () => {
  it.skipIf(!hasCommand('cfn-lint'))('passes cfn-lint with no error or warning', { timeout: 60_000 }, () => {
    const lint = spawnSync('cfn-lint', [PIPELINE_FILE], { encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('is one stage per stack: staging or production', () => {
    expect(pipeline.Parameters.Stage.AllowedValues).toEqual(['staging', 'production']);
  });

  for (const stage of ['staging', 'production'] as const) {
    it(`lets only a job of the repository in GitHub environment ${stage} assume its role, for STS`, () => {
      const trust = deployed(stage).role('GitHubDeployRole').AssumeRolePolicyDocument.Statement as Json[];
      expect(trust).toEqual([
        {
          Effect: 'Allow',
          Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com` },
          Action: 'sts:AssumeRoleWithWebIdentity',
          Condition: {
            // StringEquals, no StringLike: no wildcard lets another branch, a pull request or another repository in.
            StringEquals: {
              'token.actions.githubusercontent.com:aud': 'sts.amazonaws.com',
              'token.actions.githubusercontent.com:sub': `repo:example-org/items-api:environment:${stage}`,
            },
          },
        },
      ]);
    });
  }

  it("trusts the account's existing OIDC provider when given one, and then creates none", () => {
    const existing = `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`;
    const trust = deployed('production', existing).role('GitHubDeployRole').AssumeRolePolicyDocument.Statement[0];
    expect(trust.Principal.Federated).toBe(existing);
    expect(resources.GitHubOidcProvider.Condition).toBe('CreateOidcProvider');
    expect(pipeline.Conditions.CreateOidcProvider).toEqual({ 'Fn::Equals': [{ Ref: 'GitHubOidcProviderArn' }, ''] });
    expect(resources.GitHubOidcProvider.Properties).toMatchObject({
      Url: 'https://token.actions.githubusercontent.com',
      ClientIdList: ['sts.amazonaws.com'],
    });
  });

  it("gives the GitHub role no right outside its stage's stack, the SAM transform, the bucket and passing the execution role", () => {
    const { role, attributes } = deployed('staging');
    const stack = `arn:aws:cloudformation:${REGION}:${ACCOUNT}:stack/items-api-staging/*`;
    const allowed = new Map<string, string[]>([
      [stack, ['cloudformation:']],
      [`arn:aws:cloudformation:${REGION}:aws:transform/Serverless-2016-10-31`, ['cloudformation:CreateChangeSet']],
      [`arn:aws:s3:::${BUCKET}`, ['s3:ListBucket', 's3:GetBucketLocation']],
      [`arn:aws:s3:::${BUCKET}/*`, ['s3:PutObject', 's3:GetObject']],
      [attributes['CloudFormationExecutionRole.Arn'] as string, ['iam:PassRole']],
    ]);
    const statements = statementsOf(role('GitHubDeployRole'));
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.NotAction).toBeUndefined();
      expect(statement.NotResource).toBeUndefined();
      for (const action of list<string>(statement.Action)) {
        expect(action, 'no wildcard action').not.toContain('*');
        for (const resource of list<string>(statement.Resource)) {
          const actions = allowed.get(resource);
          expect(actions, `${action} on ${resource}`).toBeDefined();
          expect(
            actions!.some((prefix) => action === prefix || (prefix.endsWith(':') && action.startsWith(prefix))),
            `${action} on ${resource}`,
          ).toBe(true);
        }
      }
    }
    // No action that deletes the stack, or changes it without a change set.
    const actions = statements.flatMap((statement) => list<string>(statement.Action));
    for (const action of ['cloudformation:DeleteStack', 'cloudformation:UpdateStack', 'cloudformation:CreateStack']) {
      expect(actions).not.toContain(action);
    }
  });

  it('lets the GitHub role create change sets only with the execution role, and pass that role only to CloudFormation', () => {
    const { role, attributes } = deployed('staging');
    const statements = statementsOf(role('GitHubDeployRole'));
    const onStack = statements.filter(
      (statement) =>
        list<string>(statement.Action).includes('cloudformation:CreateChangeSet') && String(statement.Resource).includes(':stack/'),
    );
    expect(onStack).toHaveLength(1);
    expect(onStack[0]!.Condition).toEqual({ StringEquals: { 'cloudformation:RoleArn': attributes['CloudFormationExecutionRole.Arn'] } });
    const passRole = statements.filter((statement) => list<string>(statement.Action).includes('iam:PassRole'));
    expect(passRole).toEqual([
      expect.objectContaining({
        Resource: attributes['CloudFormationExecutionRole.Arn'],
        Condition: { StringEquals: { 'iam:PassedToService': 'cloudformation.amazonaws.com' } },
      }),
    ]);
  });

  it("scopes the execution role to the stack's resources, except where IAM cannot (said so in the template)", () => {
    const { role } = deployed('production');
    const exec = role('CloudFormationExecutionRole');
    expect(exec.AssumeRolePolicyDocument.Statement).toEqual([
      { Effect: 'Allow', Principal: { Service: 'cloudformation.amazonaws.com' }, Action: 'sts:AssumeRole' },
    ]);
    // Unscopable by name: API Gateway's and Cognito's generated ids (scoped by tag where IAM can: below),
    // the artifacts, and listings IAM authorises on no resource.
    const unscoped = new Set([
      'CreateApis',
      'TheStacksRestApis',
      'HttpApis',
      'ApiTags',
      'UserPools',
      'CreateUserPool',
      'ReadArtifacts',
      'ReadOnlyListings',
      'ReadStreamMappings',
    ]);
    for (const statement of statementsOf(exec)) {
      // The one Deny keeps the roles' permissions boundary on them (below).
      if (statement.Effect === 'Deny') {
        expect(statement.Sid).toBe('KeepTheFunctionRolesBoundary');
        continue;
      }
      expect(statement.Effect).toBe('Allow');
      expect(list<string>(statement.Action)).not.toContain('*');
      if (unscoped.has(statement.Sid)) continue;
      for (const resource of list<string>(statement.Resource)) {
        if (resource === '*') {
          // Only with a condition naming the stack's functions.
          expect(JSON.stringify(statement.Condition), statement.Sid).toContain(':function:items-api-production-*');
        } else {
          // `…:layer:<stack>-*:*` names the layer's versions.
          expect(resource, statement.Sid).toMatch(/[:/]items-api-production-\*(:\*)?$/);
        }
      }
    }
    // Nothing but reads on every resource.
    const everywhere = statementsOf(exec).filter(
      (statement) => statement.Effect === 'Allow' && list<string>(statement.Resource).includes('*') && !statement.Condition,
    );
    for (const statement of everywhere) {
      for (const action of list<string>(statement.Action)) {
        expect(action, statement.Sid).toMatch(/:(List|Describe)[A-Za-z]*$|^cognito-idp:CreateUserPool$/);
      }
    }
  });

  it("confines the execution role to the stack's own layer, REST API and user pools, by name or by CloudFormation's stack tag", () => {
    const { role } = deployed('staging');
    const statements = statementsOf(role('CloudFormationExecutionRole'));
    const bySid = (sid: string) => statements.find((statement) => statement.Sid === sid)!;
    // The layer is named `<stack>-dependencies` (infra/template.yaml), no longer SAM's default, its logical id.
    expect(bySid('Layer').Resource).toEqual([
      `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:items-api-staging-*`,
      `arn:aws:lambda:${REGION}:${ACCOUNT}:layer:items-api-staging-*:*`,
    ]);
    const layerArns = statements.flatMap((statement) => list<string>(statement.Resource)).filter((arn) => arn.includes(':layer:'));
    expect(layerArns.every((arn) => arn.includes(':layer:items-api-staging-'))).toBe(true);
    // An existing REST API (and, by API Gateway's tag inheritance, its resources, methods, deployments and
    // stages) and an existing user pool only when CloudFormation tagged it as this stack's.
    const ofTheStack = { StringEquals: { 'aws:ResourceTag/aws:cloudformation:stack-name': 'items-api-staging' } };
    expect(bySid('TheStacksRestApis')).toMatchObject({ Resource: `arn:aws:apigateway:${REGION}::/restapis/*`, Condition: ofTheStack });
    expect(bySid('UserPools')).toMatchObject({ Resource: `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/*`, Condition: ofTheStack });
    // Without that condition: creating (and listing) APIs, HTTP APIs (API Gateway V2 documents no tag
    // inheritance for their routes and integrations), tags, and creating a user pool.
    const apiStatements = statements.filter((statement) =>
      list<string>(statement.Action).some((action) => action.startsWith('apigateway:')),
    );
    const unconditioned = apiStatements
      .filter((statement) => !statement.Condition)
      .flatMap((statement) => list<string>(statement.Resource));
    expect(unconditioned.sort()).toEqual(
      [
        `arn:aws:apigateway:${REGION}::/restapis`,
        `arn:aws:apigateway:${REGION}::/apis`,
        `arn:aws:apigateway:${REGION}::/apis/*`,
        `arn:aws:apigateway:${REGION}::/tags/*`,
      ].sort(),
    );
    expect(bySid('CreateApis').Action).toEqual(['apigateway:GET', 'apigateway:POST']);
    const cognito = statements.filter((statement) => list<string>(statement.Action).some((action) => action.startsWith('cognito-idp:')));
    for (const statement of cognito.filter((s) => !s.Condition)) expect(statement.Action, statement.Sid).toBe('cognito-idp:CreateUserPool');
  });

  // What the execution role may do to the stack's roles. Each IAM write is one of these, so that a new one
  // must be put in its place here: one that can give a role more rights only with the boundary on the role.
  const GRANTING_ROLE_WRITES = ['iam:CreateRole', 'iam:PutRolePolicy', 'iam:AttachRolePolicy', 'iam:PutRolePermissionsBoundary'];
  // Writes that take rights away (a policy removed, the role deleted) or leave what the role may do alone
  // (its description, tags, session length, trust): unconditioned, so that CloudFormation can also remove
  // what a role made before the boundary had.
  const OTHER_ROLE_WRITES = [
    'iam:DeleteRole',
    'iam:DeleteRolePolicy',
    'iam:DetachRolePolicy',
    'iam:UpdateRole',
    'iam:UpdateRoleDescription',
    'iam:UpdateAssumeRolePolicy',
    'iam:TagRole',
    'iam:UntagRole',
  ];
  const IAM_READ = /^iam:(Get|List)[A-Za-z]*$/;

  for (const stage of ['staging', 'production'] as const) {
    it(`lets the execution role give the stack's roles rights only with the ${stage} boundary on them, and never take it off`, () => {
      const { role, boundaryArn } = deployed(stage);
      const statements = statementsOf(role('CloudFormationExecutionRole'));
      const allowed = statements.filter((statement) => statement.Effect === 'Allow');
      const iamActions = allowed.flatMap((statement) => list<string>(statement.Action).filter((action) => action.startsWith('iam:')));
      for (const action of iamActions) {
        expect(action, 'no wildcard IAM action').not.toContain('*');
        if (action === 'iam:PassRole' || IAM_READ.test(action)) continue;
        expect([...GRANTING_ROLE_WRITES, ...OTHER_ROLE_WRITES], `${action}: does it grant a role rights?`).toContain(action);
      }
      for (const action of GRANTING_ROLE_WRITES) {
        const granting = allowed.filter((statement) => list<string>(statement.Action).includes(action));
        expect(granting.length, action).toBeGreaterThan(0);
        for (const statement of granting) {
          expect(statement.Condition?.StringEquals?.['iam:PermissionsBoundary'], `${statement.Sid}: ${action}`).toBe(boundaryArn);
          expect(list<string>(statement.Resource), statement.Sid).toEqual([`arn:aws:iam::${ACCOUNT}:role/items-api-${stage}-*`]);
        }
      }
      expect(statements).toContainEqual({
        Sid: 'KeepTheFunctionRolesBoundary',
        Effect: 'Deny',
        Action: 'iam:DeleteRolePermissionsBoundary',
        Resource: '*',
      });
      // The boundary is a policy the execution role cannot change: no IAM right on policies at all.
      expect(iamActions.filter((action) => /Policy(Version)?$/.test(action) && !/Role(Policy|PermissionsBoundary)$/.test(action))).toEqual(
        [],
      );
    });
  }

  it("bounds the stack's roles to its own log groups, tables, streams and queues, and X-Ray", () => {
    const { boundary, boundaryArn } = deployed('staging');
    expect(boundary.ManagedPolicyName).toBe('function-boundary-items-api-staging');
    expect(boundaryArn.endsWith(`:policy/${boundary.ManagedPolicyName}`)).toBe(true);
    expect(boundary.ManagedPolicyName.startsWith('items-api-staging-')).toBe(false);
    const statements = boundary.PolicyDocument.Statement as Json[];
    expect(statements.length).toBeGreaterThan(0);
    for (const statement of statements) {
      expect(statement.Effect, statement.Sid).toBe('Allow');
      expect(statement.NotAction, statement.Sid).toBeUndefined();
      expect(statement.NotResource, statement.Sid).toBeUndefined();
      const actions = list<string>(statement.Action);
      for (const action of actions) expect(action, statement.Sid).not.toContain('*');
      // X-Ray's calls name no resource.
      if (actions.every((action) => action.startsWith('xray:'))) {
        expect(statement.Resource, statement.Sid).toBe('*');
        continue;
      }
      for (const resource of list<string>(statement.Resource)) {
        expect(resource, statement.Sid).toMatch(
          new RegExp(`^arn:aws:[a-z]+:${REGION}:${ACCOUNT}:(log-group:|table/|)items-api-staging-\\*(/index/\\*|/stream/\\*)?$`),
        );
      }
    }
    const services = new Set(statements.flatMap((statement) => list<string>(statement.Action).map((action) => action.split(':')[0])));
    expect([...services].sort()).toEqual(['dynamodb', 'logs', 'sqs', 'xray']);
  });

  it.skipIf(!hasSamTranslator)(
    "lets the stack's roles, within the boundary, make every call the template grants them, on the resources it grants it on",
    { timeout: 30_000 },
    () => {
      // The boundary and the application deployed as the same stack, items-api-staging: every action the
      // roles are granted, on each resource, must be allowed by one statement of the boundary (IAM's
      // wildcards), and denied by none. AWS would refuse the rest at run time, which nothing offline sees.
      const boundary = deployed('staging').boundary.PolicyDocument.Statement as Json[];
      for (const apiType of ['Rest', 'Http']) {
        const grants = functionRoleGrants(apiType);
        expect([...new Set(grants.map((grant) => grant.role))].sort(), apiType).toEqual(['HistoryFunctionRole', 'ItemsFunctionRole']);
        // Each role writes its function's logs and traces; ItemsFunction its tables, HistoryFunction reads the stream.
        for (const role of ['HistoryFunctionRole', 'ItemsFunctionRole']) {
          const actions = grants.filter((grant) => grant.role === role).map((grant) => grant.action);
          expect(actions, role).toEqual(expect.arrayContaining(['logs:CreateLogStream', 'logs:PutLogEvents', 'xray:PutTraceSegments']));
        }
        expect(grants).toContainEqual(
          expect.objectContaining({
            role: 'HistoryFunctionRole',
            action: 'dynamodb:GetRecords',
            resource: expect.stringMatching(/\/stream\/\*$/),
          }),
        );
        expect(outsideBoundary(boundary, grants), apiType).toEqual([]);
      }
    },
  );

  it.skipIf(!hasSamTranslator)("checks the grants' resources against the boundary's, not their actions only", () => {
    const grants = functionRoleGrants('Rest');
    const boundary = deployed('staging').boundary.PolicyDocument.Statement as Json[];
    // Another stage's boundary covers no grant on this stack's resources: only X-Ray's, which name none.
    const production = deployed('production').boundary.PolicyDocument.Statement as Json[];
    const outside = outsideBoundary(production, grants);
    expect(outside).toHaveLength(grants.filter((grant) => grant.resource !== '*').length);
    // A table, queue or log group named outside `<stack>-*`, another stack's, an action on the wrong resource type.
    const stray: Grant[] = [
      {
        role: 'ItemsFunctionRole',
        action: 'dynamodb:GetItem',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`,
        from: 'test',
      },
      {
        role: 'ItemsFunctionRole',
        action: 'dynamodb:Query',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/items-api-production-ItemsTable-1/index/*`,
        from: 'test',
      },
      {
        role: 'HistoryFunctionRole',
        action: 'sqs:SendMessage',
        resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:history-failures`,
        from: 'test',
      },
      {
        role: 'HistoryFunctionRole',
        action: 'logs:PutLogEvents',
        resource: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/lambda/${APP_STACK}-HistoryFunction-1:*`,
        from: 'test',
      },
      {
        role: 'HistoryFunctionRole',
        action: 'sqs:SendMessage',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${APP_STACK}-HistoryTable-1`,
        from: 'test',
      },
      {
        role: 'HistoryFunctionRole',
        action: 'dynamodb:DeleteTable',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${APP_STACK}-HistoryTable-1`,
        from: 'test',
      },
      // A pattern wider than the boundary's: every table of the account.
      { role: 'ItemsFunctionRole', action: 'dynamodb:GetItem', resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/*`, from: 'test' },
      {
        role: 'ItemsFunctionRole',
        action: 'dynamodb:GetItem',
        resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/items-api-stagin?-ItemsTable-1`,
        from: 'test',
      },
    ];
    expect(outsideBoundary(boundary, stray)).toHaveLength(stray.length);
    // A boundary resource tightened (the stack's tables to ItemsTable), or a Deny on a table's items.
    const tightened = boundary.map((statement) =>
      statement.Sid === 'UseTheStacksTables'
        ? {
            ...statement,
            Resource: list<string>(statement.Resource).map((arn) => arn.replace(`${APP_STACK}-*`, `${APP_STACK}-ItemsTable-*`)),
          }
        : statement,
    );
    expect(outsideBoundary(tightened, grants).sort()).toEqual(
      grants
        .filter((grant) => /:table\/[^/]*(IdempotencyTable|HistoryTable)[^/]*$/.test(grant.resource))
        .map((grant) => `${grant.role}: ${grant.action} on ${grant.resource} (${grant.from})`)
        .sort(),
    );
    const denied = [...boundary, { Effect: 'Deny', Action: 'dynamodb:Put*', Resource: `arn:aws:dynamodb:*:*:table/*-HistoryTable-*` }];
    expect(outsideBoundary(denied, grants)).toEqual(
      grants
        .filter((grant) => grant.action === 'dynamodb:PutItem' && grant.resource.includes('-HistoryTable-'))
        .map((grant) => `${grant.role}: ${grant.action} on ${grant.resource} (${grant.from})`),
    );
    expect(outsideBoundary(denied, grants)).toHaveLength(1);
  });

  it.skipIf(!hasSamTranslator)(
    "names none of the application's tables, queues and log groups itself, so that they are `<stack>-*` as the boundary expects",
    () => {
      // CloudFormation names them `<stack>-<LogicalId>-<suffix>`; a TableName, QueueName or LogGroupName of
      // the template's own would be outside the boundary (and the execution role's rights).
      const physicalName: Record<string, string> = {
        'AWS::DynamoDB::Table': 'TableName',
        'AWS::SQS::Queue': 'QueueName',
        'AWS::Logs::LogGroup': 'LogGroupName',
      };
      for (const apiType of ['Rest', 'Http']) {
        const resources = Object.entries(translatedApp(apiType).Resources as Json);
        for (const type of Object.keys(physicalName)) {
          expect(resources.filter(([, resource]) => resource.Type === type).length, `${apiType}: ${type}`).toBeGreaterThan(0);
        }
        for (const [id, resource] of resources.filter(([, r]) => r.Type in physicalName)) {
          expect(resource.Properties?.[physicalName[resource.Type]!], `${id}'s ${physicalName[resource.Type]}`).toBeUndefined();
        }
      }
    },
  );

  it("names the pipeline's own roles outside the pattern the execution role's IAM rights cover", () => {
    for (const id of ['GitHubDeployRole', 'CloudFormationExecutionRole']) {
      const name = deployed('staging').role(id).RoleName as string;
      expect(name.startsWith('items-api-staging-')).toBe(false);
    }
    expect(pipeline.Parameters.AppStackName.AllowedPattern).toBe('^[A-Za-z][A-Za-z0-9-]{0,29}$');
  });

  it.skipIf(!hasSamTranslator)(
    'covers every service of the resources CloudFormation creates from the application template, for each ApiType',
    { timeout: 30_000 },
    () => {
      // SAM's translation, not the template as written: a SAM type or event (the DynamoDB stream's event
      // source mapping, an API's deployment and stage) becomes resources of types the template never names.
      const serviceOf: Record<string, string> = { ApiGateway: 'apigateway', ApiGatewayV2: 'apigateway', Cognito: 'cognito-idp' };
      const granted = new Set(
        statementsOf(deployed('staging').role('CloudFormationExecutionRole'))
          .filter((statement) => statement.Effect === 'Allow')
          .flatMap((statement) => list<string>(statement.Action).map((action) => action.split(':')[0])),
      );
      for (const apiType of ['Rest', 'Http']) {
        const types = new Set(Object.values(translatedApp(apiType).Resources as Json).map((resource: Json) => resource.Type as string));
        expect(types, apiType).toContain('AWS::Lambda::EventSourceMapping');
        for (const type of types) {
          const [, namespace] = type.split('::') as [string, string];
          expect(namespace, `${type}: SAM left it untranslated`).not.toBe('Serverless');
          const service = serviceOf[namespace] ?? namespace.toLowerCase();
          expect(granted, `${type} (ApiType ${apiType}) needs ${service}:`).toContain(service);
        }
      }
    },
  );

  it.skipIf(!hasSamTranslator)('lets the execution role attach exactly the managed policies SAM gives the functions', () => {
    const attachable = statementsOf(deployed('staging').role('CloudFormationExecutionRole')).find(
      (statement) => statement.Sid === 'FunctionRolesManagedPolicies',
    )!.Condition.ArnEquals['iam:PolicyARN'] as string[];
    for (const apiType of ['Rest', 'Http']) {
      const translated = JSON.parse(
        execFileSync('python3', [join(PROJECT_ROOT, 'infra/scripts/sam-translate.py'), TEMPLATE_FILE, `ApiType=${apiType}`], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'ignore'],
        }),
      ) as Json;
      const attached = Object.values(translated.Resources as Json)
        .filter((resource: Json) => resource.Type === 'AWS::IAM::Role')
        .flatMap((resource: Json) => (resource.Properties.ManagedPolicyArns ?? []) as unknown[])
        // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
        .map((arn) => (typeof arn === 'string' ? arn : String((arn as Json)['Fn::Sub']).replace('${AWS::Partition}', 'aws')));
      for (const arn of attached) expect(attachable).toContain(arn);
    }
  });

  it('keeps the artifacts encrypted, private, over TLS only, and for a month', () => {
    const { bucket, bucketPolicy } = deployed('staging');
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.PublicAccessBlockConfiguration).toEqual({
      BlockPublicAcls: true,
      BlockPublicPolicy: true,
      IgnorePublicAcls: true,
      RestrictPublicBuckets: true,
    });
    expect(bucket.LifecycleConfiguration.Rules).toContainEqual(expect.objectContaining({ Status: 'Enabled', ExpirationInDays: 30 }));
    expect(bucketPolicy.PolicyDocument.Statement).toContainEqual(
      expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });
});
