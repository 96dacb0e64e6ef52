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
    bucket: evaluate(resources.ArtifactsBucket.Properties) as Json,
    bucketPolicy: evaluate(resources.ArtifactsBucketPolicy.Properties) as Json,
    attributes,
  };
}

const list = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);
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
    // Unscopable by name: API Gateway's and Cognito's generated ids, the layer SAM names after its logical
    // id, the artifacts, and listings IAM authorises on no resource.
    const unscoped = new Set(['Apis', 'UserPools', 'CreateUserPool', 'Layer', 'ReadArtifacts', 'ReadOnlyListings', 'ReadStreamMappings']);
    for (const statement of statementsOf(exec)) {
      expect(statement.Effect).toBe('Allow');
      expect(list<string>(statement.Action)).not.toContain('*');
      if (unscoped.has(statement.Sid)) continue;
      for (const resource of list<string>(statement.Resource)) {
        if (resource === '*') {
          // Only with a condition naming the stack's functions.
          expect(JSON.stringify(statement.Condition), statement.Sid).toContain(':function:items-api-production-*');
        } else {
          expect(resource, statement.Sid).toMatch(/[:/]items-api-production-\*$/);
        }
      }
    }
    // Nothing but reads on every resource.
    const everywhere = statementsOf(exec).filter((statement) => list<string>(statement.Resource).includes('*') && !statement.Condition);
    for (const statement of everywhere) {
      for (const action of list<string>(statement.Action)) {
        expect(action, statement.Sid).toMatch(/:(List|Describe)[A-Za-z]*$|^cognito-idp:CreateUserPool$/);
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

  it("covers every service of the application template's resources", () => {
    const app = parseCloudFormationYaml(readFileSync(TEMPLATE_FILE, 'utf8')) as Json;
    const serviceOf: Record<string, string[]> = {
      'AWS::Serverless::Function': ['lambda', 'iam'],
      'AWS::Serverless::LayerVersion': ['lambda'],
      'AWS::Serverless::Api': ['apigateway'],
      'AWS::Serverless::HttpApi': ['apigateway'],
      'AWS::ApiGatewayV2': ['apigateway'],
      'AWS::ApiGateway': ['apigateway'],
      'AWS::Cognito': ['cognito-idp'],
      'AWS::CloudWatch': ['cloudwatch'],
    };
    const granted = new Set(
      statementsOf(deployed('staging').role('CloudFormationExecutionRole')).flatMap((statement) =>
        list<string>(statement.Action).map((action) => action.split(':')[0]),
      ),
    );
    for (const [id, resource] of Object.entries(app.Resources as Json)) {
      const type = resource.Type as string;
      const services = serviceOf[type] ?? serviceOf[type.split('::').slice(0, 2).join('::')] ?? [type.split('::')[1]!.toLowerCase()];
      for (const service of services) expect(granted, `${id} (${type}) needs ${service}:`).toContain(service);
    }
  });

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
