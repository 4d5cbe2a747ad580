/** The staging table's columns a batch carries, with their types (jsonb_to_recordset). */
const STAGED_COLUMNS = [
  'line int',
  'status text',
  'problems jsonb',
  'raw text[]',
  'first_name text',
  'last_name text',
  'gender text',
  'birth_date date',
  'email text',
  'phone text',
  'phone_raw text',
  'street_number text',
  'street text',
  'postcode text',
  'city text',
  'insee_code text',
  'latitude float8',
  'longitude float8',
  'support_level_id uuid',
  'tags text[]',
  'notes text',
  'consent_email boolean',
  'consent_sms boolean',
  'consent_phone boolean',
  'consent_post boolean',
];

const NAMES = STAGED_COLUMNS.map((column) => column.split(' ')[0]).join(', ');

/**
 * Stores a batch of an import's rows: $1 the space, $2 the import, $3 the rows as one JSON
 * array of objects named like the staging table's columns (see import-reader.worker.ts).
 */
export const STAGING_INSERT_SQL = `INSERT INTO contact_import_rows (space_id, import_id, ${NAMES})
  SELECT $1, $2, ${NAMES} FROM jsonb_to_recordset($3::jsonb) AS x (${STAGED_COLUMNS.join(', ')})`;
