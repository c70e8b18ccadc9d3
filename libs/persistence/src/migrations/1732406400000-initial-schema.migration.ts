import type { MigrationInterface, QueryRunner } from 'typeorm';

// The read models that the worker's activities write and the API reads, the directory, and the append-only,
// hash-chained audit log. Written as SQL so that constraints, triggers and indexes are explicit.
export class InitialSchema1732406400000 implements MigrationInterface {
  name = 'InitialSchema1732406400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE org_unit (
        id text PRIMARY KEY,
        name text NOT NULL,
        short_name text,
        kind text NOT NULL,
        parent_id text REFERENCES org_unit(id) DEFERRABLE INITIALLY DEFERRED,
        reports_to_id text REFERENCES org_unit(id) DEFERRABLE INITIALLY DEFERRED,
        aliases text[] NOT NULL DEFAULT '{}',
        valid_from date,
        valid_to date,
        successor_id text REFERENCES org_unit(id) DEFERRABLE INITIALLY DEFERRED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX org_unit_reports_to_idx ON org_unit (reports_to_id);
      CREATE INDEX org_unit_parent_idx ON org_unit (parent_id);
      CREATE INDEX org_unit_kind_idx ON org_unit (kind);

      CREATE TABLE app_user (
        id text PRIMARY KEY,
        username text NOT NULL UNIQUE,
        display_name text NOT NULL,
        unit_id text NOT NULL REFERENCES org_unit(id),
        roles text[] NOT NULL,
        password_hash text,
        active boolean NOT NULL DEFAULT true,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX app_user_unit_idx ON app_user (unit_id);

      CREATE TABLE plan (
        id uuid PRIMARY KEY,
        number text,
        title text NOT NULL,
        issuer_unit_id text NOT NULL REFERENCES org_unit(id),
        issued_at date,
        place text,
        description text,
        basis jsonb NOT NULL DEFAULT '[]',
        parent_plan_id uuid REFERENCES plan(id),
        horizon jsonb,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft','active','closed','cancelled')),
        source jsonb,
        created_by text,
        workflow_id text,
        launched_at timestamptz,
        closed_at timestamptz,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX plan_issuer_idx ON plan (issuer_unit_id);
      CREATE INDEX plan_parent_idx ON plan (parent_plan_id);

      CREATE TABLE task (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES plan(id),
        position integer NOT NULL,
        ref text NOT NULL,
        title text NOT NULL,
        content text,
        lead jsonb NOT NULL DEFAULT '[]',
        coordinators jsonb NOT NULL DEFAULT '[]',
        timeframe jsonb NOT NULL,
        reviewer_unit_id text REFERENCES org_unit(id),
        consolidate boolean NOT NULL DEFAULT false,
        step_days integer NOT NULL DEFAULT 5,
        reminder_offsets integer[],
        lines jsonb,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','cancelled','done')),
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX task_plan_idx ON task (plan_id);

      -- The units a task names once group targets are expanded (at launch, or by an amendment).
      CREATE TABLE task_target (
        task_id uuid NOT NULL REFERENCES task(id),
        unit_id text NOT NULL REFERENCES org_unit(id),
        active boolean NOT NULL DEFAULT true,
        PRIMARY KEY (task_id, unit_id)
      );

      CREATE TABLE assignment (
        id uuid PRIMARY KEY,
        workflow_id text NOT NULL UNIQUE,
        plan_id uuid NOT NULL REFERENCES plan(id),
        task_id uuid NOT NULL REFERENCES task(id),
        period_key text NOT NULL,
        unit_id text NOT NULL REFERENCES org_unit(id),
        kind text NOT NULL CHECK (kind IN ('lead','coordination','consolidation')),
        parent_assignment_id uuid REFERENCES assignment(id),
        reviewer_unit_id text NOT NULL REFERENCES org_unit(id),
        title text NOT NULL,
        state text NOT NULL CHECK (state IN ('assigned','acknowledged','in_progress','submitted','returned','approved','cancelled')),
        version integer NOT NULL DEFAULT 1,
        due date,
        due_at timestamptz,
        submitted_at timestamptz,
        approved_at timestamptz,
        on_time boolean,
        submission_version integer NOT NULL DEFAULT 0,
        escalation_level integer NOT NULL DEFAULT 0,
        consolidation jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX assignment_unit_state_idx ON assignment (unit_id, state, due_at);
      CREATE INDEX assignment_reviewer_state_idx ON assignment (reviewer_unit_id, state);
      CREATE INDEX assignment_plan_idx ON assignment (plan_id, task_id);
      CREATE INDEX assignment_parent_idx ON assignment (parent_assignment_id);
      CREATE INDEX assignment_open_due_idx ON assignment (due_at) WHERE state NOT IN ('approved','cancelled');

      CREATE TABLE submission (
        id uuid PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES assignment(id),
        version integer NOT NULL,
        text text NOT NULL,
        attachments jsonb NOT NULL DEFAULT '[]',
        consolidation jsonb,
        submitted_by text NOT NULL,
        submitted_at timestamptz NOT NULL,
        decision text CHECK (decision IN ('approved','returned')),
        decided_by text,
        decided_at timestamptz,
        decision_comment text,
        UNIQUE (assignment_id, version)
      );

      CREATE TABLE attachment (
        id uuid PRIMARY KEY,
        sha256 text NOT NULL,
        file_name text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        content bytea NOT NULL,
        uploaded_by text NOT NULL,
        unit_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX attachment_sha_idx ON attachment (sha256);

      CREATE TABLE extension_request (
        id text PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES assignment(id),
        requested_due date NOT NULL,
        reason text NOT NULL,
        requested_by text NOT NULL,
        status text NOT NULL CHECK (status IN ('pending','granted','refused')),
        decided_by text,
        decision_comment text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX extension_assignment_idx ON extension_request (assignment_id);

      CREATE TABLE coordination_request (
        id text PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES assignment(id),
        unit_ids text[] NOT NULL,
        due date,
        message text NOT NULL,
        requested_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE assignment_comment (
        id text PRIMARY KEY,
        assignment_id uuid NOT NULL REFERENCES assignment(id),
        author_id text NOT NULL,
        author_unit_id text,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX comment_assignment_idx ON assignment_comment (assignment_id, created_at);

      -- Addressed to a unit (and optionally one role there): inboxes read them by the caller's unit and roles.
      CREATE TABLE notification (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        event_key text NOT NULL,
        recipient_unit_id text NOT NULL,
        recipient_role text,
        kind text NOT NULL,
        plan_id uuid,
        assignment_id uuid,
        message text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (event_key, recipient_unit_id, recipient_role)
      );
      CREATE INDEX notification_recipient_idx ON notification (recipient_unit_id, created_at DESC);

      CREATE TABLE idempotency_record (
        user_id text NOT NULL,
        key text NOT NULL,
        method text NOT NULL,
        path text NOT NULL,
        body_hash text NOT NULL,
        status_code integer,
        response jsonb,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (user_id, key)
      );

      -- Append-only and hash-chained: each row carries the hash of the previous one.
      CREATE TABLE audit_log (
        seq bigint PRIMARY KEY,
        event_key text NOT NULL UNIQUE,
        occurred_at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_unit_id text,
        actor_ip text,
        request_id text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        plan_id uuid,
        assignment_id uuid,
        workflow_id text,
        before jsonb,
        after jsonb,
        details jsonb,
        prev_hash text NOT NULL,
        hash text NOT NULL
      );
      CREATE INDEX audit_plan_idx ON audit_log (plan_id, seq);
      CREATE INDEX audit_assignment_idx ON audit_log (assignment_id, seq);
      CREATE INDEX audit_entity_idx ON audit_log (entity_type, entity_id, seq);

      CREATE FUNCTION audit_log_forbid_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'audit_log is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION audit_log_forbid_change();
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION audit_log_forbid_change();
    `);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP TABLE IF EXISTS audit_log, idempotency_record, notification, assignment_comment, coordination_request,
        extension_request, attachment, submission, assignment, task_target, task, plan, app_user, org_unit CASCADE;
      DROP FUNCTION IF EXISTS audit_log_forbid_change();
    `);
  }
}
