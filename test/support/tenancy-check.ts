/**
 * A statement may name this marker to say it reads across spaces on purpose (support
 * staff listing spaces, retention jobs): `/* cross-space: why *\/`.
 */
export const CROSS_SPACE_MARKER = '/* cross-space:';

// Statements that do not read or write rows.
const NOT_DATA =
  /^\s*(BEGIN|COMMIT|ROLLBACK|START TRANSACTION|SAVEPOINT|RELEASE|SET|SHOW|CREATE|ALTER|DROP|COMMENT|GRANT|LOCK|SELECT\s+pg_advisory)/i;

// Where a table is named in DML: FROM x, JOIN x, INTO x, UPDATE x, DELETE FROM x, COPY x.
const TABLE_REFERENCE = /\b(?:FROM|JOIN|INTO|UPDATE|COPY)\s+(?:ONLY\s+)?(?:"?public"?\.)?"?([a-z_][a-z0-9_]*)"?/gi;

export interface UnscopedStatement {
  sql: string;
  tables: string[];
}

/** Tables owned by a space: those with a `space_id` column. */
export async function spaceOwnedTables(db: {
  query(sql: string): Promise<{ table_name: string }[]>;
}): Promise<string[]> {
  const rows = await db.query(
    `SELECT DISTINCT c.table_name FROM information_schema.columns c
     JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
     WHERE c.table_schema = 'public' AND c.column_name = 'space_id' AND t.table_type = 'BASE TABLE'`,
  );
  return rows.map((row) => row.table_name);
}

/** Every statement that touches a space-owned table without mentioning `space_id`. */
export function findUnscopedStatements(statements: string[], spaceTables: string[]): UnscopedStatement[] {
  const owned = new Set(spaceTables.map((table) => table.toLowerCase()));
  const problems: UnscopedStatement[] = [];
  for (const sql of statements) {
    if (NOT_DATA.test(sql) || sql.includes(CROSS_SPACE_MARKER)) continue;
    const tables = [...sql.matchAll(TABLE_REFERENCE)]
      .map((match) => match[1].toLowerCase())
      .filter((table) => owned.has(table));
    if (tables.length > 0 && !/\bspace_id\b/i.test(sql)) problems.push({ sql, tables: [...new Set(tables)] });
  }
  return problems;
}
