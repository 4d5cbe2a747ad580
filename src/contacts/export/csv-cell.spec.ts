import { neutraliseFormula } from './csv-cell';

describe('neutraliseFormula', () => {
  it.each([
    ['=HYPERLINK("http://evil")', `'=HYPERLINK("http://evil")`],
    ['+33612345678', `'+33612345678`],
    ['-2+3', `'-2+3`],
    ['@SUM(A1)', `'@SUM(A1)`],
    ['\tcmd', `'\tcmd`],
    ['\rcmd', `'\rcmd`],
    ['  =1+1', `'  =1+1`],
    ['\n=1+1', `'\n=1+1`],
    ['\u00a0=1+1', `'\u00a0=1+1`],
    ['＝1+1', `'＝1+1`],
    ['=A1\n=A2', `'=A1\n=A2`],
  ])('prefixes %j with a quote', (cell, expected) => {
    expect(neutraliseFormula(cell)).toBe(expected);
  });

  it.each(['Hélène', 'a=b', 'x+y', 'jean-luc@example.org', '06 12 34 56 78', '', ' texte', "l'école"])(
    'leaves %j as it is',
    (cell) => {
      expect(neutraliseFormula(cell)).toBe(cell);
    },
  );
});
