import { readdirSync } from 'node:fs';
import { MIGRATIONS } from '.';

describe('MIGRATIONS', () => {
  it('lists every migration file of the folder, oldest first', () => {
    const files = readdirSync(__dirname)
      .filter((file) => /^\d{13}-[a-z0-9-]+\.ts$/.test(file))
      .sort();
    const timestamps = files.map((file) => file.slice(0, 13));
    const listed = MIGRATIONS.map((migration) => /(\d{13})$/.exec(migration.name)?.[1]);
    expect(listed).toEqual(timestamps);
  });
});
