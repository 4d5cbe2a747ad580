import {
  type ContactFilter,
  EMPTY_FILTER,
  filterToQuery,
  isEmptyFilter,
  parseContactFilter,
  queryFromString,
} from './contact-filter';

const LEVEL_A = '3f2b8c1e-5d4a-4e6f-9a1b-2c3d4e5f6a7b';
const LEVEL_B = '9e8d7c6b-5a4f-4e3d-8c2b-1a0f9e8d7c6b';

/** Every field set: what a bookmarked, fully filtered list carries. */
const FULL: ContactFilter = {
  q: 'hélène dupré',
  levels: [LEVEL_A, 'none', LEVEL_B],
  tags: ['école', 'transports & logement'],
  tagsMode: 'all',
  consent: { channel: 'sms', state: 'refused' },
  origins: ['field', 'import'],
  created: { from: '2024-01-01', to: '2024-02-29' },
  updated: { from: null, to: '2024-12-31' },
  interaction: { from: '2023-06-15', to: null },
  has: ['email', 'address'],
  lacks: ['phone'],
  postcode: '33000',
  city: 'Bègles',
  dnc: 'include',
  sort: 'interaction',
};

const parse = (query: string) => parseContactFilter(queryFromString(query));

describe('parseContactFilter', () => {
  it('reads nothing as the empty filter: everyone but those not to contact, by name', () => {
    expect(parseContactFilter({})).toEqual({ filter: EMPTY_FILTER, ignored: [] });
    expect(EMPTY_FILTER.dnc).toBe('exclude');
    expect(EMPTY_FILTER.sort).toBe('name');
  });

  it('reads every empty field of the filter form as no filter at all', () => {
    const form =
      'q=&level=&tag=&tags_mode=any&consent=&email=&phone=&address=&postcode=&city=&created_from=&created_to=' +
      '&updated_from=&updated_to=&seen_from=&seen_to=&dnc=&sort=name';
    expect(parse(form)).toEqual({ filter: EMPTY_FILTER, ignored: [] });
  });

  it('reads repeated and comma-separated lists, trims them and drops duplicate tags', () => {
    const { filter, ignored } = parse(
      `level=${LEVEL_A},${LEVEL_B}&level=none&tag=%20école%20,transports&tag=école&origin=field,form`,
    );
    expect(ignored).toEqual([]);
    expect(filter.levels).toEqual([LEVEL_A, LEVEL_B, 'none']);
    expect(filter.tags).toEqual(['école', 'transports']);
    expect(filter.origins).toEqual(['field', 'form']);
  });

  it('keeps text within bounds', () => {
    const { filter } = parse(
      `q=${'a'.repeat(150)}&tag=${'t'.repeat(60)}&postcode=${'1'.repeat(12)}&city=${'c'.repeat(90)}`,
    );
    expect(filter.q).toHaveLength(100);
    expect(filter.tags).toEqual(['t'.repeat(50)]);
    expect(filter.postcode).toHaveLength(10);
    expect(filter.city).toHaveLength(80);
    expect(parse('q=%20%20').filter.q).toBeNull();
  });

  it.each([
    ['level=pas-un-id', 'level', { levels: [] }],
    [`level=${LEVEL_A}&level=nope`, 'level', { levels: [LEVEL_A] }],
    ['origin=pigeon', 'origin', { origins: [] }],
    ['origin=field&origin=pigeon', 'origin', { origins: ['field'] }],
    ['email=peut-etre', 'email', { has: [], lacks: [] }],
    ['phone=1', 'phone', { has: [], lacks: [] }],
    ['address=oui', 'address', { has: [], lacks: [] }],
    ['consent=email', 'consent', { consent: null }],
    ['consent=fax:granted', 'consent', { consent: null }],
    ['consent=email:maybe', 'consent', { consent: null }],
    ['created_from=01/02/2024', 'created_from', { created: { from: null, to: null } }],
    ['created_to=2024-02-30', 'created_to', { created: { from: null, to: null } }],
    ['updated_from=2023-02-29', 'updated_from', { updated: { from: null, to: null } }],
    ['updated_to=2024-13-01', 'updated_to', { updated: { from: null, to: null } }],
    ['seen_from=0000-01-01', 'seen_from', { interaction: { from: null, to: null } }],
    ['seen_to=2024-1-1', 'seen_to', { interaction: { from: null, to: null } }],
    ['dnc=never', 'dnc', { dnc: 'exclude' }],
    ['sort=random', 'sort', { sort: 'name' }],
    ['tags_mode=several', 'tags_mode', { tagsMode: 'any' }],
  ])('ignores %s and says so', (query, name, expected) => {
    const { filter, ignored } = parse(query);
    expect(ignored).toEqual([name]);
    expect(filter).toEqual({ ...EMPTY_FILTER, ...expected });
  });

  it('keeps the valid part of a query with invalid values', () => {
    const { filter, ignored } = parse('city=Bègles&level=x&sort=created&created_from=hier&dnc=only');
    expect(ignored).toEqual(['level', 'created_from']);
    expect(filter).toEqual({ ...EMPTY_FILTER, city: 'Bègles', sort: 'created', dnc: 'only' });
  });

  it('keeps real calendar days, leap days included', () => {
    expect(parse('created_from=2024-02-29&created_to=2024-12-31').filter.created).toEqual({
      from: '2024-02-29',
      to: '2024-12-31',
    });
  });

  it('reads "yes" as has and "no" as lacks', () => {
    expect(parse('email=yes&phone=no&address=yes').filter).toMatchObject({
      has: ['email', 'address'],
      lacks: ['phone'],
    });
  });
});

