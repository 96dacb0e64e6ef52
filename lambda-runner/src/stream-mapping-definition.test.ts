import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { parseCloudFormationYaml } from './cloudformation-yaml.js';
import { apisOf, readStreamConsumers, streamConsumersOf } from './sam-template.js';
import { streamMapping } from './test-streams.js';

const FIXTURE = new URL('./fixtures/streams-template.yaml', import.meta.url).pathname;
const template = (text: string) => parseCloudFormationYaml(text) as Parameters<typeof streamConsumersOf>[0];

/** A function with one DynamoDB event of `properties` (YAML, indented for the event's Properties). */
const withEvent = (properties: string) =>
  template(`
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: index.handler
      Runtime: nodejs24.x
      Events:
        Changes:
          Type: DynamoDB
          Properties:
${properties}
`);

describe('streamConsumersOf', () => {
  it("reads a function's DynamoDB events as event source mappings, parameters applied and Lambda's defaults filled in", async () => {
    const consumers = await readStreamConsumers(FIXTURE, { resources: { Table: 'local-table' } });
    expect(consumers).toEqual([
      {
        function: {
          logicalId: 'Consumer',
          handler: 'index.handler',
          runtime: 'nodejs24.x',
          timeoutSeconds: 5,
          memorySizeMb: 128,
          environment: { TABLE: 'local-table' },
          layers: [],
          tracing: 'PassThrough',
          routes: [],
        },
        mappings: [
          {
            eventId: 'TableStream',
            functionLogicalId: 'Consumer',
            tableLogicalId: 'Table',
            startingPosition: 'TRIM_HORIZON',
            batchSize: 10,
            maximumBatchingWindowInSeconds: 0,
            maximumRetryAttempts: 1,
            bisectBatchOnFunctionError: true,
            maximumRecordAgeInSeconds: 3600,
            reportBatchItemFailures: true,
            onFailureDestination: 'FailureQueue',
            enabled: true,
          },
          // Given only its stream, LATEST and Enabled: false, so Lambda's defaults for the rest.
          streamMapping({ eventId: 'Paused', enabled: false }),
        ],
      },
    ]);
    const withParameter = await readStreamConsumers(FIXTURE, { parameters: { Retries: '7' }, resources: { Table: 't' } });
    expect(withParameter[0]?.mappings[0]?.maximumRetryAttempts).toBe(7);
  });

  it('leaves the API reading as it was: a function with only stream events serves no API', async () => {
    const text = await readFile(FIXTURE, 'utf8');
    expect(apisOf(template(text), { resources: { Table: 't' } })).toEqual([]);
  });

  it('takes the long forms of GetAtt and a topic by Ref', () => {
    const [consumer] = streamConsumersOf(
      withEvent(`            Stream: { 'Fn::GetAtt': Orders.StreamArn }
            StartingPosition: LATEST
            DestinationConfig: { OnFailure: { Type: SNS, Destination: !Ref Alerts } }`),
    );
    expect(consumer?.mappings[0]).toMatchObject({ tableLogicalId: 'Orders', onFailureDestination: 'Alerts' });
  });

  it.each([
    ['no StartingPosition', 'Stream: !GetAtt T.StreamArn', 'StartingPosition must be TRIM_HORIZON or LATEST, not null'],
    [
      'AT_TIMESTAMP, which DynamoDB streams lack',
      'Stream: !GetAtt T.StreamArn\n            StartingPosition: AT_TIMESTAMP',
      'StartingPosition must be',
    ],
    [
      'a stream given as an ARN',
      "Stream: 'arn:aws:dynamodb:us-east-1:1:table/t/stream/x'\n            StartingPosition: LATEST",
      'Stream must be !GetAtt <Table>.StreamArn',
    ],
    [
      'a batch too large',
      'Stream: !GetAtt T.StreamArn\n            StartingPosition: LATEST\n            BatchSize: 10001',
      'BatchSize must be from 1 to 10000',
    ],
    [
      'a maximum age under a minute',
      'Stream: !GetAtt T.StreamArn\n            StartingPosition: LATEST\n            MaximumRecordAgeInSeconds: 30',
      'MaximumRecordAgeInSeconds must be -1 or from 60 to 604800',
    ],
    [
      'a response type Lambda lacks',
      'Stream: !GetAtt T.StreamArn\n            StartingPosition: LATEST\n            FunctionResponseTypes: [Everything]',
      'FunctionResponseTypes may hold only ReportBatchItemFailures',
    ],
    [
      'filters, which are not emulated',
      "Stream: !GetAtt T.StreamArn\n            StartingPosition: LATEST\n            FilterCriteria: { Filters: [{ Pattern: '{}' }] }",
      'FilterCriteria is not emulated',
    ],
    [
      'a parallelization factor',
      'Stream: !GetAtt T.StreamArn\n            StartingPosition: LATEST\n            ParallelizationFactor: 2',
      'a ParallelizationFactor other than 1 is not emulated',
    ],
  ])('refuses %s, naming the event', (_, properties, message) => {
    expect(() => streamConsumersOf(withEvent(`            ${properties}`))).toThrow(`Fn.Events.Changes: ${message}`);
  });
});
