// The parsers of environment values live in the layer library (`@items-api/dynamodb-records`), shared
// by the function, the layer and the tooling; this module keeps `@items-api/function/env-values`, which
// the local launchers import, pointing at that one set.
export { booleanSetting, listSetting, portSetting, stringSetting } from '@items-api/dynamodb-records';
