import { encodeCursor } from '../../shared/pagination/keyset';
import { decodeContactCursor } from './contacts-list.service';

const ID = '0f8fad5b-d9cb-469f-a165-70867728950e';

describe('decodeContactCursor', () => {
  it('reads back the cursors the list writes', () => {
    expect(decodeContactCursor(encodeCursor(['martin jean', ID]), 'name')).toEqual(['martin jean', ID]);
    expect(decodeContactCursor(encodeCursor(['2024-03-01T12:00:00.123Z', ID]), 'created')).toEqual([
      '2024-03-01T12:00:00.123Z',
      ID,
    ]);
    expect(decodeContactCursor(encodeCursor(['2024-03-01T12:00:00.123Z', ID]), 'interaction')).toEqual([
      '2024-03-01T12:00:00.123Z',
      ID,
    ]);
    // Never met: last in the interaction order.
    expect(decodeContactCursor(encodeCursor([null, ID]), 'interaction')).toEqual([null, ID]);
  });

  it.each([
    ['no cursor', undefined, 'name'],
    ['not ours', 'nonsense', 'name'],
    ['one value', encodeCursor([ID]), 'name'],
    ['an id that is not one', encodeCursor(['martin', 'pas-un-id']), 'name'],
    ['a name that is not text', encodeCursor([42, ID]), 'name'],
    ['no time where one is due', encodeCursor([null, ID]), 'created'],
    ['a time that is not one', encodeCursor(['hier', ID]), 'updated'],
    ['a day that does not exist', encodeCursor(['2024-02-30T00:00:00.000Z', ID]), 'created'],
    ['the year 0', encodeCursor(['0000-01-01T00:00:00.000Z', ID]), 'created'],
    ['a name for a time sort', encodeCursor(['martin jean', ID]), 'interaction'],
    ['a time without milliseconds', encodeCursor(['2024-03-01T12:00:00Z', ID]), 'created'],
  ])('counts %s as no cursor', (_case, token, sort) => {
    expect(decodeContactCursor(token, sort as 'name')).toBeNull();
  });
});
