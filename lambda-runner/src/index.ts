// The local API Gateway + Lambda runner: what other packages use of it.
export { parseCloudFormationYaml } from './cloudformation-yaml.js';
export { lambdaEnvironment } from './lambda-environment.js';
export { type LambdaNode, lambdaNode } from './lambda-node.js';
export { type LambdaRunner, type LambdaRunnerOptions, startLambdaRunner } from './lambda-runner.js';
export { type RestEventOptions, restEvent } from './rest-event.js';
export { REGISTER_HOOKS } from './runtime-files.js';
export { apisOf, readSamTemplate, type TemplateValues, templateEvaluator } from './sam-template.js';
export { createSandbox, type Sandbox } from './sandbox.js';
