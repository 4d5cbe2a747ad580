import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Abbreviations of French street names, spelled out in address keys (duplicate detection). */
const ADDRESS_ABBREVIATIONS = [
  ['av', 'avenue'],
  ['ave', 'avenue'],
  ['bd', 'boulevard'],
  ['bld', 'boulevard'],
  ['bvd', 'boulevard'],
  ['boul', 'boulevard'],
  ['r', 'rue'],
  ['pl', 'place'],
  ['imp', 'impasse'],
  ['ch', 'chemin'],
  ['chem', 'chemin'],
  ['all', 'allee'],
  ['rte', 'route'],
  ['sq', 'square'],
  ['fg', 'faubourg'],
  ['fbg', 'faubourg'],
  ['crs', 'cours'],
  ['res', 'residence'],
  ['st', 'saint'],
  ['ste', 'sainte'],
];
const ADDRESS_PUNCTUATION = `.,;:'"’\`-_/\\()[]&°«»#!?*+`;

export class CreateContactsTables1795451226281 implements MigrationInterface {
  name = 'CreateContactsTables1795451226281';

  async up(queryRunner: QueryRunner): Promise<void> {
    // GIN indexes that start with space_id (tags, trigram search) need btree_gin.
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gin');

    await queryRunner.query(`
      CREATE TABLE support_levels (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        label text NOT NULL,
        colour text NOT NULL CHECK (colour ~ '^#[0-9a-f]{6}$'),
        position integer NOT NULL,
        category text NOT NULL CHECK (category IN ('opposed', 'undecided', 'supporter', 'volunteer')),
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX support_levels_space_id_key ON support_levels (space_id, id)');
    await queryRunner.query('CREATE INDEX support_levels_position_idx ON support_levels (space_id, position)');

    await queryRunner.query(`
      CREATE TABLE contacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        first_name text,
        last_name text,
        gender text NOT NULL DEFAULT 'unknown' CHECK (gender IN ('female', 'male', 'other', 'unknown')),
        birth_date date,
        email text,
        phone text,
        phone_raw text,
        street_number text,
        street text,
        postcode text,
        city text,
        insee_code text,
        latitude double precision,
        longitude double precision,
        support_level_id uuid,
        tags text[] NOT NULL DEFAULT '{}',
        origin text NOT NULL CHECK (origin IN ('field', 'import', 'form', 'manual')),
        notes text,
        consent_email boolean,
        consent_sms boolean,
        consent_phone boolean,
        consent_post boolean,
        do_not_contact boolean NOT NULL DEFAULT false,
        created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        updated_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now(),
        last_interaction_at timestamptz(3),
        merged_into uuid,
        erased_at timestamptz(3),
        -- Kept up to date by Postgres for the list: the name as sorted and searched (lower
        -- case, no accents). COLLATE "C" lets one btree index serve both ORDER BY and the
        -- LIKE 'du%' of a short search.
        sort_name text COLLATE "C" GENERATED ALWAYS AS
          (search_normalize(coalesce(last_name, '') || ' ' || coalesce(first_name, ''))) STORED,
        first_key text COLLATE "C" GENERATED ALWAYS AS (search_normalize(coalesce(first_name, ''))) STORED,
        -- (concat_ws is not IMMUTABLE, hence the || chain.)
        search_text text GENERATED ALWAYS AS (search_normalize(
          coalesce(first_name, '') || ' ' || coalesce(last_name, '') || ' ' || coalesce(email, '') || ' ' ||
          coalesce(phone, '') || ' ' || coalesce(postcode, '') || ' ' || coalesce(city, ''))) STORED,
        FOREIGN KEY (space_id, support_level_id) REFERENCES support_levels (space_id, id) ON DELETE SET NULL (support_level_id)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX contacts_space_id_key ON contacts (space_id, id)');
    // Lists never show merged or erased contacts: every list index leaves them out.
    const live = 'WHERE merged_into IS NULL AND erased_at IS NULL';
    await queryRunner.query(`CREATE INDEX contacts_name_idx ON contacts (space_id, sort_name, id) ${live}`);
    // First names starting with one or two letters, in name order (see namePrefixPage):
    // the columns the list filters on most are included, so that the index alone answers.
    await queryRunner.query(
      `CREATE INDEX contacts_first_idx ON contacts (space_id, first_key, sort_name, id) INCLUDE (do_not_contact, created_by) ${live}`,
    );
    await queryRunner.query(
      `CREATE INDEX contacts_created_idx ON contacts (space_id, created_at DESC, id DESC) ${live}`,
    );
    await queryRunner.query(
      `CREATE INDEX contacts_updated_idx ON contacts (space_id, updated_at DESC, id DESC) ${live}`,
    );
    // Never-met contacts sort last as "met at -infinity": a cursor among them stays a plain
    // row comparison on the index (the list's interaction order says the same).
    await queryRunner.query(
      `CREATE INDEX contacts_interaction_idx ON contacts (space_id, coalesce(last_interaction_at, '-infinity'::timestamptz) DESC, id DESC) ${live}`,
    );
    // The one index that does not start with space_id: in a GIN index, the space's entry
    // lists every contact of the space, so the planner prices (space_id, search_text) like
    // reading the whole space and never uses it. The space is checked on the few rows found.
    await queryRunner.query(
      `CREATE INDEX contacts_search_idx ON contacts USING gin (search_text gin_trgm_ops) ${live}`,
    );
    await queryRunner.query(`CREATE INDEX contacts_tags_idx ON contacts USING gin (space_id, tags) ${live}`);
    await queryRunner.query(
      `CREATE INDEX contacts_level_idx ON contacts (space_id, support_level_id, sort_name, id) ${live}`,
    );
    await queryRunner.query(
      `CREATE INDEX contacts_postcode_idx ON contacts (space_id, postcode, sort_name, id) ${live}`,
    );
    await queryRunner.query(`CREATE INDEX contacts_city_idx ON contacts (space_id, search_normalize(city)) ${live}`);
    await queryRunner.query(
      `CREATE INDEX contacts_creator_idx ON contacts (space_id, created_by, sort_name, id) ${live}`,
    );
    // Matching (import, duplicates) by address and phone.
    await queryRunner.query(`CREATE INDEX contacts_email_idx ON contacts (space_id, email) ${live}`);
    await queryRunner.query(`CREATE INDEX contacts_phone_idx ON contacts (space_id, phone) ${live}`);
    await queryRunner.query(
      'CREATE INDEX contacts_merged_idx ON contacts (space_id, merged_into) WHERE merged_into IS NOT NULL',
    );
    // Duplicate detection groups live contacts by these keys: one index per rule, in key
    // order, so that a page of groups is read from an index instead of sorting the base.
    // "12, av. de la République" and "12 Avenue de la Republique" give the same address key:
    // lower case without accents, common abbreviations spelled out, punctuation and spaces
    // gone. Plain replace() calls (no regular expression) keep it cheap on every write.
    const normalised = "public.search_normalize(coalesce(street_number, '') || ' ' || coalesce(street, ''))";
    const punctuation = ADDRESS_PUNCTUATION.replace(/'/g, "''");
    const words = `' ' || translate(${normalised}, '${punctuation}', '${' '.repeat(ADDRESS_PUNCTUATION.length)}') || ' '`;
    const spelledOut = ADDRESS_ABBREVIATIONS.reduce(
      (sql, [short, word]) => `replace(${sql}, ' ${short} ', ' ${word} ')`,
      words,
    );
    await queryRunner.query(`
      CREATE FUNCTION duplicate_address_key(street_number text, street text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $fn$ SELECT replace(${spelledOut}, ' ', '') $fn$`);
    const named = `${live} AND first_name IS NOT NULL AND last_name IS NOT NULL`;
    await queryRunner.query(
      `CREATE INDEX contacts_dup_birth_idx ON contacts (space_id, sort_name, first_key, birth_date) ${named} AND birth_date IS NOT NULL`,
    );
    // INCLUDE lets Postgres compute the address key from the index alone (index-only scans).
    await queryRunner.query(
      `CREATE INDEX contacts_dup_address_idx ON contacts (space_id, sort_name, first_key, duplicate_address_key(street_number, street), postcode)
       INCLUDE (street_number, street) ${named} AND street IS NOT NULL AND postcode IS NOT NULL`,
    );
    await queryRunner.query(
      `CREATE INDEX contacts_dup_address_city_idx ON contacts (space_id, sort_name, first_key, duplicate_address_key(street_number, street), search_normalize(city))
       INCLUDE (street_number, street, city) ${named} AND street IS NOT NULL AND city IS NOT NULL`,
    );
    // Retention: contacts by their last interaction, or their creation when they never had one.
    await queryRunner.query(
      `CREATE INDEX contacts_retention_idx ON contacts (space_id, (coalesce(last_interaction_at, created_at)), id) ${live}`,
    );
    // The people an erasure or a purge has just anonymised, for the event that tells other modules.
    await queryRunner.query(
      'CREATE INDEX contacts_erased_idx ON contacts (space_id, erased_at, id) WHERE erased_at IS NOT NULL',
    );
    // "Who viewed this contact" (GDPR access) and the erasure of the names kept in the audit log.
    await queryRunner.query(
      'CREATE INDEX audit_log_target_idx ON audit_log (space_id, target_type, target_id, created_at DESC)',
    );

    // The consent ledger: every decision is kept; contacts.consent_* holds the latest.
    await queryRunner.query(`
      CREATE TABLE contact_consents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        space_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        channel text NOT NULL CHECK (channel IN ('email', 'sms', 'phone', 'post')),
        granted boolean NOT NULL,
        source text NOT NULL CHECK (source IN ('field', 'import', 'form', 'manual')),
        proof text,
        recorded_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        recorded_at timestamptz(3) NOT NULL DEFAULT now(),
        FOREIGN KEY (space_id, contact_id) REFERENCES contacts (space_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      'CREATE INDEX contact_consents_contact_idx ON contact_consents (space_id, contact_id, recorded_at DESC, id DESC)',
    );

    // The contacts module's own timeline entries (other modules keep theirs).
    await queryRunner.query(`
      CREATE TABLE contact_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        space_id uuid NOT NULL,
        contact_id uuid NOT NULL,
        kind text NOT NULL,
        actor_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
        details jsonb,
        at timestamptz(3) NOT NULL DEFAULT now(),
        FOREIGN KEY (space_id, contact_id) REFERENCES contacts (space_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      'CREATE INDEX contact_events_contact_idx ON contact_events (space_id, contact_id, at DESC, id DESC)',
    );

    await queryRunner.query(`
      CREATE TABLE contact_saved_filters (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        owner_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        name text NOT NULL,
        query text NOT NULL,
        shared boolean NOT NULL DEFAULT false,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query(
      'CREATE UNIQUE INDEX contact_saved_filters_space_id_key ON contact_saved_filters (space_id, id)',
    );
    await queryRunner.query(
      'CREATE INDEX contact_saved_filters_owner_idx ON contact_saved_filters (space_id, owner_id)',
    );
    await queryRunner.query(
      'CREATE INDEX contact_saved_filters_shared_idx ON contact_saved_filters (space_id) WHERE shared',
    );
    // Up to four pinned lists per person, their own or shared ones.
    await queryRunner.query(`
      CREATE TABLE contact_filter_pins (
        space_id uuid NOT NULL,
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        filter_id uuid NOT NULL,
        pinned_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, account_id, filter_id),
        FOREIGN KEY (space_id, filter_id) REFERENCES contact_saved_filters (space_id, id) ON DELETE CASCADE
      )`);

    await queryRunner.query(`
      CREATE TABLE contact_not_duplicates (
        space_id uuid NOT NULL,
        contact_a uuid NOT NULL,
        contact_b uuid NOT NULL,
        decided_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        decided_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, contact_a, contact_b),
        CHECK (contact_a < contact_b),
        FOREIGN KEY (space_id, contact_a) REFERENCES contacts (space_id, id) ON DELETE CASCADE,
        FOREIGN KEY (space_id, contact_b) REFERENCES contacts (space_id, id) ON DELETE CASCADE
      )`);

    // A merge keeps what it changed for 30 days, so that it can be undone.
    await queryRunner.query(`
      CREATE TABLE contact_merges (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        master_id uuid NOT NULL,
        merged_ids uuid[] NOT NULL,
        snapshot jsonb NOT NULL,
        merged_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        undone_at timestamptz(3),
        FOREIGN KEY (space_id, master_id) REFERENCES contacts (space_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query(
      'CREATE INDEX contact_merges_list_idx ON contact_merges (space_id, created_at DESC, id DESC)',
    );

    await queryRunner.query(`
      CREATE TABLE contact_imports (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        file_name text NOT NULL,
        stored_name text NOT NULL,
        size_bytes bigint NOT NULL,
        encoding text NOT NULL,
        separator text NOT NULL,
        headers text[] NOT NULL,
        mapping jsonb,
        match_mode text NOT NULL DEFAULT 'fill' CHECK (match_mode IN ('fill', 'overwrite', 'skip')),
        keep_valid_rows boolean NOT NULL DEFAULT false,
        status text NOT NULL CHECK (status IN ('uploaded', 'queued', 'reading', 'writing', 'done', 'failed')),
        total_rows integer,
        processed_rows integer NOT NULL DEFAULT 0,
        created_count integer NOT NULL DEFAULT 0,
        updated_count integer NOT NULL DEFAULT 0,
        skipped_count integer NOT NULL DEFAULT 0,
        rejected_count integer NOT NULL DEFAULT 0,
        report jsonb,
        error text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        started_at timestamptz(3),
        finished_at timestamptz(3)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX contact_imports_space_id_key ON contact_imports (space_id, id)');
    await queryRunner.query(
      'CREATE INDEX contact_imports_list_idx ON contact_imports (space_id, created_at DESC, id DESC)',
    );

    // An import's rows on their way in: parsed, checked and normalised, then merged into
    // contacts in one transaction (all or nothing). Unlogged: a crash loses only rows that
    // the import would redo. Rejected rows stay a week, for the "rejected rows" download.
    await queryRunner.query(`
      CREATE UNLOGGED TABLE contact_import_rows (
        space_id uuid NOT NULL,
        import_id uuid NOT NULL,
        line integer NOT NULL,
        -- The cells as read, kept for rejected rows only (the "rejected rows" file).
        raw text[],
        problems jsonb,
        status text NOT NULL DEFAULT 'valid' CHECK (status IN ('valid', 'rejected', 'skipped', 'created', 'updated')),
        skip_reason text,
        -- The contact the row updates, when it matches one.
        contact_id uuid,
        changed_fields text[],
        first_name text,
        last_name text,
        gender text,
        birth_date date,
        email text,
        phone text,
        phone_raw text,
        street_number text,
        street text,
        postcode text,
        city text,
        insee_code text,
        latitude double precision,
        longitude double precision,
        support_level_id uuid,
        tags text[],
        notes text,
        consent_email boolean,
        consent_sms boolean,
        consent_phone boolean,
        consent_post boolean,
        PRIMARY KEY (space_id, import_id, line)
      )`);

    // Per space: the last column mapping (suggested next time) and the retention rule.
    await queryRunner.query(`
      CREATE TABLE contact_settings (
        space_id uuid PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
        import_mapping jsonb,
        retention_months integer CHECK (retention_months IS NULL OR retention_months BETWEEN 1 AND 240),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);

    // Erased people: a hash of their address and phone, so that an import cannot bring them back.
    await queryRunner.query(`
      CREATE TABLE contact_suppressions (
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('email', 'phone')),
        value_hash text NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, kind, value_hash)
      )`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX audit_log_target_idx');
    for (const table of [
      'contact_suppressions',
      'contact_settings',
      'contact_import_rows',
      'contact_imports',
      'contact_merges',
      'contact_not_duplicates',
      'contact_filter_pins',
      'contact_saved_filters',
      'contact_events',
      'contact_consents',
      'contacts',
      'support_levels',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query('DROP FUNCTION duplicate_address_key(text, text)');
  }
}
