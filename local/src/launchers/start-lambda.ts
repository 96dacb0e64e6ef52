import { relative } from 'node:path';
import { PROJECT_ROOT, TEMPLATE_FILE } from '@items-api/build/artifacts';
import { buildArtifacts, formatSizes } from '@items-api/build/build';
import { openLocalDynamoDb } from '@items-api/dynamodb-local/local-dynamodb';
import { standInAws } from '@items-api/dynamodb-local/stand-in-aws';
import { startLambdaRunner } from '@items-api/lambda-runner';
import { readLocalConfig } from './local-config.js';
import { localFunctionEnvironment } from './local-function-environment.js';
import { historyLine, localTableResources } from './local-history.js';
import { Shutdown } from './shutdown.js';

// `npm run start:lambda`: the API as deployed, without AWS or Docker. It builds the function and layer
// zips (`npm run build`), then serves infra/template.yaml's API on http://127.0.0.1:3001/prod/ with
// the function running from those zips, on DynamoDB Local as `npm start` runs it; the history
// consumer runs from its zip too, fed by the tables' streams through the runner's event source mappings.
// `-- --api-type http` (or LOCAL_API_TYPE=http) deploys the template with ApiType Http: the runner
// then stands in for its HTTP API (payload format 2.0 events) instead of the REST API, at the same URL.

const API_TYPES = {
  rest: { parameter: 'Rest', name: 'API Gateway REST API' },
  http: { parameter: 'Http', name: 'API Gateway HTTP API' },
} as const;

const shutdown = new Shutdown();
try {
  const config = readLocalConfig(process.env, process.argv.slice(2));
  const apiType = API_TYPES[config.lambdaApiType];
  console.log('Building the function and the layer …');
  console.log(formatSizes(await buildArtifacts(config.lambdaBuildDir)));
  const dynamoDb = await openLocalDynamoDb(config, (line) => console.log(line));
  shutdown.onStop(() => dynamoDb.stop());
  const runner = await startLambdaRunner({
    templateFile: TEMPLATE_FILE,
    zipsDir: config.lambdaBuildDir,
    port: config.lambdaRunnerPort,
    // The region the table was made in (DynamoDB Local keeps a table per region).
    values: { resources: localTableResources(config), region: standInAws().region, parameters: { ApiType: apiType.parameter } },
    environment: localFunctionEnvironment(dynamoDb.endpoint),
    streams: { endpoint: dynamoDb.endpoint, failureDestinationDir: config.queuesDir },
  });
  shutdown.onStop(() => runner.stop());
  const [stageUrl = runner.url] = runner.stageUrls;
  console.log(`
Items API (${apiType.name} + Lambda, from ${relative(PROJECT_ROOT, config.lambdaBuildDir)}/*.zip)   ${stageUrl}
  items     ${stageUrl}items
  Swagger   ${stageUrl}docs
  ReDoc     ${stageUrl}redoc
  OpenAPI   ${stageUrl}openapi.json
Functions   ${runner.functions.map((fn) => `${fn.logicalId} on ${fn.runtime} (Node.js ${fn.nodeVersion})`).join(', ')}
DynamoDB    ${dynamoDb.endpoint} (tables ${config.resourceTables.map((table) => table.tableName).join(', ')})${historyLine(config)}
API type    ApiType=${apiType.parameter}: ${apiType.name}${config.lambdaApiType === 'http' ? ' (payload format 2.0 events)' : ' (the default; --api-type http for an HTTP API)'}
Each request logs Lambda's START, END and REPORT lines; the first one of an execution environment shows its Init Duration.
Ctrl-C stops the API${dynamoDb.ownsDynamoDbLocal ? ' and DynamoDB Local' : ''}.`);
} catch (error) {
  await shutdown.fail(error);
}
