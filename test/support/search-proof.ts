import type { Client } from 'pg';

export interface SearchProof {
  matches: string[];
  similarity: number;
  plan: string;
}

/**
 * What contact search relies on, run on one connection: `search_normalize` (lower case,
 * accents removed) in a trigram index, found by a LIKE on the normalised query. Used on
 * the Postgres server (e2e) and on the embedded PGlite (smoke), which must agree.
 */
export async function proveAccentInsensitiveSearch(client: Client): Promise<SearchProof> {
  await client.query('CREATE TEMP TABLE search_probe (id serial PRIMARY KEY, name text NOT NULL)');
  await client.query('CREATE INDEX search_probe_trgm ON search_probe USING gin (search_normalize(name) gin_trgm_ops)');
  await client.query(
    `INSERT INTO search_probe (name) VALUES ('Hélène Dupré'), ('HELENE MARTIN'), ('Zoë Lefèvre'), ('Jean Valjean')`,
  );
  await client.query(`INSERT INTO search_probe (name) SELECT 'Filler ' || g FROM generate_series(1, 2000) g`);
  await client.query('ANALYZE search_probe');
  const search = `SELECT name FROM search_probe WHERE search_normalize(name) LIKE '%' || search_normalize($1) || '%' ORDER BY name`;
  const { rows } = await client.query<{ name: string }>(search, ['helene']);
  const { rows: similar } = await client.query<{ score: number }>(
    `SELECT similarity(search_normalize('Hélène'), 'helene') AS score`,
  );
  const { rows: plan } = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN ${search.replace('$1', "'lefevre'")}`);
  await client.query('DROP TABLE search_probe');
  return {
    matches: rows.map((row) => row.name),
    similarity: Number(similar[0].score),
    plan: plan.map((row) => row['QUERY PLAN']).join('\n'),
  };
}

/** The expectations both databases must meet. */
export async function expectAccentInsensitiveSearch(client: Client) {
  const proof = await proveAccentInsensitiveSearch(client);
  expect(proof.matches).toEqual(['HELENE MARTIN', 'Hélène Dupré']);
  expect(proof.similarity).toBe(1);
  expect(proof.plan).toContain('search_probe_trgm');
  expect(proof.plan).not.toMatch(/Seq Scan/);
}
