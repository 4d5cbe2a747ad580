import { loadConfig } from './app-config';
import { ConfigError } from './config-error';

describe('loadConfig', () => {
  it('runs with no configuration at all: embedded database in ./data, port 3000', () => {
    const config = loadConfig({}, '/srv/terrain');
    expect(config).toMatchObject({
      port: 3000,
      dataDir: '/srv/terrain/data',
      databaseUrl: null,
      baseUrl: 'http://localhost:3000',
      sessionSecret: null,
      smtpUrl: null,
      trustProxy: false,
      logLevel: 'info',
      uploadDir: '/srv/terrain/data/uploads',
      secureCookies: false,
    });
  });

  it('reads every documented variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DATA_DIR: '/var/lib/terrain',
        DATABASE_URL: 'postgres://terrain:pw@db:5432/terrain',
        BASE_URL: 'https://terrain.example.org/',
        SESSION_SECRET: 'x'.repeat(40),
        SMTP_URL: 'smtp://user:pw@mail.example.org:587',
        TRUST_PROXY: '1',
        LOG_LEVEL: 'warn',
        UPLOAD_DIR: 'uploads',
      },
      '/srv/terrain',
    );
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/terrain',
      databaseUrl: 'postgres://terrain:pw@db:5432/terrain',
      baseUrl: 'https://terrain.example.org',
      sessionSecret: 'x'.repeat(40),
      smtpUrl: 'smtp://user:pw@mail.example.org:587',
      trustProxy: 1,
      logLevel: 'warn',
      uploadDir: '/srv/terrain/uploads',
      secureCookies: true,
    });
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: ' ' }).port).toBe(3000);
  });

  it('lists every problem at once, each with the variable it concerns', () => {
    let error: ConfigError | undefined;
    try {
      loadConfig({
        PORT: 'abc',
        DATABASE_URL: 'mysql://x',
        BASE_URL: 'not a url',
        SESSION_SECRET: 'short',
        LOG_LEVEL: 'loud',
        SMTP_URL: 'http://mail',
      });
    } catch (caught) {
      error = caught as ConfigError;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const variables = error!.problems.map((problem) => problem.split(':')[0]);
    expect(new Set(variables)).toEqual(
      new Set(['PORT', 'DATABASE_URL', 'BASE_URL', 'SESSION_SECRET', 'LOG_LEVEL', 'SMTP_URL']),
    );
    expect(error!.message).toContain('PORT must be a whole number');
  });

  it('refuses a port out of range', () => {
    expect(() => loadConfig({ PORT: '70000' })).toThrow('PORT must be between 0 and 65535');
  });
});
