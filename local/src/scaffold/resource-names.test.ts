import { describe, expect, it } from 'vitest';
import { resourceNames } from './resource-names.js';

describe('resourceNames', () => {
  it.each([
    [
      'orders',
      {
        entity: 'Order',
        variable: 'orders',
        tableDeclaration: 'ordersTable',
        tableVariable: 'ORDERS_TABLE_NAME',
        tableResource: 'OrdersTable',
      },
    ],
    [
      'gift-cards',
      {
        entity: 'GiftCard',
        variable: 'giftCards',
        tableDeclaration: 'giftCardsTable',
        tableVariable: 'GIFT_CARDS_TABLE_NAME',
        tableResource: 'GiftCardsTable',
      },
    ],
    ['categories', { entity: 'Category' }],
    ['boxes', { entity: 'Box' }],
    ['news', { entity: 'New' }],
  ])('names %s', (name, expected) => {
    expect(resourceNames(name)).toMatchObject({ name, ...expected });
  });

  it('takes the entity given', () => {
    expect(resourceNames('news', 'NewsItem')).toMatchObject({ entity: 'NewsItem', tableResource: 'NewsTable' });
  });

  it.each(['Orders', 'orders!', '1orders', 'gift_cards', 'gift--cards', '-orders', '', 'a'.repeat(41)])(
    'refuses %j, saying what a name is',
    (name) => {
      expect(resourceNames(name)).toEqual({ refused: expect.stringMatching(/is not a resource name: lowercase letters and digits/) });
    },
  );

  it('refuses a word JavaScript keeps for itself', () => {
    expect(resourceNames('new')).toEqual({ refused: expect.stringMatching(/a word JavaScript keeps for itself/) });
  });

  it('refuses the paths the API serves itself, and an entity that is no name', () => {
    expect(resourceNames('docs')).toEqual({ refused: expect.stringMatching(/a path the API serves itself/) });
    expect(resourceNames('orders', 'order')).toEqual({ refused: expect.stringMatching(/is not an entity name/) });
  });
});
