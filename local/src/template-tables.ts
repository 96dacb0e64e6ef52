import { historyTableFor, idempotencyTableFor, recordsTableFor } from '@items-api/dynamodb-local/tables';
import { RESOURCE_TABLES } from '@items-api/function/resources';

/**
 * The template's tables as the local runner is to name them, by logical id: each resource's
 * `<prefix>-<resource>` (`ItemsTable`: `<prefix>-items`), `IdempotencyTable`: `<prefix>-idempotency` and
 * `HistoryTable`: `<prefix>-history`.
 * The prefix is a stack's or a test's name.
 */
export function templateTables(prefix: string): Record<string, string> {
  return {
    ...Object.fromEntries(RESOURCE_TABLES.map((table) => [table.tableResource, recordsTableFor(prefix, table.name)])),
    IdempotencyTable: idempotencyTableFor(prefix),
    HistoryTable: historyTableFor(prefix),
  };
}
