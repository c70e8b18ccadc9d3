// Hải Phòng after the 2025 reform of local government (two levels): from 1 July 2025 the district level is gone;
// preschools, primary and lower-secondary schools sit under the UBND of a commune or ward (synthetic ones here:
// each former district's schools are spread over two or three of them), vocational/continuing-education centres
// and upper-secondary schools under the Sở. The reporting chain of a school becomes school → UBND xã/phường → Sở
// GDĐT → UBND thành phố. The change is one reorganisation, so the demo and the tests apply it like an
// administrator would (POST /reorganisations) and the demo directory holds both versions.
import type { DirectoryUnit } from '@khflow/contracts';
import { DEMO_DISTRICTS, DEMO_UNITS, DEMO_USERS, type DemoUser } from './demo-directory';
import { planReorganisation, type ReorganisationOperation, type ReorganisationRequest } from './reorganisation.planner';

export const REFORM_DATE_2025 = '2025-07-01';

/** The communes/wards that take over each former district (two, three for the larger huyện). */
export function demoCommunes(): { id: string; name: string; districtSlug: string; kind: 'phường' | 'xã' | 'đặc khu' }[] {
  const out: ReturnType<typeof demoCommunes> = [];
  DEMO_DISTRICTS.forEach(([slug, name, quan]) => {
    const island = slug === 'cathai' || slug === 'bachlongvi';
    const count = island ? 1 : quan ? 2 : 3;
    const kind = island ? 'đặc khu' : quan ? 'phường' : 'xã';
    for (let n = 1; n <= count; n++) out.push({ id: `hp-xa-${slug}-${n}`, name: count === 1 ? `${name}` : `${name} ${['Bắc', 'Nam', 'Đông'][n - 1]}`, districtSlug: slug, kind });
  });
  return out;
}

/** The reorganisation of 1 July 2025 (or of another date, for tests on a clock that cannot go back to 2025). */
export function demoReorganisation2025(effectiveFrom = REFORM_DATE_2025): ReorganisationRequest {
  const communes = demoCommunes();
  const ops: ReorganisationOperation[] = [];
  for (const c of communes) {
    ops.push({
      type: 'create',
      unit: { id: c.id, name: `Ủy ban nhân dân ${c.kind} ${c.name}`, kind: 'commune', parentId: 'hp-ubnd', reportsToId: 'hp-sgddt', shortName: `UBND ${c.kind} ${c.name}`, aliases: [`UBND ${c.kind} ${c.name}`] },
    });
  }
  for (const [slug] of DEMO_DISTRICTS) {
    const mine = communes.filter((c) => c.districtSlug === slug).map((c) => c.id);
    const schools = DEMO_UNITS.filter((u) => u.parentId === `hp-pgd-${slug}` && u.kind.startsWith('school_'));
    schools.forEach((s, i) => ops.push({ type: 'move', unitId: s.id, parentId: mine[i % mine.length], reportsToId: mine[i % mine.length] }));
    ops.push({ type: 'move', unitId: `hp-ttgdnn-${slug}`, parentId: 'hp-sgddt', reportsToId: 'hp-sgddt' });
    ops.push({ type: 'abolish', unitId: `hp-pgd-${slug}`, successorIds: mine });
    ops.push({ type: 'abolish', unitId: `hp-ubnd-${slug}`, successorIds: mine });
  }
  return { effectiveFrom, reason: 'Sắp xếp đơn vị hành chính hai cấp từ ngày 01/7/2025 (Nghị quyết của Quốc hội; NĐ 142/2025/NĐ-CP)', operations: ops };
}

/** The demo directory with both versions of Hải Phòng: one row per version of each unit. */
export function demoDirectoryVersions(effectiveFrom = REFORM_DATE_2025): DirectoryUnit[] {
  const plan = planReorganisation(DEMO_UNITS, demoReorganisation2025(effectiveFrom));
  if (plan.problems.length) throw new Error(`demo reorganisation: ${plan.problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
  return [...DEMO_UNITS.filter((u) => !plan.changed.has(u.id)), ...[...plan.changed.values()].flat()];
}

export const DEMO_COMMUNE_USERS: DemoUser[] = demoCommunes().flatMap((c) => [
  { username: `officer.${c.id}`, displayName: `Công chức Phòng Văn hóa – Xã hội ${c.kind} ${c.name}`, unitId: c.id, roles: ['officer'] },
  { username: `supervisor.${c.id}`, displayName: `Chủ tịch UBND ${c.kind} ${c.name}`, unitId: c.id, roles: ['supervisor'] },
]);

/** Every demo user of both versions (the users of abolished units stay, for the history they made). */
export const DEMO_ALL_USERS: DemoUser[] = [...DEMO_USERS, ...DEMO_COMMUNE_USERS];
