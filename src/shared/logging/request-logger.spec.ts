import { redactUrl } from './request-logger';

describe('redactUrl', () => {
  it('hides secrets carried in the query string', () => {
    expect(redactUrl('/verify?token=abc123&next=%2Fhome')).toBe('/verify?token=%5Bredacted%5D&next=%2Fhome');
    expect(redactUrl('/upload?_csrf=xyz')).toBe('/upload?_csrf=%5Bredacted%5D');
  });

  it('leaves other URLs alone', () => {
    expect(redactUrl('/s/demo/contacts?q=dupont')).toBe('/s/demo/contacts?q=dupont');
    expect(redactUrl('/login')).toBe('/login');
  });
});
