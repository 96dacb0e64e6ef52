import { type Fields, type RecordDeclaration, stringSetting } from '@items-api/dynamodb-records';
import { RESOURCE_TABLES, type ResourceTable } from '../resources/index.js';

/** A resource that keeps history, and what its store knows of its records (to read them as the API does). */
export interface HistoryResource {
  resource: string;
  declaration: RecordDeclaration<Fields>;
}

/** Which resource keeps history in a table, by its name; or why none does. */
export type ResourceOfTable = (tableName: string) => HistoryResource | { refused: string };

/**
 * The resources that declare `history: true`, by the table `env` names for each (its table variable):
 * what the consumer maps a stream record to. A resource whose variable is unset maps no table.
 */
export function historyResourcesFrom(env: NodeJS.ProcessEnv, tables: readonly ResourceTable[] = RESOURCE_TABLES): ResourceOfTable {
  const byTable = new Map<string, HistoryResource>();
  const read: string[] = [];
  for (const { resource, name, tableVariable, declaration } of tables) {
    if (resource.history !== true) continue;
    const tableName = stringSetting(env, tableVariable);
    read.push(`${name}: ${tableVariable}=${tableName ?? '(unset)'}`);
    if (tableName !== undefined) byTable.set(tableName, { resource: name, declaration: declaration as RecordDeclaration<Fields> });
  }
  const known = read.length > 0 ? read.join(', ') : 'no resource declares history';
  return (tableName) =>
    byTable.get(tableName) ?? { refused: `table ${tableName} is not the table of a resource that keeps history (${known})` };
}

let processResources: ResourceOfTable | undefined;

/** The process's mapping: its environment read on the first record, then kept for every warm invocation. */
export const processHistoryResource: ResourceOfTable = (tableName) => {
  processResources ??= historyResourcesFrom(process.env);
  return processResources(tableName);
};
