// The organisation directory: the hierarchy is data. Kinds are open strings; the ones below are what the demo
// directory and the importer use, not a closed list.
export type UnitKind =
  | 'city_committee' // UBND thành phố/tỉnh
  | 'council' // HĐND
  | 'department' // Sở (GDĐT, Nội vụ, …)
  | 'department_leadership' // Ban Giám đốc Sở
  | 'department_division' // Phòng/Văn phòng/Thanh tra thuộc Sở
  | 'district_committee' // UBND quận/huyện
  | 'district_office' // Phòng GDĐT quận/huyện (until 30 June 2025)
  | 'commune' // UBND xã/phường/đặc khu (from 1 July 2025)
  | 'commune_division' // Phòng Văn hóa – Xã hội of a commune
  | 'school_thpt'
  | 'school_thcs'
  | 'school_th'
  | 'school_mn'
  | 'centre' // TTGDNN-GDTX, TTGDTX …
  | 'university'
  | 'agency' // Công an, báo chí, Công đoàn, mặt trận …
  | (string & {});

export interface DirectoryUnit {
  id: string;
  name: string;
  shortName?: string | null;
  kind: UnitKind;
  /** Organisational parent (where the unit sits). */
  parentId: string | null;
  /** The unit this one reports to (reporting chain); defaults to parentId. */
  reportsToId: string | null;
  aliases: string[];
  validFrom?: string | null; // YYYY-MM-DD
  validTo?: string | null; // YYYY-MM-DD, exclusive
  successorId?: string | null;
  /** An official code (e.g. the administrative unit code), if any. */
  code?: string | null;
}

export const ROLES = ['officer', 'supervisor', 'inspector', 'plan_owner', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export interface DirectoryUser {
  id: string;
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
}

/** Who performs an action: carried into workflow updates and audit entries. */
export interface Actor {
  userId: string;
  unitId: string;
  roles: Role[];
  displayName?: string;
  /** Client address, for the audit trail. */
  ip?: string | null;
  requestId?: string | null;
  /** A deputy acting on a delegator's work (ủy quyền): the delegator's user id; userId is the deputy's. */
  onBehalfOf?: string | null;
}

export const SYSTEM_ACTOR: Actor = { userId: 'system', unitId: 'system', roles: ['admin'], displayName: 'khflow' };
