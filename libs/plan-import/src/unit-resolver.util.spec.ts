import { DEMO_UNITS } from '@khflow/directory';
import { isCatchAll, resolveUnits, scanUnitList, splitPersonNames } from './unit-resolver.util';

const key = (r: { unitId: string | null; group?: { kinds?: string[] } | null; text: string }) => r.unitId ?? (r.group ? `group:${(r.group.kinds ?? []).join('+')}` : `text:${r.text}`);
const SCHOOLS = 'group:school_thpt+school_thcs+school_th+school_mn+centre';

describe('resolveUnits', () => {
  const cases: [string, string[]][] = [
    ['Sở Nội vụ, Sở Tài chính và các đơn vị liên quan', ['hp-snv', 'hp-stc', 'text:các đơn vị liên quan']],
    ['Sở Giáo dục và Đào tạo;', ['hp-sgddt']],
    ['Sở GD&ĐT', ['hp-sgddt']],
    ['So Giao duc va Dao tao', ['hp-sgddt']],
    ['Văn phòng Sở; Phòng GDTX&ĐH, Công đoàn ngành GDĐT;', ['hp-sgddt-vp', 'hp-sgddt-gdtxdh', 'hp-congdoan-gddt']],
    ['Phòng Giáo dục Thường xuyên & Đại học (GDTX&ĐH)', ['hp-sgddt-gdtxdh']],
    ['Phòng Kế hoạch - Tài chính', ['hp-sgddt-khtc']],
    ['Sở Kế hoạch và Đầu tư', ['hp-skhdt']],
    ['Sở Lao động Thương binh và Xã hội', ['hp-sldtbxh']],
    ['Ủy ban nhân dân TP', ['hp-ubnd']],
    ['UBND quận Lê Chân', ['hp-ubnd-lechan']],
    ['Phòng GDĐT quận/huyện', ['group:district_office']],
    ['Phòng Giáo dục và Đào tạo quận/huyện', ['group:district_office']],
    ['Phòng GD&ĐT Lê Chân', ['hp-pgd-lechan']],
    ['UBND các quận, huyện', ['group:district_committee']],
    ['Ủy ban nhân dân các quận, huyện', ['group:district_committee']],
    ['UBND các huyện, thành phố, các đơn vị trực thuộc Sở', ['group:district_committee', 'group:school_thpt+centre']],
    ['các trường THPT', ['group:school_thpt']],
    ['Trường THPT Ngô Quyền', ['hp-thpt-ngoquyen']],
    ['Trường THPT Chuyên BG', ['text:Trường THPT Chuyên BG']],
    ['các phòng thuộc Sở', ['group:department_division']],
    ['Các phòng chuyên môn, nghiệp vụ thuộc Sở GDĐT', ['group:department_division']],
    ['Các cơ sở GDĐT trên địa bàn thành phố', [SCHOOLS]],
    ['các cơ sở giáo dục', [SCHOOLS]],
    ['Các cơ quan báo chí, truyền hình; các phòng trực thuộc Sở', ['hp-baochi', 'group:department_division']],
    ['Phòng GDTrH-GDTeX', ['text:Phòng GDTrH-GDTeX']],
    ['Sở Tài nguyên và Môi trường', ['text:Sở Tài nguyên và Môi trường']],
    ['Đồng chí Giám đốc', ['hp-sgddt-bgd']],
    ['Công an TP', ['hp-congan']],
  ];
  it.each(cases)('%s', (text, expected) => {
    expect(resolveUnits(text, DEMO_UNITS).map(key)).toEqual(expected);
  });

  it('expands groups to unit ids from the directory', () => {
    const [g] = resolveUnits('Phòng GDĐT quận/huyện', DEMO_UNITS);
    expect(g.unitIds).toHaveLength(15);
    expect(g.unitIds).toContain('hp-pgd-lechan');
    const [d] = resolveUnits('các phòng thuộc Sở', DEMO_UNITS);
    expect(d.group?.underUnitId).toBe('hp-sgddt');
    expect(d.unitIds).toContain('hp-sgddt-khtc');
  });
});

describe('scanUnitList', () => {
  it('stops at the first word that is not a unit', () => {
    const found = scanUnitList('Sở Tài chính, Sở Kế hoạch và Đầu tư cân đối và bố trí ngân sách', DEMO_UNITS).map((m) => key(m.ref));
    expect(found).toEqual(['hp-stc', 'hp-skhdt']);
  });
});

describe('isCatchAll', () => {
  it.each(['các đơn vị liên quan', 'các cơ quan, đơn vị liên quan', 'các ngành các cấp', 'các tổ chức thành viên'])('%s', (t) => expect(isCatchAll(t)).toBe(true));
  it('is false for a unit', () => expect(isCatchAll('Sở Nội vụ')).toBe(false));
  it('tells a reference ("do … quy định") from a person named Đỗ', () => {
    expect(isCatchAll('do Sở Tài chính quy định')).toBe(true);
    expect(isCatchAll('Đỗ Mạnh Cường')).toBe(false);
  });
});

describe('people named in one cell without separators', () => {
  it.each([
    ['Đỗ Mạnh Cường Vũ Việt Linh Nguyễn Thị Loan', ['Đỗ Mạnh Cường', 'Vũ Việt Linh', 'Nguyễn Thị Loan']],
    ['Nguyễn Thị Mai Trần Văn An', ['Nguyễn Thị Mai', 'Trần Văn An']], // Mai is a given name here, not a surname
    ['Trần Văn Hoàng Anh', ['Trần Văn Hoàng Anh']], // one person, four words
    ['Nguyễn Huy Hoàng', ['Nguyễn Huy Hoàng']],
    ['Phòng Quản lý Công nghiệp', ['Phòng Quản lý Công nghiệp']],
  ])('%s', (text, names) => expect(splitPersonNames(text)).toEqual(names));

  it('keeps them as separate leads', () => expect(resolveUnits('Đỗ Mạnh Cường Vũ Việt Linh', []).map((r) => r.text)).toEqual(['Đỗ Mạnh Cường', 'Vũ Việt Linh']));
});
