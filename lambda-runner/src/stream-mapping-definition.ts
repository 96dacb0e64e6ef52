import type { DeliverySettings } from './stream-delivery.js';

/**
 * A function's `Type: DynamoDB` event, read as Lambda's event source mapping for it: SAM's properties
 * with Lambda's defaults ("Lambda parameters for Amazon DynamoDB event source mappings",
 * https://docs.aws.amazon.com/lambda/latest/dg/services-ddb-params.html).
 */
export interface StreamMappingDefinition extends DeliverySettings {
  /** The event's key under the function's `Events`. */
  eventId: string;
  functionLogicalId: string;
  /** The table whose stream it reads: `Stream: !GetAtt <Table>.StreamArn`. */
  tableLogicalId: string;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  /** 100 by default; 1 to 10,000. */
  batchSize: number;
  /** 0 by default: the function is invoked as soon as records are read. */
  maximumBatchingWindowInSeconds: number;
  /** `DestinationConfig.OnFailure.Destination: !GetAtt <Queue>.Arn` (or `!Ref <Topic>`): its logical id. */
  onFailureDestination?: string;
  enabled: boolean;
}

/** What Lambda refuses, or the runner does not emulate, is refused here rather than ignored. */
const NOT_EMULATED = ['FilterCriteria', 'TumblingWindowInSeconds', 'KafkaBootstrapServers', 'MetricsConfig', 'ProvisionedPollerConfig'];

/**
 * Reads one `Type: DynamoDB` event. `resolve` evaluates intrinsics (parameters, conditions); the
 * stream and the destination are read as the resources they name.
 */
export function streamMappingOf(
  functionLogicalId: string,
  eventId: string,
  properties: Record<string, unknown>,
  resolve: (value: unknown) => unknown,
): StreamMappingDefinition {
  const where = `${functionLogicalId}.Events.${eventId}`;
  const refuse = (message: string): never => {
    throw new Error(`${where}: ${message}`);
  };
  for (const name of NOT_EMULATED) if (name in properties) refuse(`${name} is not emulated by the local runner`);
  const parallelization = resolve(properties.ParallelizationFactor ?? 1);
  if (Number(parallelization) !== 1) refuse('a ParallelizationFactor other than 1 is not emulated by the local runner');

  const number = (name: string, fallback: number, valid: (value: number) => boolean, range: string): number => {
    const value = Number(resolve(properties[name] ?? fallback));
    if (!Number.isInteger(value) || !valid(value)) refuse(`${name} must be ${range}, not ${JSON.stringify(properties[name])}`);
    return value;
  };
  const flag = (name: string, fallback: boolean): boolean => {
    const value = resolve(properties[name] ?? fallback);
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    return refuse(`${name} must be true or false, not ${JSON.stringify(value)}`);
  };

  const startingPosition = resolve(properties.StartingPosition ?? null);
  if (startingPosition !== 'TRIM_HORIZON' && startingPosition !== 'LATEST') {
    refuse(`StartingPosition must be TRIM_HORIZON or LATEST, not ${JSON.stringify(startingPosition)}`);
  }
  const responseTypes = resolve(properties.FunctionResponseTypes ?? []);
  if (!Array.isArray(responseTypes) || responseTypes.some((type) => type !== 'ReportBatchItemFailures')) {
    refuse(`FunctionResponseTypes may hold only ReportBatchItemFailures, not ${JSON.stringify(responseTypes)}`);
  }
  const destination = onFailureOf(properties.DestinationConfig, refuse);
  return {
    eventId,
    functionLogicalId,
    tableLogicalId: tableOf(properties.Stream, refuse),
    startingPosition: startingPosition as 'TRIM_HORIZON' | 'LATEST',
    batchSize: number('BatchSize', 100, (value) => value >= 1 && value <= 10_000, 'from 1 to 10000'),
    maximumBatchingWindowInSeconds: number('MaximumBatchingWindowInSeconds', 0, (value) => value >= 0 && value <= 300, 'from 0 to 300'),
    maximumRetryAttempts: number('MaximumRetryAttempts', -1, (value) => value >= -1 && value <= 10_000, '-1 or from 0 to 10000'),
    bisectBatchOnFunctionError: flag('BisectBatchOnFunctionError', false),
    maximumRecordAgeInSeconds: number(
      'MaximumRecordAgeInSeconds',
      -1,
      (value) => value === -1 || (value >= 60 && value <= 604_800),
      '-1 or from 60 to 604800',
    ),
    reportBatchItemFailures: (responseTypes as unknown[]).includes('ReportBatchItemFailures'),
    ...(destination !== undefined && { onFailureDestination: destination }),
    enabled: flag('Enabled', true),
  };
}

/** `!GetAtt Table.StreamArn` → `Table`: locally, a stream is found by its table. */
function tableOf(stream: unknown, refuse: (message: string) => never): string {
  const target = referenceOf(stream);
  if (target?.attribute === 'StreamArn') return target.logicalId;
  return refuse(`Stream must be !GetAtt <Table>.StreamArn of a table of the template, not ${JSON.stringify(stream)}`);
}

function onFailureOf(config: unknown, refuse: (message: string) => never): string | undefined {
  if (config === undefined) return undefined;
  const onFailure = (config as { OnFailure?: { Destination?: unknown } }).OnFailure;
  if (onFailure?.Destination === undefined) return undefined;
  const target = referenceOf(onFailure.Destination);
  if (target && (target.attribute === 'Arn' || target.attribute === undefined)) return target.logicalId;
  return refuse(
    `DestinationConfig.OnFailure.Destination must be !GetAtt <Queue>.Arn or !Ref <Topic> of the template, not ${JSON.stringify(onFailure.Destination)}`,
  );
}

/** `{ 'Fn::GetAtt': [X, A] }` → X and A; `{ Ref: X }` → X. */
function referenceOf(value: unknown): { logicalId: string; attribute?: string } | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { Ref: ref, 'Fn::GetAtt': getAtt } = value as { Ref?: unknown; 'Fn::GetAtt'?: unknown };
  if (typeof ref === 'string') return { logicalId: ref };
  if (typeof getAtt === 'string' && getAtt.includes('.')) {
    const [logicalId = '', ...attribute] = getAtt.split('.');
    return { logicalId, attribute: attribute.join('.') };
  }
  if (Array.isArray(getAtt) && typeof getAtt[0] === 'string' && typeof getAtt[1] === 'string') {
    return { logicalId: getAtt[0], attribute: getAtt[1] };
  }
  return undefined;
}
