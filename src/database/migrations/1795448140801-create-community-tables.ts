import type { MigrationInterface, QueryRunner } from 'typeorm';

export class CreateCommunityTables1795448140801 implements MigrationInterface {
  name = 'CreateCommunityTables1795448140801';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Times are kept to the millisecond (timestamptz(3)): what JavaScript's Date holds, so a
    // keyset cursor built from a row's time finds that row again exactly.
    // Accounts are not owned by a space: one person, one account, several spaces.
    await queryRunner.query(`
      CREATE TABLE accounts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        name text NOT NULL,
        password_hash text NOT NULL,
        language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
        email_verified_at timestamptz(3),
        platform_role text CHECK (platform_role IN ('owner', 'staff')),
        last_sign_in_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    // Emails are stored lower-cased, so a plain unique index is case-insensitive.
    await queryRunner.query('CREATE UNIQUE INDEX accounts_email_key ON accounts (email)');
    await queryRunner.query(`
      CREATE TABLE account_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        purpose text NOT NULL CHECK (purpose IN ('verify_email', 'reset_password', 'change_email')),
        token_hash text NOT NULL,
        new_email text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        used_at timestamptz(3)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX account_tokens_hash_key ON account_tokens (token_hash)');
    await queryRunner.query('CREATE INDEX account_tokens_account_idx ON account_tokens (account_id, purpose)');
    await queryRunner.query(`
      CREATE TABLE sign_in_attempts (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        email_key text NOT NULL,
        account_id uuid REFERENCES accounts (id) ON DELETE CASCADE,
        ip text NOT NULL,
        trusted_device boolean NOT NULL,
        succeeded boolean NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX sign_in_attempts_email_idx ON sign_in_attempts (email_key, created_at)');
    await queryRunner.query('CREATE INDEX sign_in_attempts_ip_idx ON sign_in_attempts (ip, created_at)');
    // Attempts older than a day are pruned.
    await queryRunner.query('CREATE INDEX sign_in_attempts_created_idx ON sign_in_attempts (created_at)');

    await queryRunner.query(`
      CREATE TABLE spaces (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL,
        name text NOT NULL,
        language text NOT NULL DEFAULT 'fr' CHECK (language IN ('fr', 'en')),
        contact_email text,
        invite_code text NOT NULL,
        enabled_modules text[] NOT NULL,
        created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX spaces_slug_key ON spaces (slug)');
    await queryRunner.query('CREATE UNIQUE INDEX spaces_invite_code_key ON spaces (invite_code)');
    await queryRunner.query(`
      CREATE TABLE memberships (
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'coordinator', 'member')),
        joined_via text NOT NULL CHECK (joined_via IN ('creator', 'code', 'invitation')),
        joined_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, account_id)
      )`);
    await queryRunner.query('CREATE INDEX memberships_role_idx ON memberships (space_id, role)');
    // The one index not led by space_id: the spaces of one person (header switcher).
    await queryRunner.query('CREATE INDEX memberships_account_idx ON memberships (account_id)');

    await queryRunner.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        name text NOT NULL,
        created_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX teams_name_key ON teams (space_id, lower(name))');
    await queryRunner.query('CREATE UNIQUE INDEX teams_space_id_key ON teams (space_id, id)');
    // A team member is a member of the space: leaving the space leaves its teams.
    await queryRunner.query(`
      CREATE TABLE team_members (
        space_id uuid NOT NULL,
        team_id uuid NOT NULL,
        account_id uuid NOT NULL,
        is_coordinator boolean NOT NULL DEFAULT false,
        added_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, team_id, account_id),
        FOREIGN KEY (space_id, team_id) REFERENCES teams (space_id, id) ON DELETE CASCADE,
        FOREIGN KEY (space_id, account_id) REFERENCES memberships (space_id, account_id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX team_members_account_idx ON team_members (space_id, account_id)');

    await queryRunner.query(`
      CREATE TABLE invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        email text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'supervisor', 'coordinator', 'member')),
        team_id uuid,
        token_hash text NOT NULL,
        invited_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        expires_at timestamptz(3) NOT NULL,
        last_sent_at timestamptz(3) NOT NULL DEFAULT now(),
        send_count integer NOT NULL DEFAULT 1,
        accepted_at timestamptz(3),
        accepted_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        revoked_at timestamptz(3),
        FOREIGN KEY (space_id, team_id) REFERENCES teams (space_id, id) ON DELETE SET NULL (team_id)
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX invitations_token_key ON invitations (token_hash)');
    await queryRunner.query('CREATE INDEX invitations_list_idx ON invitations (space_id, created_at DESC, id DESC)');
    // One open invitation per address and space; inviting again renews it.
    await queryRunner.query(
      'CREATE UNIQUE INDEX invitations_open_key ON invitations (space_id, email) WHERE accepted_at IS NULL AND revoked_at IS NULL',
    );

    await queryRunner.query(`
      CREATE TABLE announcements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        title text NOT NULL,
        body text NOT NULL,
        pinned boolean NOT NULL DEFAULT false,
        -- False: only the members of its teams (announcement_teams) see it; if those teams
        -- are deleted, nobody but publishers does.
        for_everyone boolean NOT NULL DEFAULT true,
        author_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        updated_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX announcements_space_id_key ON announcements (space_id, id)');
    await queryRunner.query(
      'CREATE INDEX announcements_list_idx ON announcements (space_id, pinned DESC, created_at DESC, id DESC)',
    );
    await queryRunner.query(`
      CREATE TABLE announcement_teams (
        space_id uuid NOT NULL,
        announcement_id uuid NOT NULL,
        team_id uuid NOT NULL,
        PRIMARY KEY (space_id, announcement_id, team_id),
        FOREIGN KEY (space_id, announcement_id) REFERENCES announcements (space_id, id) ON DELETE CASCADE,
        FOREIGN KEY (space_id, team_id) REFERENCES teams (space_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX announcement_teams_team_idx ON announcement_teams (space_id, team_id)');
    await queryRunner.query(`
      CREATE TABLE announcement_reads (
        space_id uuid NOT NULL,
        announcement_id uuid NOT NULL,
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        read_at timestamptz(3) NOT NULL DEFAULT now(),
        PRIMARY KEY (space_id, announcement_id, account_id),
        FOREIGN KEY (space_id, announcement_id) REFERENCES announcements (space_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX announcement_reads_account_idx ON announcement_reads (space_id, account_id)');

    await queryRunner.query(`
      CREATE TABLE documents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        space_id uuid NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
        title text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('file', 'link')),
        url text,
        file_name text,
        storage_key text,
        mime_type text,
        size_bytes bigint,
        for_everyone boolean NOT NULL DEFAULT true,
        published_by uuid REFERENCES accounts (id) ON DELETE SET NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CHECK ((kind = 'link' AND url IS NOT NULL) OR (kind = 'file' AND storage_key IS NOT NULL))
      )`);
    await queryRunner.query('CREATE UNIQUE INDEX documents_space_id_key ON documents (space_id, id)');
    await queryRunner.query('CREATE INDEX documents_list_idx ON documents (space_id, created_at DESC, id DESC)');
    await queryRunner.query(`
      CREATE TABLE document_teams (
        space_id uuid NOT NULL,
        document_id uuid NOT NULL,
        team_id uuid NOT NULL,
        PRIMARY KEY (space_id, document_id, team_id),
        FOREIGN KEY (space_id, document_id) REFERENCES documents (space_id, id) ON DELETE CASCADE,
        FOREIGN KEY (space_id, team_id) REFERENCES teams (space_id, id) ON DELETE CASCADE
      )`);
    await queryRunner.query('CREATE INDEX document_teams_team_idx ON document_teams (space_id, team_id)');
    await queryRunner.query(`
      CREATE TABLE document_opens (
        space_id uuid NOT NULL,
        document_id uuid NOT NULL,
        account_id uuid NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
        first_opened_at timestamptz(3) NOT NULL DEFAULT now(),
        last_opened_at timestamptz(3) NOT NULL DEFAULT now(),
        open_count integer NOT NULL DEFAULT 1,
        PRIMARY KEY (space_id, document_id, account_id),
        FOREIGN KEY (space_id, document_id) REFERENCES documents (space_id, id) ON DELETE CASCADE
      )`);

    // Platform events (a sign-in) have no space; everything else belongs to one.
    await queryRunner.query(`
      CREATE TABLE audit_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        space_id uuid REFERENCES spaces (id) ON DELETE CASCADE,
        actor_id uuid REFERENCES accounts (id) ON DELETE SET NULL,
        actor_label text,
        by_support boolean NOT NULL DEFAULT false,
        action text NOT NULL,
        target_type text,
        target_id text,
        target_label text,
        details jsonb,
        ip text,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await queryRunner.query('CREATE INDEX audit_log_list_idx ON audit_log (space_id, created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX audit_log_actor_idx ON audit_log (space_id, actor_id, created_at DESC)');
    await queryRunner.query('CREATE INDEX audit_log_action_idx ON audit_log (space_id, action, created_at DESC)');

    await queryRunner.query(`
      CREATE TABLE mail_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        to_address text NOT NULL,
        subject text NOT NULL,
        text_body text,
        html_body text,
        language text NOT NULL,
        template text NOT NULL,
        status text NOT NULL CHECK (status IN ('outbox', 'sent', 'failed')),
        error text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        sent_at timestamptz(3)
      )`);
    await queryRunner.query('CREATE INDEX mail_outbox_list_idx ON mail_outbox (created_at DESC, id DESC)');
    await queryRunner.query('CREATE INDEX mail_outbox_to_idx ON mail_outbox (to_address, created_at DESC)');

    // "Sign out everywhere" deletes the sessions of one account.
    await queryRunner.query(`CREATE INDEX session_account_idx ON session ((sess -> 'passport' ->> 'user'))`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP INDEX session_account_idx');
    for (const table of [
      'mail_outbox',
      'audit_log',
      'document_opens',
      'document_teams',
      'documents',
      'announcement_reads',
      'announcement_teams',
      'announcements',
      'invitations',
      'team_members',
      'teams',
      'memberships',
      'spaces',
      'sign_in_attempts',
      'account_tokens',
      'accounts',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
