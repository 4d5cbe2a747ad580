import type { DataSource } from 'typeorm';
import type { TestSpace } from './community.factory';

/** Columns a test may set on a contact, as Postgres names them. */
export interface ContactRowInput {
  first_name?: string | null;
  last_name?: string | null;
  gender?: 'female' | 'male' | 'other' | 'unknown';
  birth_date?: string | null;
  email?: string | null;
  phone?: string | null;
  phone_raw?: string | null;
  street_number?: string | null;
  street?: string | null;
  postcode?: string | null;
  city?: string | null;
  insee_code?: string | null;
  support_level_id?: string | null;
  tags?: string[];
  origin?: 'field' | 'import' | 'form' | 'manual';
  notes?: string | null;
  consent_email?: boolean | null;
  consent_sms?: boolean | null;
  consent_phone?: boolean | null;
  consent_post?: boolean | null;
  do_not_contact?: boolean;
  created_by?: string | null;
  created_at?: Date | string;
  updated_at?: Date | string;
  last_interaction_at?: Date | string | null;
  merged_into?: string | null;
  erased_at?: Date | string | null;
}

/** One contact, straight into the table (what the app would have stored). Returns its id. */
export async function createContact(
  db: DataSource,
  space: Pick<TestSpace, 'id'>,
  input: ContactRowInput = {},
): Promise<string> {
  const row: Record<string, unknown> = { origin: 'manual', ...input };
  const columns = Object.keys(row);
  const [created] = await db.query(
    `INSERT INTO contacts (space_id, ${columns.join(', ')}) VALUES ($1, ${columns.map((_, index) => `$${index + 2}`).join(', ')}) RETURNING id`,
    [space.id, ...columns.map((column) => row[column])],
  );
  return created.id;
}

/**
 * Many contacts in one statement: `columns` maps a column to an SQL expression of `g`
 * (1…count), e.g. `{ last_name: "'Nom ' || g" }`. Returns the ids in `g` order.
 */
export async function insertContacts(
  db: DataSource,
  space: Pick<TestSpace, 'id'>,
  count: number,
  columns: Record<string, string>,
): Promise<string[]> {
  const all: Record<string, string> = { origin: "'import'", ...columns };
  const names = Object.keys(all);
  const rows: { id: string }[] = await db.query(
    `INSERT INTO contacts (space_id, ${names.join(', ')})
     SELECT $1, ${names.map((name) => all[name]).join(', ')} FROM generate_series(1, $2::int) g
     ORDER BY g RETURNING id`,
    [space.id, count],
  );
  return rows.map((row) => row.id);
}
