import { containsPattern } from './like';

describe('containsPattern', () => {
  it('escapes the wildcards and the escape character', () => {
    expect(containsPattern('50%_off\\')).toBe('%50\\%\\_off\\\\%');
    expect(containsPattern('dupont')).toBe('%dupont%');
  });
});
