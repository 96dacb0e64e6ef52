import { resourceTable } from '../resource-table.js';
import { sampleItem } from './item-samples.js';
import { items } from './items-resource.js';

/** Items are kept in the table `TABLE_NAME` names (the reference's variable). */
export const itemsTable = resourceTable(items, { tableVariable: 'TABLE_NAME', sample: sampleItem });
