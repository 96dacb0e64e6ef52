import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT, TEMPLATE_FILE } from '@items-api/build/artifacts';
import { parseCloudFormationYaml } from '@items-api/lambda-runner';
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

/** The pipeline stack as deployed for `stage`, its values evaluated (a small evaluator: what this template uses). */
function deployed(stage: 'staging' | 'production', oidcProviderArn = '') {
  const parameters: Record<string, string> = {
    GitHubRepository: 'example-org/items-api',
    Stage: stage,
    AppStackName: `items-api-${stage}`,
    GitHubOidcProviderArn: oidcProviderArn,
    'AWS::Partition': 'aws',
    'AWS::Region': REGION,
    'AWS::AccountId': ACCOUNT,
    ArtifactsBucket: BUCKET,
    // An AWS::IAM::ManagedPolicy's Ref is its ARN.
    FunctionPermissionsBoundary: `arn:aws:iam::${ACCOUNT}:policy/function-boundary-items-api-${stage}`,
  };
  const attributes: Record<string, string> = {
    'ArtifactsBucket.Arn': `arn:aws:s3:::${BUCKET}`,
    'GitHubOidcProvider.Arn': `arn:aws:iam::${ACCOUNT}:oidc-provider/token.actions.githubusercontent.com`,
    'CloudFormationExecutionRole.Arn': `arn:aws:iam::${ACCOUNT}:role/cfn-exec-items-api-${stage}`,
    'GitHubDeployRole.Arn': `arn:aws:iam::${ACCOUNT}:role/github-deploy-items-api-${stage}`,
  };
  const conditions: Record<string, boolean> = { CreateOidcProvider: oidcProviderArn === '' };
  const sub = (text: string, names: Record<string, string>): string =>
    text.replace(/\$\{([^}]+)\}/g, (_, name: string) => {
      const value = names[name] ?? parameters[name] ?? attributes[name];
      if (value === undefined) throw new Error(`\${${name}} is not known to the test's evaluator`);
      return value;
    });
  const evaluate = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(evaluate);
    if (value === null || typeof value !== 'object') return value;
    const object = value as Json;
    const [key] = Object.keys(object);
    if (key === 'Ref' && Object.keys(object).length === 1) {
      const name = object.Ref as string;
      if (!(name in parameters)) throw new Error(`Ref ${name} is not known to the test's evaluator`);
      return parameters[name];
    }
    if (key === 'Fn::Sub') {
      const [text, names] = typeof object[key] === 'string' ? [object[key] as string, {}] : (object[key] as [string, Json]);
      return sub(text, Object.fromEntries(Object.entries(names).map(([name, v]) => [name, String(evaluate(v))])));
    }
    if (key === 'Fn::GetAtt') return attributes[(object[key] as string[]).join('.')];
    if (key === 'Fn::If') {
      const [condition, yes, no] = object[key] as [string, unknown, unknown];
      return evaluate(conditions[condition] ? yes : no);
    }
    return Object.fromEntries(Object.entries(object).map(([name, v]) => [name, evaluate(v)]));
  };
  return {
    role: (id: string) => evaluate(resources[id].Properties) as Json,
    get boundary() {
      return evaluate(resources.FunctionPermissionsBoundary?.Properties) as Json;
    },
    bucket: evaluate(resources.ArtifactsBucket.Properties) as Json,
    bucketPolicy: evaluate(resources.ArtifactsBucketPolicy.Properties) as Json,
    attributes,
    boundaryArn: parameters.FunctionPermissionsBoundary as string,
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

  it.skipIf(!hasSamTranslator)("lets the stack's roles, within the boundary, make every call the template grants them", () => {
    const bounded = new Set(
      (deployed('staging').boundary.PolicyDocument.Statement as Json[]).flatMap((statement) => list<string>(statement.Action)),
    );
    // What the two AWS managed policies SAM attaches grant that the functions use: X-Ray's writes, and the
    // logs calls on their own log group (AWSLambdaBasicExecutionRole's CreateLogGroup is not needed: the
    // stack makes the groups).
    const managed = ['xray:PutTraceSegments', 'xray:PutTelemetryRecords', 'xray:GetSamplingRules', 'xray:GetSamplingTargets'];
    for (const action of [...managed, 'logs:CreateLogStream', 'logs:PutLogEvents']) expect(bounded).toContain(action);
    for (const apiType of ['Rest', 'Http']) {
      const roles = Object.entries(translatedApp(apiType).Resources as Json).filter(([, resource]) => resource.Type === 'AWS::IAM::Role');
      expect(roles.length).toBeGreaterThan(0);
      for (const [id, resource] of roles) {
        const actions = ((resource.Properties.Policies ?? []) as Json[]).flatMap((policy) =>
          (policy.PolicyDocument.Statement as Json[]).flatMap((statement) => list<string>(statement.Action)),
        );
        for (const action of actions) expect(bounded, `${id}: ${action}`).toContain(action);
      }
    }
  });

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
