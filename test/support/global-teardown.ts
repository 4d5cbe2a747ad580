import { dropDatabases, runPrefix } from './test-database';

/** Drops the template and every copy made during the run. */
export default async function globalTeardown() {
  await dropDatabases(`${runPrefix()}_`);
}
