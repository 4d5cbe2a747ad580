import { bootedApps } from './tenancy-registry';
import { findUnscopedStatements } from './tenancy-check';

/**
 * After every e2e and browser file: no SQL statement the app sent may touch a table owned
 * by a space without naming `space_id`. The owned tables were listed from the migrated
 * template by the global set-up.
 */
afterAll(() => {
  const tables = (process.env.TERRAIN_TEST_SPACE_TABLES ?? '').split(',').filter(Boolean);
  for (const testApp of bootedApps()) {
    expect(findUnscopedStatements(testApp.sql.statements, tables)).toEqual([]);
  }
});