describe('filterToQuery', () => {
  it('writes the empty filter as nothing', () => {
    expect(filterToQuery(EMPTY_FILTER)).toBe('');
    expect(filterToQuery({ ...EMPTY_FILTER, dnc: 'exclude', sort: 'name' })).toBe('');
  });

  it('round-trips every field', () => {
    const query = filterToQuery(FULL);
    expect(parse(query)).toEqual({ filter: FULL, ignored: [] });
    // Canonical: written again, the same text.
    expect(filterToQuery(parse(query).filter)).toBe(query);
  });

  it('writes repeated values as repeated names, in a stable order', () => {
    expect(filterToQuery(FULL)).toBe(
      `q=h%C3%A9l%C3%A8ne+dupr%C3%A9&level=${LEVEL_A}&level=none&level=${LEVEL_B}&tag=%C3%A9cole&tag=transports+%26+logement&tags_mode=all` +
        '&consent=sms%3Arefused&origin=field&origin=import&created_from=2024-01-01&created_to=2024-02-29&updated_to=2024-12-31' +
        '&seen_from=2023-06-15&email=yes&address=yes&phone=no&postcode=33000&city=B%C3%A8gles&dnc=include&sort=interaction',
    );
  });

  it('leaves out a tags mode without tags', () => {
    expect(filterToQuery({ ...EMPTY_FILTER, tagsMode: 'all' })).toBe('');
  });

  it.each(['include', 'only'] as const)('writes dnc=%s, the default (exclude) never', (dnc) => {
    expect(filterToQuery({ ...EMPTY_FILTER, dnc })).toBe(`dnc=${dnc}`);
    expect(parse('dnc=exclude')).toEqual({ filter: EMPTY_FILTER, ignored: [] });
  });
});

describe('queryFromString', () => {
  it('keeps every value of a name given several times', () => {
    expect(queryFromString('level=a&tag=x&level=b&level=c&q=mot')).toEqual({
      level: ['a', 'b', 'c'],
      tag: 'x',
      q: 'mot',
    });
    expect(queryFromString('')).toEqual({});
  });
});

describe('isEmptyFilter', () => {
  it('is true for a sort alone, false for any narrowing or for showing those not to contact', () => {
    expect(isEmptyFilter({ ...EMPTY_FILTER, sort: 'updated' })).toBe(true);
    expect(isEmptyFilter({ ...EMPTY_FILTER, dnc: 'include' })).toBe(false);
    expect(isEmptyFilter({ ...EMPTY_FILTER, postcode: '33000' })).toBe(false);
  });
});
