import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from './cloudformation-yaml.js';
import { apisOf, templateEvaluator } from './sam-template.js';

const template = (text: string) => parseCloudFormationYaml(text) as Parameters<typeof apisOf>[0];

describe('apisOf', () => {
  it("routes events without RestApiId to SAM's implicit API on stage Prod, Globals applied", () => {
    const apis = apisOf(
      template(`
Globals:
  Function:
    Runtime: nodejs20.x
    Timeout: 5
    Environment:
      Variables:
        SHARED: one
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Environment:
        Variables:
          OWN: !Sub '\${AWS::Region}-two'
      Events:
        Get:
          Type: Api
          Properties:
            Path: /hello
            Method: get
`),
      { region: 'eu-west-1' },
    );
    expect(apis).toEqual([
      {
        logicalId: 'ServerlessRestApi',
        type: 'rest',
        stageName: 'Prod',
        binaryMediaTypes: [],
        functions: [
          {
            logicalId: 'Fn',
            handler: 'app.handler',
            runtime: 'nodejs20.x',
            timeoutSeconds: 5,
            memorySizeMb: 128,
            environment: { SHARED: 'one', OWN: 'eu-west-1-two' },
            layers: [],
            tracing: 'PassThrough',
            routes: [{ path: '/hello', method: 'GET' }],
          },
        ],
      },
    ]);
  });

  it('evaluates conditions, Fn::If and AWS::NoValue', () => {
    const text = `
Parameters:
  Mode: { Type: String, Default: none }
Conditions:
  IsJwt: !Equals [!Ref Mode, jwt]
  NotJwt: !Not [!Condition IsJwt]
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Environment:
        Variables:
          ISSUER: !If [IsJwt, 'https://issuer', '']
          ONLY_WITHOUT_JWT: !If [NotJwt, 'yes', !Ref AWS::NoValue]
      Events: { Any: { Type: Api, Properties: { Path: /, Method: ANY } } }
`;
    expect(apisOf(template(text))[0]!.functions[0]!.environment).toEqual({ ISSUER: '', ONLY_WITHOUT_JWT: 'yes' });
    expect(apisOf(template(text), { parameters: { Mode: 'jwt' } })[0]!.functions[0]!.environment).toEqual({ ISSUER: 'https://issuer' });
  });

  it('takes parameter values over defaults, and says what it cannot resolve', () => {
    const text = `
Parameters:
  Stage: { Type: String, Default: prod }
Resources:
  Api: { Type: AWS::Serverless::Api, Properties: { StageName: !Ref Stage } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Environment: { Variables: { TABLE: !Ref Table } }
      Events: { Any: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /, Method: ANY } } }
`;
    expect(() => apisOf(template(text))).toThrow('The local runner has no value for Table');
    const [api] = apisOf(template(text), { parameters: { Stage: 'dev' }, resources: { Table: 't' } });
    expect(api).toMatchObject({ stageName: 'dev', functions: [{ environment: { TABLE: 't' } }] });
  });

  it("takes the function's Tracing, or the Globals', intrinsics and parameters evaluated; Lambda's PassThrough without", () => {
    const text = (globalTracing: string, ownTracing: string) => `
Parameters:
  Tracing: { Type: String, Default: Active }
Conditions:
  Traced: !Equals [!Ref Tracing, Active]
Globals:
  Function:
${globalTracing}
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
${ownTracing}
      Events: { Any: { Type: Api, Properties: { Path: /, Method: ANY } } }
`;
    const tracingOf = (globalTracing: string, ownTracing: string, parameters: Record<string, string> = {}) =>
      apisOf(template(text(globalTracing, ownTracing)), { parameters })[0]!.functions[0]!.tracing;
    expect(tracingOf('    Tracing: !Ref Tracing', '')).toBe('Active');
    expect(tracingOf('    Tracing: !Ref Tracing', '', { Tracing: 'PassThrough' })).toBe('PassThrough');
    expect(tracingOf('    Tracing: Active', '      Tracing: PassThrough')).toBe('PassThrough');
    expect(tracingOf('    Timeout: 3', "      Tracing: !If [Traced, Active, !Ref 'AWS::NoValue']", { Tracing: 'PassThrough' })).toBe(
      'PassThrough',
    );
    expect(tracingOf('    Timeout: 3', "      Tracing: !If [Traced, Active, !Ref 'AWS::NoValue']")).toBe('Active');
    expect(tracingOf('    Timeout: 3', '      Tracing: Disabled')).toBe('PassThrough');
    expect(tracingOf('    Timeout: 3', '')).toBe('PassThrough');
    expect(() => tracingOf('    Timeout: 3', '      Tracing: On')).toThrow('Fn: Tracing must be Active, PassThrough or Disabled, not "On"');
  });

  it("reads an API's own DefinitionBody, REST or HTTP, and serves only the APIs whose condition holds", () => {
    const text = `
Parameters:
  ApiType: { Type: String, Default: Rest }
Conditions:
  IsRest: !Equals [!Ref ApiType, Rest]
  IsHttp: !Equals [!Ref ApiType, Http]
Resources:
  Rest:
    Type: AWS::Serverless::Api
    Condition: IsRest
    Properties:
      StageName: prod
      BinaryMediaTypes: ['*~1*']
      DefinitionBody:
        paths:
          /:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration:
                type: aws_proxy
                uri: !Sub 'arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations'
          /{proxy+}:
            get:
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !Sub 'arn:aws:apigateway:r:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations' }
            options:
              x-amazon-apigateway-integration: { type: mock }
  Http:
    Type: AWS::Serverless::HttpApi
    Condition: IsHttp
    Properties:
      StageName: prod
      DefinitionBody:
        paths:
          /{proxy+}:
            x-amazon-apigateway-any-method:
              x-amazon-apigateway-integration: { type: aws_proxy, uri: !GetAtt Fn.Arn, payloadFormatVersion: '2.0' }
  Fn:
    Type: AWS::Serverless::Function
    Properties: { Handler: index.handler, Runtime: nodejs22.x }
`;
    const routesOf = (parameters: Record<string, string>) =>
      apisOf(template(text), { parameters }).map((api) => ({
        logicalId: api.logicalId,
        type: api.type,
        stageName: api.stageName,
        binaryMediaTypes: api.binaryMediaTypes,
        functions: api.functions.map((fn) => [fn.logicalId, fn.routes]),
      }));
    expect(routesOf({})).toEqual([
      {
        logicalId: 'Rest',
        type: 'rest',
        stageName: 'prod',
        binaryMediaTypes: ['*/*'],
        functions: [
          [
            'Fn',
            [
              { path: '/', method: 'ANY' },
              { path: '/{proxy+}', method: 'GET' },
            ],
          ],
        ],
      },
    ]);
    expect(routesOf({ ApiType: 'Http' })).toEqual([
      {
        logicalId: 'Http',
        type: 'http',
        stageName: 'prod',
        binaryMediaTypes: [],
        functions: [['Fn', [{ path: '/{proxy+}', method: 'ANY' }]]],
      },
    ]);
  });

  it("routes HttpApi events to their API, and refuses SAM's implicit HTTP API and integrations it cannot run", () => {
    const events = (properties: string) => `
Resources:
  Http: { Type: AWS::Serverless::HttpApi, Properties: { StageName: v1 } }
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs22.x
      Events: { Any: { Type: HttpApi, Properties: ${properties} } }
`;
    expect(apisOf(template(events('{ ApiId: !Ref Http, Path: /items, Method: post }')))).toMatchObject([
      { logicalId: 'Http', type: 'http', stageName: 'v1', functions: [{ logicalId: 'Fn', routes: [{ path: '/items', method: 'POST' }] }] },
    ]);
    expect(() => apisOf(template(events('{ Path: /, Method: ANY }')))).toThrow('Fn: an HttpApi event needs an ApiId locally');
    const elsewhere = `
Resources:
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      StageName: v1
      DefinitionBody:
        paths: { /: { get: { x-amazon-apigateway-integration: { type: aws_proxy, uri: 'arn:aws:lambda:r:1:function:other' } } } }
`;
    expect(() => apisOf(template(elsewhere))).toThrow('Http /: the local runner only serves Lambda proxy integrations');
    const version1 = elsewhere.replace("uri: 'arn:aws:lambda:r:1:function:other'", "uri: !GetAtt Fn.Arn, payloadFormatVersion: '1.0'");
    expect(() =>
      apisOf(template(`${version1}\n  Fn: { Type: AWS::Serverless::Function, Properties: { Handler: i.h, Runtime: nodejs22.x } }\n`)),
    ).toThrow('Http /: the local runner serves HTTP API integrations of payload format 2.0 only, not 1.0');
    const unversioned = version1.replace(", payloadFormatVersion: '1.0'", '');
    expect(() =>
      apisOf(template(`${unversioned}\n  Fn: { Type: AWS::Serverless::Function, Properties: { Handler: i.h, Runtime: nodejs22.x } }\n`)),
    ).toThrow('Http /: the local runner serves HTTP API integrations of payload format 2.0 only, not null');
  });

  it("evaluates Fn::Sub's list form, its own names first, with the stack name and account given", () => {
    const template = { Parameters: { Stage: { Type: 'String', Default: 'prod' } } };
    const { resolve } = templateEvaluator(template, { stackName: 'items-api-staging', accountId: '210987654321', region: 'eu-west-1' });
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    const arn = 'arn:aws:logs:${AWS::Region}:${AWS::AccountId}:${Group}:${Stage}';
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    const group = { 'Fn::Sub': '${AWS::StackName}-logs' };
    expect(resolve({ 'Fn::Sub': [arn, { Group: group }] })).toBe('arn:aws:logs:eu-west-1:210987654321:items-api-staging-logs:prod');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    expect(resolve({ 'Fn::Sub': ['${Stage}', { Stage: 'mine' }] })).toBe('mine');
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub syntax
    expect(templateEvaluator(template).resolve({ 'Fn::Sub': '${AWS::StackName} ${AWS::AccountId}' })).toBe('local 123456789012');
  });
});
