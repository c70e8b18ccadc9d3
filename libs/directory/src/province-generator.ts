import type { DirectoryUnit, Role } from '@khflow/contracts';
import type { DemoUser } from './demo-directory';

export interface ProvinceOptions {
  districts: number;
  schoolsPerDistrict: number;
  thptSchools?: number;
  prefix?: string;
}

const KINDS = ['school_thcs', 'school_th', 'school_mn'] as const;
const LABEL: Record<(typeof KINDS)[number], string> = { school_thcs: 'THCS', school_th: 'TH', school_mn: 'MN' };

/** A synthetic province of any size for scale tests and benchmarks; deterministic (same options, same output). */
export function generateProvince(o: ProvinceOptions): { units: DirectoryUnit[]; users: DemoUser[] } {
  const p = o.prefix ?? 'gen';
  const u = (id: string, name: string, kind: string, up: string | null, parentId = up): DirectoryUnit => ({ id, name, kind, reportsToId: up, parentId, aliases: [] });
  const units: DirectoryUnit[] = [
    u(`${p}-ubnd`, 'UBND tỉnh', 'city_committee', null),
    u(`${p}-sgddt`, 'Sở GDĐT', 'department', `${p}-ubnd`),
    u(`${p}-sgddt-khtc`, 'Phòng Kế hoạch – Tài chính', 'department_division', `${p}-sgddt`),
    u(`${p}-sgddt-thanhtra`, 'Thanh tra Sở', 'department_division', `${p}-sgddt`),
  ];
  for (let t = 1; t <= (o.thptSchools ?? Math.max(1, Math.round(o.districts / 2))); t++) units.push(u(`${p}-thpt-${t}`, `Trường THPT Số ${t}`, 'school_thpt', `${p}-sgddt`));
  for (let d = 1; d <= o.districts; d++) {
    const pgd = `${p}-pgd-${d}`;
    units.push(u(pgd, `Phòng GDĐT huyện ${d}`, 'district_office', `${p}-sgddt`));
    for (let s = 1; s <= o.schoolsPerDistrict; s++) {
      const kind = KINDS[(d + s) % KINDS.length];
      units.push(u(`${p}-${LABEL[kind].toLowerCase()}-${d}-${s}`, `Trường ${LABEL[kind]} Số ${s} huyện ${d}`, kind, pgd));
    }
  }
  const users: DemoUser[] = [];
  for (const unit of units) {
    users.push({ username: `officer.${unit.id}`, displayName: `Chuyên viên ${unit.name}`, unitId: unit.id, roles: ['officer'] as Role[] });
    users.push({ username: `supervisor.${unit.id}`, displayName: `Lãnh đạo ${unit.name}`, unitId: unit.id, roles: ['supervisor'] as Role[] });
  }
  users.push({ username: `owner.${p}-sgddt-khtc`, displayName: 'Chủ kế hoạch', unitId: `${p}-sgddt-khtc`, roles: ['plan_owner'] });
  users.push({ username: `owner.${p}-sgddt`, displayName: 'Chủ kế hoạch Sở', unitId: `${p}-sgddt`, roles: ['plan_owner'] });
  users.push({ username: `inspector.${p}-sgddt-thanhtra`, displayName: 'Thanh tra viên', unitId: `${p}-sgddt-thanhtra`, roles: ['inspector'] });
  return { units, users };
}
