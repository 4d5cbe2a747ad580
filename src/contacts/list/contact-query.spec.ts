import { type ContactFilter, EMPTY_FILTER } from './contact-filter';
import { afterCondition, contactConditions, type ContactVisibility, ORDERS, SqlParams } from './contact-query';

const SPACE = '11111111-1111-4111-8111-111111111111';
const ALL: ContactVisibility = { kind: 'all' };
const LIVE = ['c.merged_into IS NULL', 'c.erased_at IS NULL'];

/** The conditions a filter adds to the ones every list has, with the values bound. */
function narrowing(filter: Partial<ContactFilter>, visibility: ContactVisibility = ALL) {
  const params = new SqlParams();
  const conditions = contactConditions(SPACE, { ...EMPTY_FILTER, ...filter }, visibility, params);
  expect(conditions.slice(0, 3)).toEqual([`c.space_id = $1`, ...LIVE]);
  expect(params.values[0]).toBe(SPACE);
  return { conditions: conditions.slice(3), values: params.values.slice(1) };
}

describe('SqlParams', () => {
  it('numbers the values in the order they are bound', () => {
    const params = new SqlParams();
    expect([params.bind('a'), params.bind(2), params.bind(null)]).toEqual(['$1', '$2', '$3']);
    expect(params.values).toEqual(['a', 2, null]);
  });
});

describe('contactConditions', () => {
  it('keeps to the space and live contacts, and leaves out those not to contact by default', () => {
    expect(narrowing({})).toEqual({ conditions: ['NOT c.do_not_contact'], values: [] });
    expect(narrowing({ dnc: 'include' })).toEqual({ conditions: [], values: [] });
    expect(narrowing({ dnc: 'only' })).toEqual({ conditions: ['c.do_not_contact'], values: [] });
  });

  it('limits to the contacts some people created, or what other modules add for them', () => {
    const mine: ContactVisibility = { kind: 'createdBy', accountIds: ['a', 'b'] };
    expect(narrowing({ dnc: 'include' }, mine)).toEqual({
      conditions: ['c.created_by = ANY($2::uuid[])'],
      values: [['a', 'b']],
    });
    const withLists: ContactVisibility = { kind: 'createdBy', accountIds: ['a'], orWhere: ['c.id IN (SELECT 1)'] };
    expect(narrowing({ dnc: 'include' }, withLists).conditions).toEqual([
      '(c.created_by = ANY($2::uuid[]) OR c.id IN (SELECT 1))',
    ]);
  });

  describe('search', () => {
    const search = (q: string) => narrowing({ q, dnc: 'include' });

    it('looks for each word of three letters or more in the normalised text (trigram index)', () => {
      expect(search('Hélène Dupré')).toEqual({
        conditions: [
          "c.search_text LIKE search_normalize($2) ESCAPE '\\'",
          "c.search_text LIKE search_normalize($3) ESCAPE '\\'",
        ],
        values: ['%Hélène%', '%Dupré%'],
      });
    });

    it('narrows with shorter words without asking the index for them', () => {
      expect(search('le martin')).toEqual({
        conditions: [
          'strpos(c.search_text, search_normalize($2)) > 0',
          "c.search_text LIKE search_normalize($3) ESCAPE '\\'",
        ],
        values: ['le', '%martin%'],
      });
    });

    it('looks for names starting with a search of one or two letters (prefix index)', () => {
      expect(search('Du')).toEqual({
        conditions: ["(c.sort_name LIKE search_normalize($2) || '%' OR c.first_key LIKE search_normalize($2) || '%')"],
        values: ['Du'],
      });
    });

    it('takes %, _ and \\ literally', () => {
      expect(search('100%').values).toEqual(['%100\\%%']);
      expect(search('a_b').values).toEqual(['%a\\_b%']);
      expect(search('%').values).toEqual(['\\%']);
      expect(search('_').values).toEqual(['\\_']);
      expect(search('c:\\x').values).toEqual(['%c:\\\\x%']);
    });

    it.each([
      ['06 12 34 56 78', ['%0612345678%', '%33612345678%']],
      ['06.12.34.56.78', ['%0612345678%', '%33612345678%']],
      ['+33 6 12 34 56 78', ['%33612345678%']],
      ['0033 6 12', ['%33612%']],
      ['+33 (0)6 12 34 56 78', ['%33612345678%']],
      ['+32 470 12-34-56', ['%32470123456%']],
      ['556', ['%556%']],
      ['33000', ['%33000%']],
    ])('finds a phone number typed %s in any form', (typed, patterns) => {
      const { conditions, values } = search(typed);
      expect(values).toEqual(patterns);
      expect(conditions).toHaveLength(1);
      expect(conditions[0]).toBe(
        patterns.length === 1
          ? "c.search_text LIKE $2 ESCAPE '\\'"
          : "(c.search_text LIKE $2 ESCAPE '\\' OR c.search_text LIKE $3 ESCAPE '\\')",
      );
    });

    it('leaves numbers of one or two digits to the name prefix', () => {
      expect(search('06').conditions[0]).toContain('c.sort_name LIKE');
    });
  });

  it('filters on levels, "no level" included', () => {
    expect(narrowing({ levels: ['l1', 'l2'], dnc: 'include' })).toEqual({
      conditions: ['c.support_level_id = ANY($2::uuid[])'],
      values: [['l1', 'l2']],
    });
    expect(narrowing({ levels: ['none'], dnc: 'include' })).toEqual({
      conditions: ['c.support_level_id IS NULL'],
      values: [],
    });
    expect(narrowing({ levels: ['l1', 'none'], dnc: 'include' })).toEqual({
      conditions: ['(c.support_level_id = ANY($2::uuid[]) OR c.support_level_id IS NULL)'],
      values: [['l1']],
    });
  });

  it('filters on tags: any of them (overlap) or all of them (contains)', () => {
    expect(narrowing({ tags: ['a', 'b'], dnc: 'include' })).toEqual({
      conditions: ['c.tags && $2::text[]'],
      values: [['a', 'b']],
    });
    expect(narrowing({ tags: ['a', 'b'], tagsMode: 'all', dnc: 'include' })).toEqual({
      conditions: ['c.tags @> $2::text[]'],
      values: [['a', 'b']],
    });
  });

  it.each([
    ['email', 'granted', 'c.consent_email IS TRUE'],
    ['sms', 'refused', 'c.consent_sms IS FALSE'],
    ['phone', 'unknown', 'c.consent_phone IS NULL'],
    ['post', 'granted', 'c.consent_post IS TRUE'],
  ] as const)('filters on the %s consent being %s', (channel, state, condition) => {
    expect(narrowing({ consent: { channel, state }, dnc: 'include' }).conditions).toEqual([condition]);
  });

  it('filters on dates, the last day included', () => {
    expect(
      narrowing({
        created: { from: '2024-01-01', to: '2024-01-31' },
        updated: { from: null, to: '2024-02-01' },
        interaction: { from: '2024-03-01', to: null },
        dnc: 'include',
      }),
    ).toEqual({
      conditions: [
        'c.created_at >= $2::date',
        'c.created_at < $3::date + 1',
        'c.updated_at < $4::date + 1',
        'c.last_interaction_at >= $5::date',
      ],
      values: ['2024-01-01', '2024-01-31', '2024-02-01', '2024-03-01'],
    });
  });

  it('filters on what is known, what is missing, origin, postcode and city (without case or accents)', () => {
    expect(narrowing({ has: ['email'], lacks: ['phone', 'address'], dnc: 'include' }).conditions).toEqual([
      'c.email IS NOT NULL',
      'NOT c.phone IS NOT NULL',
      'NOT (c.street IS NOT NULL AND (c.postcode IS NOT NULL OR c.city IS NOT NULL))',
    ]);
    expect(narrowing({ origins: ['field', 'form'], postcode: '33000', city: 'Bègles', dnc: 'include' })).toEqual({
      conditions: ['c.origin = ANY($2::text[])', 'c.postcode = $3', 'search_normalize(c.city) = search_normalize($4)'],
      values: [['field', 'form'], '33000', 'Bègles'],
    });
  });

  it('combines everything with AND, values bound in order', () => {
    const { conditions, values } = narrowing(
      { q: 'martin', levels: ['l1'], tags: ['t'], postcode: '33000' },
      { kind: 'createdBy', accountIds: ['me'] },
    );
    expect(conditions).toEqual([
      'c.created_by = ANY($2::uuid[])',
      "c.search_text LIKE search_normalize($3) ESCAPE '\\'",
      'c.support_level_id = ANY($4::uuid[])',
      'c.tags && $5::text[]',
      'c.postcode = $6',
      'NOT c.do_not_contact',
    ]);
    expect(values).toEqual([['me'], '%martin%', ['l1'], ['t'], '33000']);
  });
});

