import { tableResourceOf } from '@items-api/function/resources';

/** What a new resource is called, everywhere it appears. */
export interface ResourceNames {
  /** The path and name: `orders`, `gift-cards`. */
  name: string;
  /** One of it, for schemas, errors and problem types: `Order`, `GiftCard`. */
  entity: string;
  /** Its declaration's variable: `orders`, `giftCards`. */
  variable: string;
  /** Its table declaration's variable (`resourceTable(…)`): `ordersTable`, `giftCardsTable`. */
  tableDeclaration: string;
  /** The function's environment variable naming its table: `ORDERS_TABLE_NAME`. */
  tableVariable: string;
  /** Its table in the SAM template: `OrdersTable`. */
  tableResource: string;
}

const NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Paths the API serves itself, which a resource may not take. */
const RESERVED = new Set(['docs', 'redoc', 'openapi', 'openapi-json', 'assets']);

/** Words JavaScript keeps for itself: no declaration's variable may be one. */
const KEYWORDS = new Set(
  'await break case catch class const continue debugger default delete do else enum export extends false finally for function if implements import in instanceof interface let new null package private protected public return static super switch this throw true try typeof var void while with yield arguments eval'.split(
    ' ',
  ),
);

const pascal = (words: string[]): string => words.map((word) => word.charAt(0).toUpperCase() + word.slice(1)).join('');

/** The names of a resource called `name` (plural, lowercase, words joined by `-`), or why it cannot be. */
export function resourceNames(name: string, entity?: string): ResourceNames | { refused: string } {
  if (!NAME.test(name) || name.length > 40) {
    return {
      refused: `"${name}" is not a resource name: lowercase letters and digits, words joined by "-", a letter first (orders, gift-cards).`,
    };
  }
  if (RESERVED.has(name)) return { refused: `"${name}" is a path the API serves itself (${[...RESERVED].join(', ')}).` };
  const words = name.split('-');
  const singular = [...words.slice(0, -1), singularOf(words.at(-1)!)];
  const resolvedEntity = entity ?? pascal(singular);
  if (!/^[A-Z][A-Za-z0-9]*$/.test(resolvedEntity))
    return { refused: `"${resolvedEntity}" is not an entity name: a capital letter, then letters and digits (Order).` };
  const variable = words[0] + pascal(words.slice(1));
  if (KEYWORDS.has(variable)) return { refused: `"${name}" is a word JavaScript keeps for itself; pick another name.` };
  return {
    name,
    entity: resolvedEntity,
    variable,
    tableDeclaration: `${variable}Table`,
    tableVariable: `${words.join('_').toUpperCase()}_TABLE_NAME`,
    tableResource: tableResourceOf(name),
  };
}

/** English plurals of the usual kinds: orders → order, categories → category, boxes → box. */
function singularOf(word: string): string {
  if (/ies$/.test(word)) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (/s$/.test(word) && !/ss$/.test(word)) return word.slice(0, -1);
  return word;
}
