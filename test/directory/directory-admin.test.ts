// Administrators over HTTP: units with effective dates (a change in the future waits for its date), users and
// passwords, logout revoking the token, whole-directory import with every kind of bad file refused with the row
// and column named and nothing changed, and export round trips in CSV and XLSX.
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import { addDays, vnDateOf } from '@khflow/domain';
import { type DirectorySystem, startDirectorySystem } from './directory-harness';

jest.setTimeout(300_000);

const HEADER = 'id,name,kind,parent_id,reports_to_id,short_name,aliases,code,valid_from,valid_to,successor_id';

async function workbook(fill: (ws: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('units');
  ws.addRow(['id', 'name', 'kind', 'parent_id']);
  fill(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A zip holding one worksheet; `declare` rewrites the uncompressed size each entry claims (a lying zip bomb). */
async function hostileZip(sheet: Buffer, declare?: number): Promise<Buffer> {
  const zip = new JSZip();
  zip.file('[Content_Types].xml', '<Types/>');
  zip.file('xl/worksheets/sheet1.xml', sheet);
  const out = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  if (declare !== undefined)
    for (let i = 0; i + 4 <= out.length; i++) {
      if (out.readUInt32LE(i) === 0x02014b50) out.writeUInt32LE(declare, i + 24);
      else if (out.readUInt32LE(i) === 0x04034b50) out.writeUInt32LE(declare, i + 22);
    }
  return out;
}

describe('directory administration', () => {
  let sys: DirectorySystem;
  let admin: string;
  const today = vnDateOf(Date.now());
  beforeAll(async () => {
    sys = await startDirectorySystem({ config: { maxUploadBytes: 200_000 } });
    admin = await sys.login('admin');
  });
  afterAll(async () => sys?.close());

  const count = async () => Number((await sys.engine.ds.query('SELECT count(*) AS n FROM org_unit_version'))[0].n);

  it.each([
    ['an unknown kind', `${HEADER}\nld-ubnd,UBND tỉnh Lâm Đồng,city_committee,,,,,,,,\nld-x,Phòng X,phong_x,ld-ubnd,,,,,,,\n`, 'units[row 3].kind', /unknown kind "phong_x"/],
    ['a cycle', `${HEADER}\nld-a,A,department,ld-b,,,,,,,\nld-b,B,department,ld-a,,,,,,,\n`, 'units[row 2].parent_id', /cycle ld-a → ld-b → ld-a/],
    ['a duplicate id', `${HEADER}\nld-a,A,department,,,,,,,,\nld-a,A bis,department,,,,,,,,\n`, 'units[row 3].id', /duplicate id "ld-a"/],
    ['a missing parent', `${HEADER}\nld-a,A,department,ld-nowhere,,,,,,,\n`, 'units[row 2].parent_id', /ld-nowhere/],
    ['a bad date', `${HEADER}\nld-a,A,department,,,,,,2025-02-30,,\n`, 'units[row 2].valid_from', /not a date/],
    ['an unknown column', 'id,name,kind,colour\nld-a,A,department,red\n', 'units[row 1].colour', /unknown column/],
    ['ragged rows', `${HEADER}\nld-a,A\n`, /^file/, /malformed CSV|record length/i],
  ])('refuses %s with 422 naming the row and column, and changes nothing', async (_what, csv, field, message) => {
    const before = await count();
    const r = await sys.upload('/directory/import', admin, 'units.csv', Buffer.from(csv));
    expect(r.status).toBe(422);
    expect(r.body.errors[0].field).toEqual(typeof field === 'string' ? field : expect.stringMatching(field));
    expect(r.body.errors[0].message).toMatch(message);
    expect(await count()).toBe(before);
  });

  it('refuses spreadsheets with formulas or merged cells, files that are too large, and other formats', async () => {
    const formula = await workbook((ws) => {
      ws.addRow(['ld-a', 'A', 'department', '']);
      ws.addRow(['ld-b', { formula: 'A2&"x"', result: 'ld-ax' }, 'department', 'ld-a']);
    });
    const f = await sys.upload('/directory/import', admin, 'units.xlsx', formula, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(f.status).toBe(422);
    expect(f.body.errors[0]).toMatchObject({ field: 'units[row 3].name', message: expect.stringMatching(/formula/) });
    const merged = await workbook((ws) => {
      ws.addRow(['ld-a', 'A', 'department', '']);
      ws.mergeCells('A2:B2');
    });
    const m = await sys.upload('/directory/import', admin, 'units.xlsx', merged);
    expect(m.status).toBe(422);
    expect(m.body.detail).toMatch(/merged cells/);
    // Zip bombs, refused before the workbook is inflated: an entry that inflates far past the size it declares
    // (64 MiB of blanks in a few kilobytes), one that declares gigabytes, and millions of tiny cells.
    const before = await count();
    const lying = await sys.upload('/directory/import', admin, 'units.xlsx', await hostileZip(Buffer.alloc(64 * 1024 * 1024, 0x20), 4096));
    expect(lying.status).toBe(413);
    expect(lying.body.errors).toEqual([{ field: 'file', message: expect.stringMatching(/zip bomb/), sheet: 'file', row: null, column: null }]);
    const huge = await sys.upload('/directory/import', admin, 'units.xlsx', await hostileZip(Buffer.from('<worksheet/>'), 0xfffffff0));
    expect(huge.status).toBe(413);
    expect(huge.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringMatching(/inflates to \d+ MiB; at most 256 MiB/) });
    const cells = await sys.upload('/directory/import', admin, 'units.xlsx', await hostileZip(Buffer.from(`<worksheet><sheetData><row r="1">${'<c/>'.repeat(3_100_000)}</row></sheetData></worksheet>`)));
    expect(cells.status).toBe(413);
    expect(cells.body.errors[0]).toMatchObject({ field: 'file', message: expect.stringMatching(/more than 3000000 cells/) });
    expect(await count()).toBe(before);
    const big = await sys.upload('/directory/import', admin, 'units.csv', Buffer.from(`${HEADER}\n${'ld-a,A,department,,,,,,,,\n'.repeat(20_000)}`));
    expect(big.status).toBe(413);
    const xls = await sys.upload('/directory/import', admin, 'units.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 1, 2, 3]));
    expect(xls.status).toBe(415);
    const latin1 = await sys.upload('/directory/import', admin, 'units.csv', Buffer.from(`${HEADER}\nld-a,Ph\xf2ng,department,,,,,,,,\n`, 'latin1'));
    expect(latin1.status).toBe(422);
    expect(latin1.body.detail).toMatch(/UTF-8/);
  });

  it('keeps units with effective dates: a rename in the future waits for its date; the tree as of any date', async () => {
    const csv = `${HEADER}\nld-ubnd,UBND tỉnh Lâm Đồng,city_committee,,,,,,,,\nld-sgddt,Sở GDĐT Lâm Đồng,department,ld-ubnd,,Sở GDĐT,Sở GDĐT;Sở Giáo dục và Đào tạo,,,,\nld-xa-1,UBND xã Hiệp Thạnh,commune,ld-ubnd,ld-sgddt,,,,2025-07-01,,\n`;
    const r = await sys.upload('/directory/import', admin, 'lamdong.csv', Buffer.from(csv));
    expect(r.status).toBe(201);
    expect((await sys.call('GET', '/units?asOf=2025-06-30&q=ld-', { token: admin })).body.items.map((u: { id: string }) => u.id)).toEqual(['ld-sgddt', 'ld-ubnd']);
    expect((await sys.call('GET', '/units?asOf=2025-07-01&q=ld-', { token: admin })).body.total).toBe(3);
    expect((await sys.call('GET', '/units?asOf=2025-02-30', { token: admin })).status).toBe(400);

    const future = addDays(today, 30);
    const renamed = await sys.call('PATCH', '/units/ld-sgddt', { token: admin, body: { name: 'Sở Giáo dục và Đào tạo tỉnh Lâm Đồng', effectiveFrom: future, reason: 'Quyết định đổi tên' } });
    expect(renamed.status).toBe(200);
    expect(renamed.body.items).toHaveLength(2);
    expect((await sys.call('GET', '/units/ld-sgddt', { token: admin })).body.name).toBe('Sở GDĐT Lâm Đồng');
    expect((await sys.call('GET', `/units/ld-sgddt?asOf=${future}`, { token: admin })).body).toMatchObject({ name: 'Sở Giáo dục và Đào tạo tỉnh Lâm Đồng', validFrom: future });
    const [audit] = await sys.engine.ds.query(`SELECT actor_id, details FROM audit_log WHERE action = 'unit.changed' AND entity_id = 'ld-sgddt'`);
    expect(audit).toMatchObject({ actor_id: 'u-admin', details: { reason: 'Quyết định đổi tên', effectiveFrom: future } });

    // Moving a unit under its own child is a cycle: refused, nothing changes.
    const cycle = await sys.call('PATCH', '/units/ld-ubnd', { token: admin, body: { parentId: 'ld-sgddt', reason: 'x' } });
    expect(cycle.status).toBe(422);
    expect(cycle.body.errors[0].message).toMatch(/cycle/);
    expect((await sys.call('POST', '/units', { token: admin, body: { id: 'ld-x', name: 'X', kind: 'nonsense', reason: 'x' } })).status).toBe(422);
    const created = await sys.call('POST', '/units', { token: admin, body: { id: 'ld-thpt-1', name: 'Trường THPT Bảo Lộc', kind: 'school_thpt', parentId: 'ld-sgddt', code: '79001', reason: 'Thành lập' } });
    expect(created.status).toBe(201);
    const gone = await sys.call('POST', '/units/ld-thpt-1/deactivate', { token: admin, body: { effectiveFrom: future, reason: 'Giải thể' } });
    expect(gone.body.items[0]).toMatchObject({ validTo: future });
    expect((await sys.call('GET', `/units/ld-thpt-1?asOf=${future}`, { token: admin })).status).toBe(404);
    expect((await sys.call('GET', '/units/kinds', { token: admin })).body.items.map((k: { kind: string }) => k.kind)).toContain('commune');

    // Export, then import the export: nothing to change. Both formats.
    const csvOut = await fetch(`${sys.api.url}/directory/export?format=csv`, { headers: { authorization: `Bearer ${admin}` } });
    expect(csvOut.headers.get('content-type')).toMatch(/text\/csv/);
    const csvBuf = Buffer.from(await csvOut.arrayBuffer());
    expect(csvBuf.toString('utf8')).toContain('ld-sgddt,Sở Giáo dục và Đào tạo tỉnh Lâm Đồng,department');
    const back = await sys.upload('/directory/import?dryRun=true', admin, 'units.csv', csvBuf);
    expect(back.body.units).toMatchObject({ added: [], changed: [] });
    const xlsx = Buffer.from(await (await fetch(`${sys.api.url}/directory/export?format=xlsx`, { headers: { authorization: `Bearer ${admin}` } })).arrayBuffer());
    const backX = await sys.upload('/directory/import?dryRun=true', admin, 'directory.xlsx', xlsx);
    expect(backX.status).toBe(201);
    expect(backX.body.units).toMatchObject({ added: [], changed: [] });
    expect(backX.body.users).toMatchObject({ added: [], changed: [] });
  });

  it('creates users, changes their roles, resets and changes passwords, deactivates them; logout revokes the token', async () => {
    const created = await sys.call('POST', '/users', { token: admin, body: { username: 'officer.ld-sgddt', displayName: 'Chuyên viên Sở', unitId: 'ld-sgddt', roles: ['officer'], email: 'cv@lamdong.example' } });
    expect(created.status).toBe(201);
    const temp = created.body.temporaryPassword as string;
    expect(temp.length).toBeGreaterThan(8);
    expect((await sys.call('POST', '/users', { token: admin, body: { username: 'x', displayName: 'X', unitId: 'ld-nowhere', roles: ['officer'] } })).status).toBe(422);
    const officer = await sys.login('officer.ld-sgddt', temp);
    expect((await sys.call('GET', '/users', { token: officer })).status).toBe(403);
    expect((await sys.call('POST', '/me/password', { token: officer, body: { currentPassword: 'wrong-password', newPassword: 'mat-khau-moi-123' } })).status).toBe(422);
    expect((await sys.call('POST', '/me/password', { token: officer, body: { currentPassword: temp, newPassword: 'mat-khau-moi-123' } })).status).toBe(204);
    await expect(sys.login('officer.ld-sgddt', temp)).rejects.toThrow(/401/);
    const again = await sys.login('officer.ld-sgddt', 'mat-khau-moi-123');

    const changed = await sys.call('PATCH', `/users/${created.body.user.id}`, { token: admin, body: { roles: ['officer', 'supervisor'], reason: 'Bổ nhiệm' } });
    expect(changed.body.roles).toEqual(['officer', 'supervisor']);
    expect((await sys.call('GET', '/me', { token: again })).body.roles).toEqual(['officer', 'supervisor']);

    expect((await sys.call('POST', '/auth/logout', { token: again })).status).toBe(204);
    expect((await sys.call('GET', '/me', { token: again })).status).toBe(401);

    const third = await sys.login('officer.ld-sgddt', 'mat-khau-moi-123');
    expect((await sys.call('POST', `/users/${created.body.user.id}/deactivate`, { token: admin, body: { reason: 'Nghỉ hưu' } })).status).toBe(200);
    expect((await sys.call('GET', '/me', { token: third })).status).toBe(401);
    const reset = await sys.call('POST', `/users/${created.body.user.id}/password-reset`, { token: admin, body: { reason: 'Quên mật khẩu' } });
    expect(reset.body.temporaryPassword).toBeTruthy();

    const audit = await sys.engine.ds.query(`SELECT action, actor_id, details->>'reason' AS reason FROM audit_log WHERE entity_type = 'user' AND entity_id = $1 ORDER BY seq`, [created.body.user.id]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['user.created', 'user.password_changed', 'user.changed', 'user.logged_out', 'user.deactivated', 'user.password_reset']);
    expect(JSON.stringify(audit)).not.toContain('mat-khau-moi-123');
  });
});
