import { formatPhone, toE164 } from './phone';

describe('toE164', () => {
  it.each([
    ['06 61 84 80 73', '+33661848073'],
    ['0661848073', '+33661848073'],
    ['+33 6 61 84 80 73', '+33661848073'],
    ['0033661848073', '+33661848073'],
    ['06.61.84.80.73', '+33661848073'],
    ['05 56 00 00 00', '+33556000000'],
    ['+32 470 12 34 56', '+32470123456'],
  ])('%s → %s', (typed, expected) => {
    expect(toE164(typed)).toBe(expected);
  });

  it.each(['12', 'not a phone', '06 61 84', ''])('refuses %s', (typed) => {
    expect(toE164(typed)).toBeNull();
  });

  it('formats for display', () => {
    expect(formatPhone('+33661848073')).toBe('+33 6 61 84 80 73');
  });
});
