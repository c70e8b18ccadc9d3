import type { MigrationInterface, QueryRunner } from 'typeorm';

// Report forms on tasks (versioned: a form changed on a running plan is a new version, old figures keep theirs),
// the figures of each submission, the working-day calendar administrators edit (seeded with the official VN
// calendar 2024–2027), and e-mail: each user's address and preference, and one delivery row per notification and
// recipient so that a failing mail server is retried and its error shown, never blocking a workflow.
// The seed rows are written out here (not imported) so this migration stays what it was when it first ran.
const SEED: [date: string, kind: string, name: string, tentative: boolean][] = [
  ['2024-01-01', 'holiday', 'Tết Dương lịch', false],
  ['2024-02-08', 'holiday', 'Tết Nguyên đán Giáp Thìn (29 tháng Chạp)', false],
  ['2024-02-09', 'holiday', 'Tết Nguyên đán Giáp Thìn (30 tháng Chạp)', false],
  ['2024-02-12', 'holiday', 'Tết Nguyên đán Giáp Thìn (mùng 3)', false],
  ['2024-02-13', 'holiday', 'Tết Nguyên đán Giáp Thìn (mùng 4)', false],
  ['2024-02-14', 'holiday', 'Tết Nguyên đán Giáp Thìn (mùng 5)', false],
  ['2024-04-18', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', false],
  ['2024-04-29', 'day_off', 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 04/5/2024)', false],
  ['2024-04-30', 'holiday', 'Ngày Chiến thắng', false],
  ['2024-05-01', 'holiday', 'Ngày Quốc tế Lao động', false],
  ['2024-05-04', 'working_day', 'Làm bù cho thứ Hai 29/4/2024', false],
  ['2024-09-02', 'holiday', 'Quốc khánh', false],
  ['2024-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', false],
  ['2025-01-01', 'holiday', 'Tết Dương lịch', false],
  ['2025-01-27', 'holiday', 'Tết Nguyên đán Ất Tỵ (28 tháng Chạp)', false],
  ['2025-01-28', 'holiday', 'Tết Nguyên đán Ất Tỵ (29 tháng Chạp)', false],
  ['2025-01-29', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 1)', false],
  ['2025-01-30', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 2)', false],
  ['2025-01-31', 'holiday', 'Tết Nguyên đán Ất Tỵ (mùng 3)', false],
  ['2025-04-26', 'working_day', 'Làm bù cho thứ Sáu 02/5/2025', false],
  ['2025-04-07', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', false],
  ['2025-04-30', 'holiday', 'Ngày Chiến thắng', false],
  ['2025-05-01', 'holiday', 'Ngày Quốc tế Lao động', false],
  ['2025-05-02', 'day_off', 'Nghỉ hoán đổi dịp 30/4 – 1/5 (làm bù thứ Bảy 26/4/2025)', false],
  ['2025-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', false],
  ['2025-09-02', 'holiday', 'Quốc khánh', false],
  ['2026-01-01', 'holiday', 'Tết Dương lịch', false],
  ['2026-01-02', 'day_off', 'Nghỉ hoán đổi dịp Tết Dương lịch (làm bù thứ Bảy 10/01/2026)', false],
  ['2026-01-10', 'working_day', 'Làm bù cho thứ Sáu 02/01/2026', false],
  ['2026-02-16', 'holiday', 'Tết Nguyên đán Bính Ngọ (29 tháng Chạp)', false],
  ['2026-02-17', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 1)', false],
  ['2026-02-18', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 2)', false],
  ['2026-02-19', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 3)', false],
  ['2026-02-20', 'holiday', 'Tết Nguyên đán Bính Ngọ (mùng 4)', false],
  ['2026-04-27', 'holiday', 'Giỗ Tổ Hùng Vương (nghỉ bù cho Chủ nhật 26/4)', false],
  ['2026-04-30', 'holiday', 'Ngày Chiến thắng', false],
  ['2026-05-01', 'holiday', 'Ngày Quốc tế Lao động', false],
  ['2026-09-01', 'holiday', 'Quốc khánh (ngày liền kề)', true],
  ['2026-09-02', 'holiday', 'Quốc khánh', false],
  ['2027-01-01', 'holiday', 'Tết Dương lịch', false],
  ['2027-02-04', 'holiday', 'Tết Nguyên đán Đinh Mùi (trước giao thừa)', true],
  ['2027-02-05', 'holiday', 'Tết Nguyên đán Đinh Mùi (giao thừa)', true],
  ['2027-02-08', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 3)', true],
  ['2027-02-09', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 4)', true],
  ['2027-02-10', 'holiday', 'Tết Nguyên đán Đinh Mùi (mùng 5)', true],
  ['2027-04-16', 'holiday', 'Giỗ Tổ Hùng Vương (10/3 âm lịch)', false],
  ['2027-04-30', 'holiday', 'Ngày Chiến thắng', false],
  ['2027-05-03', 'holiday', 'Ngày Quốc tế Lao động (nghỉ bù cho thứ Bảy 01/5)', false],
  ['2027-09-02', 'holiday', 'Quốc khánh', false],
  ['2027-09-03', 'holiday', 'Quốc khánh (ngày liền kề)', true],
];

export class ReportsCalendarMail1764000600000 implements MigrationInterface {
  name = 'ReportsCalendarMail1764000600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE report_form (
        task_id uuid NOT NULL REFERENCES task(id),
        version integer NOT NULL CHECK (version >= 1),
        form jsonb NOT NULL,
        reason text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (task_id, version)
      );

      -- One row per submission that carried figures, keyed like the submission it belongs to. A row whose submission
      -- never came (the update was refused) has no submission row with that version and is ignored by every reader.
      CREATE TABLE report_figures (
        assignment_id uuid NOT NULL REFERENCES assignment(id),
        submission_version integer NOT NULL CHECK (submission_version >= 1),
        task_id uuid NOT NULL,
        unit_id text NOT NULL REFERENCES org_unit(id),
        form_version integer NOT NULL,
        figures jsonb NOT NULL,
        aggregate jsonb NOT NULL,
        comment text,
        submitted_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (assignment_id, submission_version),
        FOREIGN KEY (task_id, form_version) REFERENCES report_form(task_id, version)
      );
      CREATE INDEX report_figures_task_idx ON report_figures (task_id, unit_id);

      CREATE TABLE working_calendar_day (
        date date PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('holiday','day_off','working_day')),
        name text NOT NULL,
        tentative boolean NOT NULL DEFAULT false,
        updated_by text NOT NULL DEFAULT 'seed',
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      CREATE TABLE mail_setting (
        user_id text PRIMARY KEY REFERENCES app_user(id),
        email text,
        mode text NOT NULL DEFAULT 'immediate' CHECK (mode IN ('immediate','digest','off')),
        digest_hour integer NOT NULL DEFAULT 7 CHECK (digest_hour BETWEEN 0 AND 23),
        updated_at timestamptz NOT NULL DEFAULT now()
      );

      -- pending → sent, or → failed after the last attempt (the error stays visible); digest rows wait for the
      -- user's daily digest and are sent together in one message.
      CREATE TABLE mail_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        notification_id uuid NOT NULL REFERENCES notification(id),
        user_id text NOT NULL REFERENCES app_user(id),
        email text NOT NULL,
        mode text NOT NULL CHECK (mode IN ('immediate','digest')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        sent_at timestamptz,
        message_id text,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (notification_id, user_id)
      );
      CREATE INDEX mail_delivery_due_idx ON mail_delivery (next_attempt_at) WHERE status = 'pending';
      CREATE INDEX mail_delivery_user_idx ON mail_delivery (user_id, created_at DESC);

      -- Notifications already turned into deliveries (or found to have no mail recipient).
      CREATE TABLE mail_expanded (
        notification_id uuid PRIMARY KEY REFERENCES notification(id),
        recipients integer NOT NULL,
        expanded_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX notification_created_idx ON notification (created_at);
    `);
    for (const [date, kind, name, tentative] of SEED) {
      await q.query('INSERT INTO working_calendar_day (date, kind, name, tentative) VALUES ($1, $2, $3, $4) ON CONFLICT (date) DO NOTHING', [date, kind, name, tentative]);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      DROP INDEX IF EXISTS notification_created_idx;
      DROP TABLE IF EXISTS mail_expanded, mail_delivery, mail_setting, working_calendar_day, report_figures, report_form CASCADE;
    `);
  }
}
