import type { DirectoryUnit, Role } from '@khflow/contracts';

// Hải Phòng before the 2025 reorganisation (see shared/DOMAIN.md): UBND → Sở GDĐT → district offices → schools.
// School names are synthetic. Ids are readable and stable: they appear in demo logins and tests.

export const DEMO_PASSWORD = 'khflow-demo';

export interface DemoUser {
  username: string;
  displayName: string;
  unitId: string;
  roles: Role[];
}

const unit = (id: string, name: string, kind: string, reportsToId: string | null, extra: Partial<DirectoryUnit> = {}): DirectoryUnit => ({
  id,
  name,
  kind,
  parentId: extra.parentId !== undefined ? extra.parentId : reportsToId,
  reportsToId,
  aliases: extra.aliases ?? [],
  shortName: extra.shortName ?? null,
});

export const DEMO_DISTRICTS: [slug: string, name: string, quan: boolean][] = [
  ['hongbang', 'Hồng Bàng', true],
  ['ngoquyen', 'Ngô Quyền', true],
  ['lechan', 'Lê Chân', true],
  ['haian', 'Hải An', true],
  ['kienan', 'Kiến An', true],
  ['doson', 'Đồ Sơn', true],
  ['duongkinh', 'Dương Kinh', true],
  ['thuynguyen', 'Thủy Nguyên', false],
  ['anduong', 'An Dương', false],
  ['anlao', 'An Lão', false],
  ['kienthuy', 'Kiến Thụy', false],
  ['tienlang', 'Tiên Lãng', false],
  ['vinhbao', 'Vĩnh Bảo', false],
  ['cathai', 'Cát Hải', false],
  ['bachlongvi', 'Bạch Long Vĩ', false],
];

const SCHOOL_NAMES = ['Lê Lợi', 'Trần Phú', 'Nguyễn Trãi', 'Chu Văn An', 'Lý Tự Trọng', 'Võ Thị Sáu', 'Hoa Sen', 'Ngô Gia Tự'];

