import { localPath, pathOfUrl } from './safe-redirect';

describe('localPath', () => {
  it.each([
    ['/s/demo/contacts?q=a#top', '/s/demo/contacts?q=a#top'],
    ['/login', '/login'],
  ])('keeps the local path %s', (input, expected) => {
    expect(localPath(input)).toBe(expected);
  });

  it.each([
    'https://evil.example/',
    '//evil.example/path',
    '/\\evil.example',
    'javascript:alert(1)',
    'login',
    '',
    undefined,
    42,
    `/${'a'.repeat(2001)}`,
  ])('refuses %s', (input) => {
    expect(localPath(input)).toBeNull();
  });
});

describe('pathOfUrl', () => {
  it('keeps the path and query of an absolute URL', () => {
    expect(pathOfUrl('http://localhost:3000/s/demo/contacts?page=2')).toBe('/s/demo/contacts?page=2');
  });

  it('gives null for nothing or garbage', () => {
    expect(pathOfUrl(undefined)).toBeNull();
    expect(pathOfUrl('not a url')).toBeNull();
  });
});
