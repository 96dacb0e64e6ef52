import { describe, expect, it } from 'vitest';
import { itemsTable } from '../resources/items/items-table.js';
import { defineResource } from '../resources/resource.js';
import { resourceTable } from '../resources/resource-table.js';
import { historyResourcesFrom } from './history-tables.js';

const notes = defineResource({ name: 'notes', entity: 'Note', description: 'Not kept.', fields: {} });
const notesTable = resourceTable(notes, { tableVariable: 'NOTES_TABLE_NAME', sample: () => ({}) });

describe('historyResourcesFrom', () => {
  it("maps items' table, as TABLE_NAME names it, to items and what its store knows of an item", () => {
    const resourceOf = historyResourcesFrom({ TABLE_NAME: 'prod-items' });
    expect(resourceOf('prod-items')).toEqual({ resource: 'items', declaration: itemsTable.declaration });
  });

  it('refuses a table no history resource is kept in, naming the variables it read', () => {
    const resourceOf = historyResourcesFrom({ TABLE_NAME: 'prod-items', NOTES_TABLE_NAME: 'prod-notes' });
    expect(resourceOf('prod-notes')).toEqual({
      refused: 'table prod-notes is not the table of a resource that keeps history (items: TABLE_NAME=prod-items)',
    });
  });

  it('maps no table of a resource that does not declare history, even where its variable names it', () => {
    const resourceOf = historyResourcesFrom({ TABLE_NAME: 'prod-items', NOTES_TABLE_NAME: 'prod-notes' }, [itemsTable, notesTable]);
    expect(resourceOf('prod-items')).toEqual({ resource: 'items', declaration: itemsTable.declaration });
    expect(resourceOf('prod-notes')).toHaveProperty('refused');
  });

  it('maps nothing while the variable is unset, and says so', () => {
    expect(historyResourcesFrom({ TABLE_NAME: ' ' })('prod-items')).toEqual({
      refused: 'table prod-items is not the table of a resource that keeps history (items: TABLE_NAME=(unset))',
    });
  });
});
