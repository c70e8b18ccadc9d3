import type { MigrationInterface, QueryRunner } from 'typeorm';

// The directory with effective dates (one row per version of a unit), unit codes and user e-mail, revoked access
// tokens (logout), reorganisations and the moves they make, and delegations (ủy quyền). org_unit stays the
// identity that other tables reference; its columns hold the version in effect today (refreshed on every change
// and when the date passes a boundary), so existing readers keep working.
export class DirectoryVersions1764000500000 implements MigrationInterface {
  name = 'DirectoryVersions1764000500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE org_unit ADD COLUMN code text;
      ALTER TABLE app_user ADD COLUMN email text;
      ALTER TABLE app_user ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now();

      CREATE TABLE org_unit_version (
        unit_id text NOT NULL REFERENCES org_unit(id) DEFERRABLE INITIALLY DEFERRED,
        valid_from date,
        valid_to date,
        name text NOT NULL,
        short_name text,
        kind text NOT NULL,
        code text,
        parent_id text REFERENCES org_unit(id) DEFERRABLE INITIALLY DEFERRED,
        reports_to_id text REFERENCES org_unit(id) DEFERRABLE INITIALLY DEFERRED,
        aliases text[] NOT NULL DEFAULT '{}',
        successor_id text REFERENCES org_unit(id) DEFERRABLE INITIALLY DEFERRED,
        CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to)
      );
      CREATE UNIQUE INDEX org_unit_version_key ON org_unit_version (unit_id, coalesce(valid_from, '-infinity'::date));
      CREATE INDEX org_unit_version_reports_to_idx ON org_unit_version (reports_to_id);
      CREATE INDEX org_unit_version_parent_idx ON org_unit_version (parent_id);
      INSERT INTO org_unit_version (unit_id, valid_from, valid_to, name, short_name, kind, code, parent_id, reports_to_id, aliases, successor_id)
        SELECT id, valid_from, valid_to, name, short_name, kind, code, parent_id, reports_to_id, aliases, successor_id FROM org_unit;

      -- Logout: the token's hash until the token would have expired anyway.
      CREATE TABLE revoked_token (
        token_hash text PRIMARY KEY,
        user_id text NOT NULL,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX revoked_token_expiry_idx ON revoked_token (expires_at);

      CREATE TABLE reorganisation (
        id text PRIMARY KEY,
        effective_from date NOT NULL,
        reason text NOT NULL,
        request jsonb NOT NULL,
        goners jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('scheduled','applying','applied')),
        workflow_id text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        applied_at timestamptz,
        moved integer
      );

      -- The moves a reorganisation makes, decided once when it takes effect: each open assignment moves once.
      CREATE TABLE reorganisation_move (
        reorganisation_id text NOT NULL REFERENCES reorganisation(id),
        seq integer NOT NULL,
        assignment_id uuid NOT NULL,
        workflow_id text NOT NULL,
        action text NOT NULL CHECK (action IN ('reassign','merge_into')),
        from_unit_id text NOT NULL,
        to_unit_id text NOT NULL,
        into_assignment_id uuid,
        PRIMARY KEY (reorganisation_id, seq)
      );

      CREATE TABLE delegation (
        id uuid PRIMARY KEY,
        delegator_user_id text NOT NULL REFERENCES app_user(id),
        deputy_user_id text NOT NULL REFERENCES app_user(id),
        valid_from date NOT NULL,
        valid_to date NOT NULL,
        reason text NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        revoked_at timestamptz,
        CHECK (valid_from <= valid_to),
        CHECK (delegator_user_id <> deputy_user_id)
      );
      CREATE INDEX delegation_deputy_idx ON delegation (deputy_user_id, valid_from, valid_to);
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS delegation, reorganisation_move, reorganisation, revoked_token, org_unit_version;
      ALTER TABLE app_user DROP COLUMN IF EXISTS email, DROP COLUMN IF EXISTS updated_at;
      ALTER TABLE org_unit DROP COLUMN IF EXISTS code;
    `);
  }
}