function buildUnits(): DirectoryUnit[] {
  const units: DirectoryUnit[] = [
    unit('hp-ubnd', 'Ủy ban nhân dân thành phố Hải Phòng', 'city_committee', null, { shortName: 'UBND thành phố', aliases: ['UBND thành phố', 'UBND TP', 'Ủy ban nhân dân thành phố', 'UBND thành phố Hải Phòng', 'Ủy ban nhân dân thành phố Hải Phòng'] }),
    unit('hp-hdnd', 'Hội đồng nhân dân thành phố Hải Phòng', 'council', null, { aliases: ['HĐND thành phố', 'Hội đồng nhân dân thành phố'] }),
    unit('hp-sgddt', 'Sở Giáo dục và Đào tạo Hải Phòng', 'department', 'hp-ubnd', { shortName: 'Sở GDĐT', aliases: ['Sở GDĐT', 'Sở GD&ĐT', 'SGDĐT', 'Sở Giáo dục và Đào tạo', 'Sở Giáo dục - Đào tạo'] }),
    unit('hp-sgddt-bgd', 'Ban Giám đốc Sở GDĐT', 'department_leadership', 'hp-sgddt', { aliases: ['Ban GD Sở', 'Lãnh đạo Sở', 'Ban Giám đốc Sở', 'Giám đốc Sở', 'Phó Giám đốc Sở'] }),
    unit('hp-sgddt-vp', 'Văn phòng Sở GDĐT', 'department_division', 'hp-sgddt', { aliases: ['Văn phòng Sở', 'VP Sở'] }),
    unit('hp-sgddt-gdtxdh', 'Phòng Giáo dục Thường xuyên và Đại học', 'department_division', 'hp-sgddt', { shortName: 'Phòng GDTX&ĐH', aliases: ['Phòng GDTX&ĐH', 'Phòng GDTX & ĐH', 'Phòng Giáo dục Thường xuyên & Đại học', 'phòng GDTX&ĐH', 'GDTX&ĐH'] }),
    unit('hp-sgddt-khtc', 'Phòng Kế hoạch – Tài chính', 'department_division', 'hp-sgddt', { shortName: 'Phòng KHTC', aliases: ['Phòng KHTC', 'Phòng Kế hoạch - Tài chính', 'Phòng Kế hoạch Tài chính', 'KHTC'] }),
    unit('hp-sgddt-tccb', 'Phòng Tổ chức cán bộ', 'department_division', 'hp-sgddt', { aliases: ['Phòng TCCB', 'Phòng Tổ chức cán bộ'] }),
    unit('hp-sgddt-gdmn', 'Phòng Giáo dục Mầm non', 'department_division', 'hp-sgddt', { aliases: ['Phòng GDMN'] }),
    unit('hp-sgddt-gdth', 'Phòng Giáo dục Tiểu học', 'department_division', 'hp-sgddt', { aliases: ['Phòng GDTH'] }),
    unit('hp-sgddt-gdtrh', 'Phòng Giáo dục Trung học', 'department_division', 'hp-sgddt', { aliases: ['Phòng GDTrH'] }),
    unit('hp-sgddt-thanhtra', 'Thanh tra Sở GDĐT', 'department_division', 'hp-sgddt', { aliases: ['Thanh tra Sở', 'Thanh tra'] }),
    unit('hp-congdoan-gddt', 'Công đoàn ngành Giáo dục và Đào tạo', 'agency', 'hp-sgddt', { aliases: ['Công đoàn ngành GDĐT', 'Công đoàn ngành GD&ĐT', 'Công đoàn ngành'] }),
    unit('hp-gdtx-hp', 'Trung tâm GDTX Hải Phòng', 'centre', 'hp-sgddt', { aliases: ['TTGDTXHP', 'Trung tâm GDTX Hải Phòng', 'TT GDTX Hải Phòng'] }),
    unit('hp-ttkt', 'Trung tâm Kỹ thuật tổng hợp – Hướng nghiệp và Bồi dưỡng nhà giáo', 'centre', 'hp-sgddt', { aliases: ['TTKTTHHN&BDNG', 'TTKTTHHN'] }),
    unit('hp-snv', 'Sở Nội vụ', 'department', 'hp-ubnd', { aliases: ['Sở Nội vụ'] }),
    unit('hp-stc', 'Sở Tài chính', 'department', 'hp-ubnd', { aliases: ['Sở Tài chính'] }),
    unit('hp-skhdt', 'Sở Kế hoạch và Đầu tư', 'department', 'hp-ubnd', { aliases: ['Sở KH&ĐT', 'Sở KHĐT', 'Sở Kế hoạch và Đầu tư'] }),
    unit('hp-skhcn', 'Sở Khoa học và Công nghệ', 'department', 'hp-ubnd', { aliases: ['Sở KHCN', 'Sở KH&CN', 'Sở Khoa học và Công nghệ'] }),
    unit('hp-stttt', 'Sở Thông tin và Truyền thông', 'department', 'hp-ubnd', { aliases: ['Sở TT&TT', 'Sở TTTT', 'Sở Thông tin và Truyền thông'] }),
    unit('hp-sldtbxh', 'Sở Lao động – Thương binh và Xã hội', 'department', 'hp-ubnd', { aliases: ['Sở LĐTB&XH', 'Sở LĐTBXH', 'Sở Lao động Thương binh và Xã hội', 'Sở Lao động - Thương binh và Xã hội'] }),
    unit('hp-svhtt', 'Sở Văn hoá và Thể thao', 'department', 'hp-ubnd', { aliases: ['Sở VH&TT', 'Sở Văn hóa và Thể thao', 'Sở Văn hoá và Thể thao'] }),
    unit('hp-congan', 'Công an thành phố Hải Phòng', 'agency', 'hp-ubnd', { aliases: ['Công an thành phố', 'Công an TP'] }),
    unit('hp-dhhp', 'Trường Đại học Hải Phòng', 'university', 'hp-ubnd', { aliases: ['Trường ĐH Hải Phòng', 'Trường Đại học Hải Phòng'] }),
    unit('hp-btg', 'Ban Tuyên giáo Thành ủy', 'agency', null, { aliases: ['Ban Tuyên giáo Thành ủy'] }),
    unit('hp-mttq', 'Ủy ban Mặt trận Tổ quốc Việt Nam thành phố', 'agency', null, { aliases: ['UBMTTQVN thành phố', 'Ủy ban MTTQ Việt Nam thành phố'] }),
    unit('hp-baochi', 'Các cơ quan báo chí, truyền hình', 'agency', null, { aliases: ['Các cơ quan báo chí, truyền hình', 'cơ quan báo chí'] }),
  ];
  for (const [thpt, name] of [
    ['hp-thpt-tranphu', 'Trường THPT chuyên Trần Phú'],
    ['hp-thpt-ngoquyen', 'Trường THPT Ngô Quyền'],
    ['hp-thpt-thaiphien', 'Trường THPT Thái Phiên'],
    ['hp-thpt-lequydon', 'Trường THPT Lê Quý Đôn'],
    ['hp-thpt-kienan', 'Trường THPT Kiến An'],
  ])
    units.push(unit(thpt, name, 'school_thpt', 'hp-sgddt'));
  DEMO_DISTRICTS.forEach(([slug, name, quan], i) => {
    const level = quan ? 'quận' : 'huyện';
    const ubnd = `hp-ubnd-${slug}`;
    const pgd = `hp-pgd-${slug}`;
    units.push(unit(ubnd, `UBND ${level} ${name}`, 'district_committee', 'hp-ubnd', { aliases: [`UBND ${level} ${name}`, `Ủy ban nhân dân ${level} ${name}`] }));
    // Under the district UBND, professionally under the Sở: reports go to the Sở.
    units.push(unit(pgd, `Phòng Giáo dục và Đào tạo ${level} ${name}`, 'district_office', 'hp-sgddt', { parentId: ubnd, aliases: [`Phòng GDĐT ${name}`, `Phòng GD&ĐT ${level} ${name}`, `Phòng GDĐT ${level} ${name}`] }));
    const school = (n: number) => SCHOOL_NAMES[(i * 3 + n) % SCHOOL_NAMES.length];
    units.push(unit(`hp-thcs-${slug}-1`, `Trường THCS ${school(0)} - ${name}`, 'school_thcs', pgd));
    units.push(unit(`hp-th-${slug}-1`, `Trường TH ${school(1)} - ${name}`, 'school_th', pgd));
    units.push(unit(`hp-mn-${slug}-1`, `Trường MN ${school(2)} - ${name}`, 'school_mn', pgd));
    units.push(unit(`hp-ttgdnn-${slug}`, `Trung tâm GDNN-GDTX ${level} ${name}`, 'centre', pgd, { aliases: [`TTGDNN-GDTX ${name}`] }));
  });
  return units;
}

