import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long passphrase, whatever characters it uses', () => {
    expect(passwordProblem('cheval agrafe pile correcte')).toBeNull();
    expect(passwordProblem('a'.repeat(11) + 'b')).toBeNull();
  });

  it('refuses fewer than 12 characters, counting letters not bytes', () => {
    expect(passwordProblem('short-pass1')).toBe('community:password.tooShort');
    expect(passwordProblem('éééééééééééé')).toBeNull();
  });

  it('accepts 64 characters and refuses more than 128', () => {
    expect(passwordProblem('x'.repeat(30) + 'y'.repeat(34))).toBeNull();
    expect(passwordProblem('z'.repeat(129))).toBe('community:password.tooLong');
  });

  it('refuses common leaked passwords, in any case', () => {
    expect(passwordProblem('123qweasdzxc')).toBe('community:password.common');
    expect(passwordProblem('QWERTY123456')).toBe('community:password.common');
    expect(passwordProblem('motdepasse123')).toBe('community:password.common');
  });

  it("refuses the person's name or address, with or without accents", () => {
    expect(passwordProblem('Helene-2026-campagne!', { name: 'Hélène Dupré' })).toBe('community:password.containsName');
    expect(passwordProblem('jdupont-et-les-autres', { email: 'jdupont@example.org' })).toBe(
      'community:password.containsName',
    );
  });

  it("refuses the space's name", () => {
    expect(passwordProblem('vive-les-Colibris-2026', { spaceName: 'Les Colibris' })).toBe(
      'community:password.containsSpace',
    );
  });
});

describe('passwordProblem with short names', () => {
  it('ignores words of fewer than 4 letters', () => {
    expect(passwordProblem('automobile-rouge-2026', { name: 'Tom Li', spaceName: 'Les Verts' })).toBeNull();
  });
});
