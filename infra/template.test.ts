import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FUNCTION_ID, HANDLER_FILE, LAYER_ID, PROJECT_ROOT, TEMPLATE_FILE } from '@items-api/build/artifacts';
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
  ...Object.fromEntries(RESOURCE_TABLES.map(({ tableResource }) => [tableResource, `local-${tableResource}-4D5E6F`])),
  IdempotencyTable: 'local-IdempotencyTable-7G8H9I',
  ItemsApi: 'a1b2c3d4e5',
  AlarmTopic: 'arn:aws:sns:us-east-1:123456789012:local-AlarmTopic-J1K2L3',
};

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
];

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
    expect(template.Globals.Function).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'] });
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
    expect(layer.Properties).toMatchObject({ CompatibleRuntimes: ['nodejs24.x'], CompatibleArchitectures: ['arm64'] });
    expect(layer.Metadata).toMatchObject({ BuildMethod: 'makefile', BuildArchitecture: 'arm64' });
    const makefile = readFileSync(join(PROJECT_ROOT, 'Makefile'), 'utf8');
    for (const id of [FUNCTION_ID, LAYER_ID]) expect(makefile).toMatch(new RegExp(`^build-${id}:`, 'm'));
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
    const all = resources[FUNCTION_ID].Properties.Policies.flatMap((policy: Json) => policy.Statement) as Json[];
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
    // X-Ray's write permissions, which SAM adds for any Tracing but Disabled.
    expect(cfn.ItemsFunctionRole.Properties.ManagedPolicyArns).toEqual([
      'arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole',
      'arn:aws:iam::aws:policy/AWSXrayWriteOnlyAccess',
    ]);
    expect(cfn.ItemsFunctionRole.Properties.Policies).toHaveLength(1);
  });

  it('is what the local runner serves: stage prod, the function, its layer, the tables named after the prefix given', () => {
    const [api, ...others] = apisOf(template, { resources: templateTables('local') });
    expect(others).toEqual([]);
    expect(api).toMatchObject({ stageName: 'prod', binaryMediaTypes: ['*/*'] });
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
    const apiName = evaluated(cfn, resources.ApiLatencyAlarm.Properties.Dimensions[0]);
    expect(apiName).toEqual({ Name: 'ApiName', Value: evaluated(cfn, restApi.Properties.Name) });
    for (const { MetricStat } of cfn.Resources.ApiErrorRateAlarm.Properties.Metrics.slice(0, 2)) {
      expect(evaluated(cfn, MetricStat.Metric.Dimensions)).toEqual(evaluated(cfn, cfn.Resources.ApiLatencyAlarm.Properties.Dimensions));
    }
  });

  it("alarms on any error or throttle of the function, by the function's name", () => {
    for (const [id, metric] of [
      ['FunctionErrorsAlarm', 'Errors'],
      ['FunctionThrottlesAlarm', 'Throttles'],
    ] as const) {
      expect(evaluated(template, resources[id].Properties), id).toMatchObject({
        Namespace: 'AWS/Lambda',
        MetricName: metric,
        Dimensions: [{ Name: 'FunctionName', Value: DEPLOYED.ItemsFunction }],
        Statistic: 'Sum',
        Period: 300,
        Threshold: 1,
        ComparisonOperator: 'GreaterThanOrEqualToThreshold',
      });
    }
  });

  it('alarms on any throttled read or write of each table, summing both metrics with missing ones as 0', () => {
    for (const table of [...RESOURCE_TABLES.map(({ tableResource }) => tableResource), 'IdempotencyTable']) {
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
