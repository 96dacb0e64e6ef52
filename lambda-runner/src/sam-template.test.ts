import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from './cloudformation-yaml.js';
import { apisOf } from './sam-template.js';

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
});
