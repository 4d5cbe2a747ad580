import { parseEmailCsv, parseEmailText } from './email-list';

describe('parseEmailText', () => {
  it('splits on semicolons, commas, spaces and new lines, and lower-cases', () => {
    expect(parseEmailText('Ana@Example.org; bo@example.org,cy@example.org\nda@example.org  ea@example.org')).toEqual({
      valid: ['ana@example.org', 'bo@example.org', 'cy@example.org', 'da@example.org', 'ea@example.org'],
      invalid: [],
    });
  });

  it('drops duplicates and reports what is not an address', () => {
    expect(parseEmailText('ana@example.org ANA@example.org not-an-address <bo@example.org>')).toEqual({
      valid: ['ana@example.org', 'bo@example.org'],
      invalid: ['not-an-address'],
    });
  });
});

describe('parseEmailCsv', () => {
  it('reads the column headed "courriel" among others', () => {
    const csv = '\uFEFFNom;Courriel;Ville\r\nAna;ana@example.org;Pessac\r\nBo;bo@example.org;Talence\r\n';
    expect(parseEmailCsv(csv)).toEqual({ valid: ['ana@example.org', 'bo@example.org'], invalid: [] });
  });

  it('finds the address column without a known header, and reports bad cells of it', () => {
    const csv = 'name,contact\nAna,ana@example.org\nBo,bo@example\n';
    expect(parseEmailCsv(csv)).toEqual({ valid: ['ana@example.org'], invalid: ['bo@example'] });
  });

  it('takes a single column without header', () => {
    expect(parseEmailCsv('ana@example.org\nbo@example.org\n').valid).toEqual(['ana@example.org', 'bo@example.org']);
  });
});