export const DEMO_UNITS: DirectoryUnit[] = buildUnits();

const ACTING_KINDS = new Set(['city_committee', 'department', 'department_division', 'district_office', 'school_thpt', 'school_thcs', 'school_th', 'school_mn', 'centre', 'university', 'agency', 'district_committee']);

function buildUsers(): DemoUser[] {
  const users: DemoUser[] = [];
  for (const u of DEMO_UNITS) {
    if (!ACTING_KINDS.has(u.kind)) continue;
    users.push({ username: `officer.${u.id}`, displayName: `Chuyên viên ${u.shortName ?? u.name}`, unitId: u.id, roles: ['officer'] });
    users.push({ username: `supervisor.${u.id}`, displayName: `Lãnh đạo ${u.shortName ?? u.name}`, unitId: u.id, roles: ['supervisor'] });
  }
  users.push({ username: 'owner.hp-sgddt-khtc', displayName: 'Chủ kế hoạch Phòng KHTC', unitId: 'hp-sgddt-khtc', roles: ['plan_owner', 'officer'] });
  users.push({ username: 'owner.hp-sgddt', displayName: 'Chủ kế hoạch Sở GDĐT', unitId: 'hp-sgddt', roles: ['plan_owner'] });
  users.push({ username: 'owner.hp-ubnd', displayName: 'Chủ kế hoạch Văn phòng UBND', unitId: 'hp-ubnd', roles: ['plan_owner'] });
  users.push({ username: 'inspector.hp-sgddt-thanhtra', displayName: 'Thanh tra viên Sở GDĐT', unitId: 'hp-sgddt-thanhtra', roles: ['inspector'] });
  users.push({ username: 'admin', displayName: 'Quản trị hệ thống', unitId: 'hp-ubnd', roles: ['admin'] });
  return users;
}

export const DEMO_USERS: DemoUser[] = buildUsers();
