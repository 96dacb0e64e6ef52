import { stringSetting } from '@items-api/dynamodb-records';
import { RESOURCE_TABLES, type ResourceTable } from '../resources/index.js';

/** Which resource keeps history in a table, by its name; or why none does. */
export type ResourceOfTable = (tableName: string) => { resource: string } | { refused: string };

/**
 * The resources that declare `history: true`, by the table `env` names for each (its table variable):
 * what the consumer maps a stream record to. A resource whose variable is unset maps no table.
 */
export function historyResourcesFrom(env: NodeJS.ProcessEnv, tables: readonly ResourceTable[] = RESOURCE_TABLES): ResourceOfTable {
  const byTable = new Map<string, string>();
  const read: string[] = [];
  for (const { resource, name, tableVariable } of tables) {
    if (resource.history !== true) continue;
    const tableName = stringSetting(env, tableVariable);
    read.push(`${name}: ${tableVariable}=${tableName ?? '(unset)'}`);
    if (tableName !== undefined) byTable.set(tableName, name);
  }
  const known = read.length > 0 ? read.join(', ') : 'no resource declares history';
  return (tableName) => {
    const resource = byTable.get(tableName);
    return resource !== undefined
      ? { resource }
      : { refused: `table ${tableName} is not the table of a resource that keeps history (${known})` };
  };
}

let processResources: ResourceOfTable | undefined;

/** The process's mapping: its environment read on the first record, then kept for every warm invocation. */
export const processHistoryResource: ResourceOfTable = (tableName) => {
  processResources ??= historyResourcesFrom(process.env);
  return processResources(tableName);
};
