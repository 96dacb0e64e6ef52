import type { Random } from '../resource-table.js';
import type { ItemInput } from './items-resource.js';

// Plausible shop items for `npm run seed`: names of up to about 50 characters, whole-cent prices,
// short descriptions and, for most, a category of a few, well inside what the API accepts (name 1–200
// characters, price an integer ≥ 0, description ≤ 2000 characters, category 1–50), so that a seeded
// item can be read, replaced and sent back as it is.

const ADJECTIVES = [
  'Classic',
  'Compact',
  'Everyday',
  'Handmade',
  'Large',
  'Light',
  'Matte',
  'Small',
  'Sturdy',
  'Vintage',
  'Glazed',
  'Folding',
];
const MATERIALS = [
  'ash',
  'bamboo',
  'brass',
  'canvas',
  'ceramic',
  'copper',
  'cotton',
  'glass',
  'linen',
  'oak',
  'porcelain',
  'steel',
  'walnut',
  'wool',
];
const THINGS = [
  { noun: 'cup', use: 'for espresso and small drinks', category: 'kitchen' },
  { noun: 'mug', use: 'for tea and coffee', category: 'kitchen' },
  { noun: 'bowl', use: 'for soups, salads and fruit', category: 'kitchen' },
  { noun: 'plate', use: 'for everyday meals', category: 'kitchen' },
  { noun: 'jar', use: 'for dry goods, with a tight lid', category: 'kitchen' },
  { noun: 'tray', use: 'for serving and carrying', category: 'home' },
  { noun: 'lamp', use: 'for a desk or a bedside table', category: 'lighting' },
  { noun: 'basket', use: 'for storage on a shelf', category: 'home' },
  { noun: 'vase', use: 'for cut flowers and dried stems', category: 'home' },
  { noun: 'stool', use: 'for a kitchen counter', category: 'furniture' },
  { noun: 'notebook', use: 'with 120 plain pages', category: 'stationery' },
  { noun: 'tote bag', use: 'for shopping and the beach', category: 'bags' },
];
const COLOURS = ['black', 'white', 'sand', 'olive', 'rust', 'navy', 'grey', 'natural'];

function pick<T>(list: readonly T[], random: Random): T {
  return list[Math.floor(random() * list.length)]!;
}

/** One plausible item; `index` numbers it, so that items of one load are told apart at a glance. */
export function sampleItem(index: number, random: Random = Math.random): ItemInput {
  const thing = pick(THINGS, random);
  const material = pick(MATERIALS, random);
  const colour = pick(COLOURS, random);
  // Prices from 1.00 to 250.00, most ending in .00, .50 or .99 as shop prices do.
  const units = 1 + Math.floor(random() ** 2 * 249);
  const cents = pick([0, 0, 50, 99, 99], random);
  const description = random() < 0.15 ? '' : `${capitalise(colour)} ${material} ${thing.noun} ${thing.use}. Sample item ${index}.`;
  const name = `${pick(ADJECTIVES, random)} ${material} ${thing.noun} #${index}`;
  // Most items have a category; the rest show that an item without one is simply not in `byCategory`.
  return { name, price: units * 100 + cents, description, ...(random() < 0.9 && { category: thing.category }) };
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}
