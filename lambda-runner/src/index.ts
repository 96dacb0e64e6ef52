// The local API Gateway + Lambda runner: what other packages use of it.
export { parseCloudFormationYaml } from './cloudformation-yaml.js';
export type { InvokeOutcome } from './execution-environment.js';
export {
  type FailureCondition,
  type FailureDestination,
  jsonLinesQueue,
  readFailureDestination,
  type StreamFailureRecord,
} from './failure-destination.js';
export { type HttpEventOptions, httpEvent } from './http-event.js';
export { type InProcessOptions, inProcessInvoker, type StreamHandler } from './in-process-invoker.js';
export { lambdaEnvironment } from './lambda-environment.js';
export { type LambdaNode, lambdaNode } from './lambda-node.js';
export { type LambdaRunner, type LambdaRunnerOptions, startLambdaRunner } from './lambda-runner.js';
export { type RestEventOptions, restEvent } from './rest-event.js';
export { REGISTER_HOOKS } from './runtime-files.js';
export {
  type ApiDefinition,
  type ApiType,
  apisOf,
  readSamTemplate,
  readStreamConsumers,
  type StreamConsumerDefinition,
  streamConsumersOf,
  type TemplateValues,
  templateEvaluator,
} from './sam-template.js';
export { createSandbox, type Resolution, type Sandbox } from './sandbox.js';
export { type StartedStreamMapping, type StreamMappingsOptions, startStreamMappings } from './stream-consumers.js';
export { defaultRetryDelayMs, type StreamInvoker } from './stream-delivery.js';
export { type DynamoDbStreamEvent, type DynamoDbStreamRecord, lambdaStreamRecord } from './stream-event.js';
export { type StreamMapping, type StreamMappingOptions, startStreamMapping } from './stream-mapping.js';
export type { StreamMappingDefinition } from './stream-mapping-definition.js';
