import { INVITE_CODE_LENGTH, newInviteCode, normaliseInviteCode, SLUG_PATTERN, slugify } from './space-identifiers';

describe('slugify', () => {
  it.each([
    ['Les Colibris de Pessac !', 'les-colibris-de-pessac'],
    ['Élan Solidaire — Gironde', 'elan-solidaire-gironde'],
    ['  ', /^espace-\d{4}$/],
    ['A', 'espace-a'],
    ['x'.repeat(60), 'x'.repeat(40)],
  ])('%s → %s', (name, expected) => {
    const slug = slugify(name);
    if (expected instanceof RegExp) expect(slug).toMatch(expected);
    else expect(slug).toBe(expected);
    expect(slug).toMatch(SLUG_PATTERN);
  });
});

describe('newInviteCode', () => {
  it('has 8 unambiguous characters with at least one digit', () => {
    for (let i = 0; i < 2000; i++) {
      const code = newInviteCode();
      expect(code).toHaveLength(INVITE_CODE_LENGTH);
      expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
      expect(code).toMatch(/[2-9]/);
    }
  });

  it('reads back what people type', () => {
    expect(normaliseInviteCode(' abcd-ef23 ')).toBe('ABCDEF23');
  });
});
