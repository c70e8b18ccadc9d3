// The kinds of unit the directory knows. A kind says what a unit is (and so which group targets of a plan name
// it: "Các trường THCS" names every school_thcs); the reporting chain itself is data (reports_to). Imports reject a
// kind outside this list, so that a typo never silently drops a unit out of every group target.
export interface UnitKindInfo {
  kind: string;
  vi: string;
  en: string;
}

export const UNIT_KINDS: readonly UnitKindInfo[] = [
  { kind: 'city_committee', vi: 'UBND tỉnh / thành phố trực thuộc trung ương', en: "Provincial or city People's Committee" },
  { kind: 'council', vi: 'HĐND (Hội đồng nhân dân)', en: "People's Council" },
  { kind: 'department', vi: 'Sở (GDĐT, Nội vụ, Tài chính …)', en: 'Provincial department' },
  { kind: 'department_leadership', vi: 'Ban Giám đốc Sở', en: 'Department leadership' },
  { kind: 'department_division', vi: 'Phòng / Văn phòng / Thanh tra thuộc Sở', en: 'Division of a department' },
  { kind: 'district_committee', vi: 'UBND quận / huyện (đến 30/6/2025)', en: "District People's Committee (until 30 June 2025)" },
  { kind: 'district_office', vi: 'Phòng GDĐT quận / huyện (đến 30/6/2025)', en: 'District education office (until 30 June 2025)' },
  { kind: 'commune', vi: 'UBND xã / phường / đặc khu (từ 1/7/2025)', en: "Commune, ward or special-zone People's Committee (from 1 July 2025)" },
  { kind: 'commune_division', vi: 'Phòng Văn hóa – Xã hội của UBND xã / phường', en: 'Culture and society office of a commune' },
  { kind: 'school_thpt', vi: 'Trường THPT (trung học phổ thông)', en: 'Upper-secondary school' },
  { kind: 'school_thcs', vi: 'Trường THCS (trung học cơ sở)', en: 'Lower-secondary school' },
  { kind: 'school_th', vi: 'Trường TH (tiểu học)', en: 'Primary school' },
  { kind: 'school_mn', vi: 'Trường MN (mầm non)', en: 'Kindergarten' },
  { kind: 'centre', vi: 'Trung tâm (GDNN-GDTX, GDTX …)', en: 'Centre (vocational / continuing education …)' },
  { kind: 'university', vi: 'Trường đại học, cao đẳng', en: 'University or college' },
  { kind: 'agency', vi: 'Cơ quan, tổ chức khác (Công an, Công đoàn, báo chí, Mặt trận …)', en: 'Other agency or organisation' },
];

export const UNIT_KIND_IDS: ReadonlySet<string> = new Set(UNIT_KINDS.map((k) => k.kind));

export const isKnownKind = (kind: string) => UNIT_KIND_IDS.has(kind);
