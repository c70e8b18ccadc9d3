// The demo plan that lived through the 2025 reform, made at `npm start` the way an installation would have lived
// it: the Sở's PII plan ("năm 2024 và những năm tiếp theo", issued in 2024) is launched on the four-level tree of
// Hải Phòng, then the administrator applies the reorganisation of 1 July 2025 (POST /reorganisations), whose
// workflow moves the plan's open work to the communes now responsible for each school. Everything goes through
// the public API and the engine, nothing is written by hand, so the assignment histories show both chains.
//
// The clock is today's, so the plan's open period is the current one, created on the old tree (the directory is
// seeded with it alone) and moved by a reorganisation dated in the past (which takes effect at once).
//
// Idempotent: the reorganisation has a fixed Idempotency-Key (so a fixed id); once it exists nothing more is made.
// A start killed half-way resumes (the plan is found by its number). A directory already on the two-level tree
// without this reorganisation (data of an older start, or an administrator's own) is left alone.
import { stableUuid } from '../libs/contracts/src';
import { demoReorganisation2025, REFORM_DATE_2025 } from '../libs/directory/src';
import { userIdOf } from '../libs/persistence/src/directory-store';
import { vnDateOf } from '../libs/domain/src';

export const DEMO_PLAN_NUMBER = '1868/KH-SGDĐT';
export const DEMO_PLAN_TITLE =
  'Duy trì và nâng cao Chỉ số Đổi mới sáng tạo cấp địa phương (PII) năm 2024 và những năm tiếp theo của thành phố Hải Phòng đối với ngành GDĐT';
const REFORM_KEY = 'demo-reform-2025-07-01';
/** Schools of two former districts (spread over several communes each) and an upper-secondary school of the Sở. */
export const DEMO_PLAN_SCHOOLS = ['hp-thcs-lechan-1', 'hp-th-lechan-1', 'hp-mn-lechan-1', 'hp-thcs-ngoquyen-1', 'hp-th-ngoquyen-1', 'hp-mn-ngoquyen-1', 'hp-thpt-tranphu'];
/** Units with work in the open period before the reform: each school, and the two district offices that consolidate. */
const OPEN_BEFORE = [...DEMO_PLAN_SCHOOLS, 'hp-pgd-lechan', 'hp-pgd-ngoquyen'];

/** The few fields of the API's answers read here. */
interface Body {
  [field: string]: unknown;
}

export interface DemoPlanOutcome {
  status: 'made' | 'present' | 'skipped';
  planId: string | null;
  reorganisationId: string;
  moved: number | null;
  detail: string;
}

/** The reorganisation's id: the service derives it from the administrator and the key. */
export const demoReformId = () => stableUuid(`reorganisation:${userIdOf('admin')}:${REFORM_KEY}`);

