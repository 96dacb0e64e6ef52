import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FUNCTION_ID, HANDLER_FILE, LAYER_ID, PROJECT_ROOT, TEMPLATE_FILE } from '../build/src/artifacts.js';
import { parseCloudFormationYaml } from '../local/src/lambda-runner/cloudformation-yaml.js';
import { apisOf } from '../local/src/lambda-runner/sam-template.js';

type Json = Record<string, any>;
const template = parseCloudFormationYaml(readFileSync(TEMPLATE_FILE, 'utf8')) as Json;
const resources = template.Resources as Json;

const hasCommand = (command: string): boolean => spawnSync(command, ['--version'], { stdio: 'ignore' }).status === 0;

/** The CloudFormation SAM makes of the template, offline (infra/scripts/sam-translate.py). */
function translated(): Json {
  const output = execFileSync('python3', [join(PROJECT_ROOT, 'infra/scripts/sam-translate.py'), TEMPLATE_FILE], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(output) as Json;
}

const hasSamTranslator = spawnSync('python3', ['-c', 'import samtranslator'], { stdio: 'ignore' }).status === 0;

describe('infra/template.yaml', () => {
  it.skipIf(!hasCommand('cfn-lint'))('passes cfn-lint with no error or warning', () => {
    const lint = spawnSync('cfn-lint', [TEMPLATE_FILE], { encoding: 'utf8' });
    expect(lint.stdout + lint.stderr).toBe('');
    expect(lint.status).toBe(0);
  });

  it('declares the function as the build and the runner expect it', () => {
    const fn = resources[FUNCTION_ID];
    expect(fn.Type).toBe('AWS::Serverless::Function');
    expect(template.Globals.Function).toMatchObject({ Runtime: 'nodejs22.x', Architectures: ['arm64'] });
    expect(template.Globals.Function.MemorySize).toBeTypeOf('number');
    expect(template.Globals.Function.Timeout).toBeTypeOf('number');
    expect(fn.Properties.Handler).toBe(`${HANDLER_FILE.replace(/\.mjs$/, '')}.handler`);
    expect(fn.Properties.Layers).toEqual([{ Ref: LAYER_ID }]);
    expect(fn.Properties.Environment.Variables.TABLE_NAME).toEqual({ Ref: 'ItemsTable' });
    expect(fn.Metadata).toMatchObject({ BuildMethod: 'makefile', ProjectRootDirectory: '..', ContextPath: '..' });
  });

  it('routes the root and every path below it, on a stage that is a parameter defaulting to prod', () => {
    const events = Object.values(resources[FUNCTION_ID].Properties.Events) as Json[];
    expect(events.map((event) => [event.Type, event.Properties.Path, event.Properties.Method]).sort()).toEqual([
      ['Api', '/', 'ANY'],
      ['Api', '/{proxy+}', 'ANY'],
    ]);
    expect(resources.ItemsApi.Properties.StageName).toEqual({ Ref: 'StageName' });
    expect(template.Parameters.StageName.Default).toBe('prod');
    expect(resources.ItemsApi.Properties.Auth).toBeUndefined();
  });

  it('builds the layer with the Makefile for the function runtime and architecture', () => {
    const layer = resources[LAYER_ID];
    expect(layer.Type).toBe('AWS::Serverless::LayerVersion');
    expect(layer.Properties).toMatchObject({ CompatibleRuntimes: ['nodejs22.x'], CompatibleArchitectures: ['arm64'] });
    expect(layer.Metadata).toMatchObject({ BuildMethod: 'makefile', BuildArchitecture: 'arm64' });
    const makefile = readFileSync(join(PROJECT_ROOT, 'Makefile'), 'utf8');
    for (const id of [FUNCTION_ID, LAYER_ID]) expect(makefile).toMatch(new RegExp(`^build-${id}:`, 'm'));
  });

  it('keeps the table on demand, with point-in-time recovery and a name CloudFormation chooses', () => {
    const table = resources.ItemsTable.Properties;
    expect(table).toMatchObject({
      BillingMode: 'PAY_PER_REQUEST',
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    });
    expect(table.TableName).toBeUndefined();
  });

  it('lets the function make exactly the DynamoDB calls the items store makes, on its two tables only', () => {
    const store = readFileSync(join(PROJECT_ROOT, 'layers/items-store/src/dynamodb-item-store.ts'), 'utf8');
    const toAction: Record<string, string> = { Get: 'GetItem', Put: 'PutItem', Update: 'UpdateItem', Delete: 'DeleteItem', ConditionCheck: 'ConditionCheckItem' };
    const commands = [...store.matchAll(/new (\w+)Command\(/g)].map(([, name]) => name!);
    // A transaction is authorised as the operations inside it (`{ Put: … }`, `{ Update: … }`, …).
    const transactions = [...store.matchAll(/TransactItems:\s*\[([\s\S]*?)\n\s*\],/g)].flatMap(([, body]) =>
      [...body!.matchAll(/\{\s*(Put|Update|Delete|ConditionCheck):/g)].map(([, operation]) => operation!),
    );
    expect(commands.includes('TransactWrite')).toBe(transactions.length > 0);
    const used = [...commands.filter((name) => name !== 'TransactWrite'), ...transactions].map((name) => `dynamodb:${toAction[name] ?? name}`);
    const statements = resources[FUNCTION_ID].Properties.Policies.flatMap((policy: Json) => policy.Statement) as Json[];
    expect(statements.map((statement) => statement.Resource)).toEqual([
      { 'Fn::GetAtt': ['ItemsTable', 'Arn'] },
      { 'Fn::GetAtt': ['IdempotencyTable', 'Arn'] },
    ]);
    const granted = new Set(statements.flatMap((statement) => statement.Action as string[]));
    expect([...granted].sort()).toEqual([...new Set(used)].sort());
    // The idempotency table is only read and written whole.
    expect([...statements[1]!.Action].sort()).toEqual(['dynamodb:GetItem', 'dynamodb:PutItem']);
  });

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
    expect(variables).toMatchObject({ AUTH_MODE: { Ref: 'AuthMode' }, AUTH_PUBLIC_READS: { Ref: 'AuthPublicReads' }, API_KEYS: { Ref: 'ApiKeys' } });
    expect(variables.JWT_ISSUER).toEqual({ 'Fn::If': ['UseJwt', { 'Fn::Sub': 'https://${ItemsUserPool.ProviderURL}' }, ''] });
    expect(resources.ItemsUserPool.Condition).toBe('UseJwt');
    expect(resources.ItemsUserPool.Properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(variables.JWT_CLIENT_IDS).toEqual({ 'Fn::If': ['UseJwt', { Ref: 'ItemsUserPoolClient' }, ''] });
    expect(template.Rules.ApiKeysForApiKeyMode.RuleCondition).toEqual({ 'Fn::Equals': [{ Ref: 'AuthMode' }, 'api-key'] });
    const [api] = apisOf(template, { resources: { ItemsTable: 't', IdempotencyTable: 'k' } });
    expect(api!.functions[0]!.environment).toMatchObject({ AUTH_MODE: 'none', JWT_ISSUER: '' });
  });

  it('outputs the API URL with the stage and a trailing slash, the table name and the function name', () => {
    expect(template.Outputs.ApiUrl.Value['Fn::Sub']).toMatch(/\/\$\{StageName\}\/$/);
    expect(template.Outputs.TableName.Value).toEqual({ Ref: 'ItemsTable' });
    expect(template.Outputs.FunctionName.Value).toEqual({ Ref: FUNCTION_ID });
  });

  it.skipIf(!hasSamTranslator)('becomes one REST API with one stage and a role limited to that policy', () => {
    const cfn = translated().Resources as Json;
    const types = Object.values(cfn).map((resource: Json) => resource.Type as string);
    expect(types.filter((type) => type === 'AWS::ApiGateway::Stage')).toHaveLength(1);
    expect(types.filter((type) => type === 'AWS::ApiGateway::RestApi')).toHaveLength(1);
    expect(cfn.ItemsApiStage.Properties.StageName).toEqual({ Ref: 'StageName' });
    expect(cfn.ItemsFunctionRole.Properties.ManagedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
    ]);
    expect(cfn.ItemsFunctionRole.Properties.Policies).toHaveLength(1);
  });

  it('is what the local runner serves: stage prod, the function, its layer, the table name given', () => {
    const [api, ...others] = apisOf(template, { resources: { ItemsTable: 'local-items', IdempotencyTable: 'local-keys' } });
    expect(others).toEqual([]);
    expect(api).toMatchObject({ stageName: 'prod', binaryMediaTypes: ['*/*'] });
    expect(api!.functions).toHaveLength(1);
    expect(api!.functions[0]).toMatchObject({
      logicalId: FUNCTION_ID,
      handler: 'index.handler',
      runtime: 'nodejs22.x',
      layers: [LAYER_ID],
      environment: { TABLE_NAME: 'local-items', IDEMPOTENCY_TABLE_NAME: 'local-keys', NODE_OPTIONS: '--enable-source-maps' },
    });
  });
});
