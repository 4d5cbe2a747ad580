import type { DataSource } from 'typeorm';

/**
 * Tables that a read may legitimately write: the session store (a visit starts or renews
 * a session), the audit log (opening a contact sheet is audited) and the record of who
 * opened a document (opening it is the read).
 */
export const WRITTEN_BY_READS = ['session', 'audit_log', 'document_opens'];

/** A fingerprint of every row of every other table, to tell whether anything changed. */
export async function snapshotDatabase(dataSource: DataSource): Promise<Record<string, string>> {
  const tables: { table_name: string }[] = await dataSource.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
  );
  const snapshot: Record<string, string> = {};
  for (const { table_name: table } of tables) {
    if (WRITTEN_BY_READS.includes(table)) continue;
    const [row] = await dataSource.query(
      `/* cross-space: the test's fingerprint of a whole table */ SELECT count(*)::text || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '') AS fingerprint FROM "${table}" t`,
    );
    snapshot[table] = row.fingerprint;
  }
  return snapshot;
}
