import { idempotencyTableFor } from '@items-api/dynamodb-local/tables';
import { RESOURCE_TABLES, type ResourceTable } from '@items-api/function/resources';

/**
 * The template's tables as the local runner is to name them: each resource's (`ItemsTable`: the items
 * table given; another's: `<items table>-<resource>`) and the idempotency table beside the items table.
 */
export function templateTables(itemsTableName: string): Record<string, string> {
  const nameOf = (table: ResourceTable) => (table.name === 'items' ? itemsTableName : `${itemsTableName}-${table.name}`);
  return {
    ...Object.fromEntries(RESOURCE_TABLES.map((table) => [table.tableResource, nameOf(table)])),
    IdempotencyTable: idempotencyTableFor(itemsTableName),
  };
}
