import { DEMO_UNITS } from '@khflow/directory';
import type { DirectoryUnit } from '@khflow/contracts';
import fs from 'node:fs';
import path from 'node:path';
import { directoryAsOf, isForeignPlan, planPlaces, unitsOfPlanProvince } from './plan-directory.util';
import { readDirectoryFile } from './directory-file.reader';
import { parsePlanText } from './plan-text.parser';

const unit = (id: string, name: string, kind: string, parentId: string | null, extra: Partial<DirectoryUnit> = {}): DirectoryUnit => ({ id, name, kind: kind as DirectoryUnit['kind'], parentId, reportsToId: parentId, aliases: [], ...extra });

describe('the directory a plan is resolved against', () => {
  it.each([
    ['Bắc Ninh', ['ỦY BAN NHÂN DÂN TỈNH BẮC NINH'], true],
    ['Hải Phòng', [], false],
    ['An Lão', ['UBND HUYỆN AN LÃO'], false],
    [null, ['SỞ GDĐT TỈNH ĐỒNG THÁP'], true],
    [null, [], false],
  ] as const)('place %s, header %j: from another province = %s', (place, header, foreign) => {
    expect(isForeignPlan(planPlaces(place, [...header]), DEMO_UNITS)).toBe(foreign);
  });

  // Lâm Đồng's Sở beside the demo's Hải Phòng: both answer to "Sở Giáo dục và Đào tạo".
  const LAM_DONG = [
    unit('ld-ubnd', 'Ủy ban nhân dân tỉnh Lâm Đồng', 'city_committee', null, { shortName: 'UBND tỉnh Lâm Đồng' }),
    unit('ld-sgddt', 'Sở Giáo dục và Đào tạo Lâm Đồng', 'department', 'ld-ubnd', { aliases: ['Sở Giáo dục và Đào tạo'] }),
    unit('ld-xa-xuanhuong', 'Ủy ban nhân dân phường Xuân Hương - Đà Lạt', 'commune', 'ld-ubnd', { shortName: 'UBND phường Xuân Hương' }),
  ];
  const TWO = [...DEMO_UNITS, ...LAM_DONG];

  it.each([
    ['a Lâm Đồng plan: Hải Phòng’s trees are left out, shared agencies stay', ['lam dong'], { has: ['ld-sgddt', 'hp-mttq'], hasNot: ['hp-sgddt', 'hp-ubnd', 'hp-hdnd'] }],
    ['a Hải Phòng plan: Lâm Đồng is left out', ['hai phong'], { has: ['hp-sgddt'], hasNot: ['ld-sgddt', 'ld-ubnd'] }],
    ['a plan naming no place: every unit', [], { has: ['hp-sgddt', 'ld-sgddt'], hasNot: [] }],
    ['a plan of a place no tree names: every unit', ['bac ninh'], { has: ['hp-sgddt', 'ld-sgddt'], hasNot: [] }],
  ])('%s', (_, places, { has, hasNot }) => {
    const ids = new Set(unitsOfPlanProvince(TWO, places).map((u) => u.id));
    expect({ has: has.filter((id) => ids.has(id)), hasNot: hasNot.filter((id) => ids.has(id)) }).toEqual({ has, hasNot: [] });
  });

  it('a directory of one province is kept whole', () => {
    expect(unitsOfPlanProvince(DEMO_UNITS, ['hai phong'])).toBe(DEMO_UNITS);
  });

  it('resolves a Lâm Đồng plan’s units to Lâm Đồng’s in a directory that also holds Hải Phòng', () => {
    const text = fs.readFileSync(path.join(__dirname, '../../../test/fixtures/lam-dong/sgddt-kh-chuyen-doi-so.txt'), 'utf8');
    const d = parsePlanText(text, TWO);
    expect(d.issuer?.unitId).toBe('ld-sgddt');
    expect(d.tasks.map((t) => [t.ref, t.lead.map((l) => l.unitId)])).toEqual(expect.arrayContaining([['II.1', ['ld-xa-xuanhuong']], ['III.p1', ['ld-sgddt']]]));
  });

  it('keeps only the units valid on the plan date', () => {
    const units = [unit('a', 'Phòng GDĐT huyện X', 'district_office', null, { validTo: '2025-07-01', successorId: 'b' }), unit('b', 'UBND xã Y', 'commune', null, { validFrom: '2025-07-01' })];
    expect(directoryAsOf(units, '2024-05-01').map((u) => u.id)).toEqual(['a']);
    expect(directoryAsOf(units, '2025-08-01').map((u) => u.id)).toEqual(['b']);
    expect(directoryAsOf(units, null).map((u) => u.id)).toEqual(['a', 'b']);
  });

  it('flags a unit that no longer exists at launch, with its successor', () => {
    const units = [unit('x-ubnd', 'Ủy ban nhân dân tỉnh X', 'city_committee', null), unit('x-pgd', 'Phòng GDĐT huyện Z', 'district_office', 'x-ubnd', { aliases: ['Phòng GDĐT huyện Z'], validTo: '2025-07-01', successorId: 'x-xa' }), unit('x-xa', 'UBND xã Z', 'commune', 'x-ubnd', { validFrom: '2025-07-01' })];
    const text = ['ỦY BAN NHÂN DÂN TỈNH X', 'Số: 1/KH-UBND', 'X, ngày 02 tháng 3 năm 2024', 'KẾ HOẠCH', 'Thử', '', 'I. NHIỆM VỤ', '1. Phòng GDĐT huyện Z tổ chức tập huấn trước ngày 30/4/2024.'].join('\n');
    const d = parsePlanText(text, units, { launchDate: '2025-09-01' });
    expect(d.tasks[0].lead[0].unitId).toBe('x-pgd');
    expect(d.warningDetails).toContainEqual(expect.objectContaining({ code: 'unit_ended', lines: [8, 8], message: expect.stringContaining('UBND xã Z (x-xa)') }));
  });

  it('reads a units CSV, and names the row of a bad one', async () => {
    const csv = 'id,name,kind,parent_id,reports_to_id,short_name,aliases,code,valid_from,valid_to,successor_id\nbn-ubnd,UBND tỉnh Bắc Ninh,city_committee,,,,UBND tỉnh;Ủy ban nhân dân tỉnh,,,,\nbn-stc,Sở Tài chính tỉnh Bắc Ninh,department,bn-ubnd,,Sở Tài chính,,,,,\n';
    const units = await readDirectoryFile(Buffer.from(csv), 'units.csv');
    expect(units[1]).toMatchObject({ id: 'bn-stc', parentId: 'bn-ubnd', reportsToId: 'bn-ubnd', shortName: 'Sở Tài chính' });
    expect(units[0].aliases).toEqual(['UBND tỉnh', 'Ủy ban nhân dân tỉnh']);
    await expect(readDirectoryFile(Buffer.from('id,name,kind\nx,,department\n'), 'bad.csv')).rejects.toThrow(/bad\.csv row 2: id, name and kind are required/);
    await expect(readDirectoryFile(Buffer.from('[{"id":"a","name":"A","kind":"department","valid_from":"1/7/2025"}]'), 'u.json')).rejects.toThrow(/valid_from must be YYYY-MM-DD/);
  });
});