export async function seedDemoPlan(apiUrl: string, opts: { password: string; timeoutMs?: number; log?: (msg: string) => void }): Promise<DemoPlanOutcome> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const call = async (method: string, path: string, token: string | null, body?: unknown, key?: string) => {
    const headers: Record<string, string> = {};
    if (token) headers.authorization = `Bearer ${token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (key) headers['idempotency-key'] = key;
    const res = await fetch(`${apiUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Body };
  };
  const must = async (what: string, r: Promise<{ status: number; body: Body }>, ok: number[]) => {
    const a = await r;
    if (!ok.includes(a.status)) throw new Error(`demo plan: ${what} answered ${a.status} ${JSON.stringify(a.body).slice(0, 500)}`);
    return a.body;
  };
  const login = async (username: string) => (await must(`login ${username}`, call('POST', '/auth/login', null, { username, password: opts.password }), [200])).accessToken as string;
  const until = async (what: string, pred: () => Promise<boolean>) => {
    const end = Date.now() + timeoutMs;
    while (!(await pred())) {
      if (Date.now() > end) throw new Error(`demo plan: timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 150));
    }
  };

  const admin = await login('admin');
  const owner = await login('owner.hp-sgddt');
  const reorganisationId = demoReformId();
  const reform = () => call('GET', `/reorganisations/${reorganisationId}`, admin);
  const findPlan = async (): Promise<{ id: string; status: string } | null> => {
    const page = await must('plan search', call('GET', `/plans?q=${encodeURIComponent(DEMO_PLAN_NUMBER)}&limit=20`, owner), [200]);
    return (page.items as { id: string; number: string | null; status: string }[]).find((p) => p.number === DEMO_PLAN_NUMBER) ?? null;
  };
  const unitsOf = async (planId: string) => ((await must('plan progress', call('GET', `/plans/${planId}/progress`, owner), [200])).byUnit as { unitId: string }[]).map((u) => u.unitId);

  let existing = await reform();
  if (existing.status === 200) {
    await until('the 2025 reorganisation to be applied', async () => (await reform()).body.status === 'applied');
    const plan = await findPlan();
    return { status: 'present', planId: plan?.id ?? null, reorganisationId, moved: (await reform()).body.moved as number, detail: 'made at an earlier start' };
  }
  const today = vnDateOf(Date.now());
  const communes = await must('communes in effect', call('GET', `/units?kind=commune&asOf=${today}&limit=1`, admin), [200]);
  if ((communes.total as number) > 0) return { status: 'skipped', planId: null, reorganisationId, moved: null, detail: 'the directory is already on the two-level tree' };

  // 1. The plan, issued in 2024 on the four-level tree.
  let plan = await findPlan();
  if (!plan) {
    const created = await must(
      'plan draft',
      call(
        'POST',
        '/plans',
        owner,
        {
          number: DEMO_PLAN_NUMBER,
          title: DEMO_PLAN_TITLE,
          issuerUnitId: 'hp-sgddt',
          issuedAt: '2024-08-26',
          place: 'Hải Phòng',
          basis: [{ text: 'Thực hiện Kế hoạch số 177/KH-UBND ngày 05/8/2024 của Ủy ban nhân dân thành phố Hải Phòng', number: '177/KH-UBND', date: '2024-08-05' }],
          horizon: { text: 'năm 2024 và những năm tiếp theo', until: null },
          tasks: [
            {
              ref: 'III.3',
              title: 'Báo cáo kết quả thực hiện Chỉ số Đổi mới sáng tạo (PII) của đơn vị hằng năm',
              content: 'Các cơ sở giáo dục báo cáo; cơ quan quản lý trực tiếp tổng hợp, báo cáo Sở GDĐT.',
              lead: DEMO_PLAN_SCHOOLS.map((unitId) => ({ unitId })),
              coordinators: [],
              consolidate: true,
              timeframe: { kind: 'recurring', text: 'trước ngày 15/12 hằng năm', recurrence: { freq: 'yearly', due: { monthOffset: 0, day: 15 } } },
            },
          ],
        },
        `demo-plan-${REFORM_KEY}`,
      ),
      [200, 201],
    );
    plan = { id: (created.planId ?? created.id) as string, status: 'draft' };
  }
  if (plan.status === 'draft') await must('plan launch', call('POST', `/plans/${plan.id}/launch`, owner, undefined, `demo-plan-launch-${plan.id}`), [200, 202]);
  const planId = plan.id;
  // Every assignment of the open period exists before the reorganisation decides what moves.
  await until('the plan to fan out on the four-level tree', async () => {
    const units = new Set(await unitsOf(planId));
    return OPEN_BEFORE.every((u) => units.has(u));
  });
  opts.log?.(`demo plan ${DEMO_PLAN_NUMBER} launched on the four-level tree; applying the reorganisation of ${REFORM_DATE_2025} …`);

  // 2. The reorganisation of 1 July 2025, through the API like an administrator; its workflow moves the open work.
  existing = await call('POST', '/reorganisations', admin, demoReorganisation2025(), REFORM_KEY);
  if (existing.status !== 201) throw new Error(`demo plan: the reorganisation answered ${existing.status} ${JSON.stringify(existing.body).slice(0, 1000)}`);
  await until('the 2025 reorganisation to be applied', async () => (await reform()).body.status === 'applied');
  await until('the open work to leave the district offices', async () => !(await unitsOf(planId)).some((u) => u.startsWith('hp-pgd-')));
  return { status: 'made', planId, reorganisationId, moved: (await reform()).body.moved as number, detail: 'launched on the four-level tree, moved by the reorganisation' };
}