describe('ORDERS and afterCondition', () => {
  const after = (sort: keyof typeof ORDERS, cursor: [string | null, string]) => {
    const params = new SqlParams();
    return { sql: afterCondition(sort, cursor, params), values: params.values };
  };

  it('orders each sort by its key, then the id, so that ties have an order', () => {
    expect(ORDERS.name.orderBy).toBe('c.sort_name, c.id');
    expect(ORDERS.created.orderBy).toBe('c.created_at DESC, c.id DESC');
    expect(ORDERS.updated.orderBy).toBe('c.updated_at DESC, c.id DESC');
    expect(ORDERS.interaction.orderBy).toBe(
      "coalesce(c.last_interaction_at, '-infinity'::timestamptz) DESC, c.id DESC",
    );
  });

  it('continues after the cursor with one row comparison, in the direction of the sort', () => {
    expect(after('name', ['martin jean', 'id-1'])).toEqual({
      sql: '(c.sort_name, c.id) > ($2, $1::uuid)',
      values: ['id-1', 'martin jean'],
    });
    expect(after('created', ['2024-01-01T00:00:00.000Z', 'id-1'])).toEqual({
      sql: '(c.created_at, c.id) < ($2::timestamptz, $1::uuid)',
      values: ['id-1', '2024-01-01T00:00:00.000Z'],
    });
    expect(after('updated', ['2024-01-01T00:00:00.000Z', 'id-1']).sql).toBe(
      '(c.updated_at, c.id) < ($2::timestamptz, $1::uuid)',
    );
  });

  it('puts never-met contacts last in the interaction order, a cursor among them included', () => {
    expect(after('interaction', ['2024-01-01T00:00:00.000Z', 'id-1'])).toEqual({
      sql: "(coalesce(c.last_interaction_at, '-infinity'::timestamptz), c.id) < ($2::timestamptz, $1::uuid)",
      values: ['id-1', '2024-01-01T00:00:00.000Z'],
    });
    expect(after('interaction', [null, 'id-1'])).toEqual({
      sql: "(coalesce(c.last_interaction_at, '-infinity'::timestamptz), c.id) < ('-infinity'::timestamptz, $1::uuid)",
      values: ['id-1'],
    });
  });
});
