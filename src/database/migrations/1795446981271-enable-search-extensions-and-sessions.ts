import type { MigrationInterface, QueryRunner } from 'typeorm';

export class EnableSearchExtensionsAndSessions1795446981271 implements MigrationInterface {
  name = 'EnableSearchExtensionsAndSessions1795446981271';

  async up(queryRunner: QueryRunner): Promise<void> {
    // Search ignores case and accents (pg_trgm for fuzzy matching, unaccent for accents).
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS unaccent');
    // unaccent() is only STABLE (its dictionary could change), so it cannot appear in an
    // index; this wrapper pins the dictionary and is declared IMMUTABLE for that purpose.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION immutable_unaccent(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $fn$ SELECT public.unaccent('public.unaccent'::regdictionary, input) $fn$`);
    // Normal form used by every search index and query: lower case, no accents.
    await queryRunner.query(`
      CREATE OR REPLACE FUNCTION search_normalize(input text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
      AS $fn$ SELECT lower(public.immutable_unaccent(input)) $fn$`);
    // Sessions, in the layout connect-pg-simple expects.
    await queryRunner.query(`
      CREATE TABLE "session" (
        "sid" varchar NOT NULL,
        "sess" json NOT NULL,
        "expire" timestamp(6) NOT NULL,
        CONSTRAINT "session_pkey" PRIMARY KEY ("sid")
      )`);
    await queryRunner.query('CREATE INDEX "session_expire_idx" ON "session" ("expire")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "session"');
    await queryRunner.query('DROP FUNCTION search_normalize(text)');
    await queryRunner.query('DROP FUNCTION immutable_unaccent(text)');
    await queryRunner.query('DROP EXTENSION IF EXISTS unaccent');
    await queryRunner.query('DROP EXTENSION IF EXISTS pg_trgm');
  }
}
