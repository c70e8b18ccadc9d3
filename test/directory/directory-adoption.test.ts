// The "done when", over HTTP from an empty installation: an administrator imports the units and users of a
// province that is not Hải Phòng (Bắc Ninh, after the 2025 reform) from CSV, imports one of that province's plans
// and sees its units resolved, launches it, then reorganises — merges two communes into a new one and splits a
// third — with the open work moving once to the units now responsible.
import { vnDateOf } from '@khflow/domain';
import { waitFor } from '../support/test-env';
import { type DirectorySystem, startDirectorySystem } from './directory-harness';

jest.setTimeout(300_000);

const UNITS_CSV = `id,name,kind,parent_id,reports_to_id,short_name,aliases,code,valid_from,valid_to,successor_id
bn-ubnd,Ủy ban nhân dân tỉnh Bắc Ninh,city_committee,,,UBND tỉnh,UBND tỉnh Bắc Ninh;UBND tỉnh,,,,
bn-sgddt,Sở Giáo dục và Đào tạo Bắc Ninh,department,bn-ubnd,,Sở GDĐT,Sở GDĐT;Sở Giáo dục và Đào tạo,,,,
bn-sgddt-khtc,Phòng Kế hoạch – Tài chính,department_division,bn-sgddt,,Phòng KHTC,Phòng KHTC,,,,
bn-xa-tanan,Ủy ban nhân dân xã Tân An,commune,bn-ubnd,bn-sgddt,UBND xã Tân An,UBND xã Tân An,25001,,,
bn-xa-dongphong,Ủy ban nhân dân xã Đông Phong,commune,bn-ubnd,bn-sgddt,UBND xã Đông Phong,UBND xã Đông Phong,25002,,,
bn-phuong-kinhbac,Ủy ban nhân dân phường Kinh Bắc,commune,bn-ubnd,bn-sgddt,UBND phường Kinh Bắc,UBND phường Kinh Bắc,25003,,,
bn-thcs-tanan,Trường THCS Tân An,school_thcs,bn-xa-tanan,,,Trường THCS Tân An,,,,
bn-mn-hoasen,Trường Mầm non Hoa Sen,school_mn,bn-phuong-kinhbac,,,Trường Mầm non Hoa Sen;Trường MN Hoa Sen,,,,
bn-th-kinhbac,Trường Tiểu học Kinh Bắc,school_th,bn-phuong-kinhbac,,,Trường Tiểu học Kinh Bắc;Trường TH Kinh Bắc,,,,
`;

const USERS_CSV = `username,display_name,unit_id,roles,email
owner.bn-sgddt,Chủ kế hoạch Sở GDĐT Bắc Ninh,bn-sgddt,plan_owner;officer,khtc@bacninh.example
officer.bn-xa-tanan,Công chức VH-XH xã Tân An,bn-xa-tanan,officer,
officer.bn-xa-dongphong,Công chức VH-XH xã Đông Phong,bn-xa-dongphong,officer,
supervisor.bn-phuong-kinhbac,Chủ tịch UBND phường Kinh Bắc,bn-phuong-kinhbac,supervisor,
officer.bn-mn-hoasen,Giáo viên Trường MN Hoa Sen,bn-mn-hoasen,officer,
`;

// A plan of the Bắc Ninh Sở in the shape of the sample plans (synthetic text).
const PLAN = `UBND TỈNH BẮC NINH
SỞ GIÁO DỤC VÀ ĐÀO TẠO

Số: 45/KH-SGDĐT

Bắc Ninh, ngày 10 tháng 3 năm 2026

KẾ HOẠCH

Triển khai chuyển đổi số trong các cơ sở giáo dục năm 2026

I. MỤC ĐÍCH, YÊU CẦU

Đẩy mạnh chuyển đổi số trong quản lý giáo dục trên địa bàn tỉnh.

II. NỘI DUNG NHIỆM VỤ

1. Rà soát hạ tầng số của các trường trên địa bàn

- **Nội dung:** Rà soát hạ tầng mạng, thiết bị của các trường mầm non, tiểu học, trung học cơ sở.
- **Thời gian thực hiện:** trước ngày 30/12/2026;
- **Chủ trì:** UBND xã Tân An; UBND xã Đông Phong; UBND phường Kinh Bắc;
- **Đơn vị phối hợp thực hiện:** Phòng KHTC.

2. Cập nhật cơ sở dữ liệu ngành

- **Nội dung:** Cập nhật dữ liệu học sinh, giáo viên lên cơ sở dữ liệu ngành.
- **Thời gian thực hiện:** trước ngày 30/12/2026;
- **Chủ trì:** Trường Mầm non Hoa Sen;
- **Đơn vị phối hợp thực hiện:** Trường Tiểu học Kinh Bắc.

III. TỔ CHỨC THỰC HIỆN

Các đơn vị triển khai thực hiện nghiêm túc Kế hoạch này.
`;

describe('a province that is not Hải Phòng adopts khflow', () => {
  let sys: DirectorySystem;
  let admin: string;
  const today = vnDateOf(Date.now());
  beforeAll(async () => {
    sys = await startDirectorySystem();
    admin = await sys.login('admin');
  });
  afterAll(async () => sys?.close());

  it('imports units and users from CSV, a plan with its units resolved, launches it and reorganises with the work moving', async () => {
    // Units then users, each all or nothing; a dry run first answers the diff and writes nothing.
    const preview = await sys.upload('/directory/import?dryRun=true', admin, 'bacninh-units.csv', Buffer.from(UNITS_CSV));
    expect(preview.status).toBe(201);
    expect(preview.body.units.added).toHaveLength(9);
    expect((await sys.call('GET', '/units?q=bn-', { token: admin })).body.total).toBe(0);
    const units = await sys.upload('/directory/import?reason=Danh%20m%E1%BB%A5c%20B%E1%BA%AFc%20Ninh', admin, 'bacninh-units.csv', Buffer.from(UNITS_CSV));
    expect(units.status).toBe(201);
    const users = await sys.upload('/directory/import', admin, 'bacninh-users.csv', Buffer.from(USERS_CSV));
    expect(users.status).toBe(201);
    expect(users.body.users.added).toHaveLength(5);
    const again = await sys.upload('/directory/import?dryRun=true', admin, 'bacninh-units.csv', Buffer.from(UNITS_CSV));
    expect(again.body.units).toMatchObject({ added: [], changed: [], unchanged: 9 });
    const [audit] = await sys.engine.ds.query(`SELECT actor_id, details FROM audit_log WHERE action = 'directory.imported' ORDER BY seq LIMIT 1`);
    expect(audit).toMatchObject({ actor_id: 'u-admin', details: { reason: 'Danh mục Bắc Ninh', fileName: 'bacninh-units.csv' } });

    // Imported users have no password until an administrator sets one.
    for (const u of ['owner.bn-sgddt', 'officer.bn-xa-tanan', 'officer.bn-xa-dongphong', 'supervisor.bn-phuong-kinhbac', 'officer.bn-mn-hoasen'])
      expect((await sys.call('POST', `/users/u-${u}/password-reset`, { token: admin, body: { password: 'mat-khau-bac-ninh', reason: 'cấp tài khoản' } })).status).toBe(200);
    const owner = await sys.login('owner.bn-sgddt', 'mat-khau-bac-ninh');

    // The plan's units resolve against this installation's directory.
    const imported = await sys.upload('/plans/import', owner, 'bacninh-45-kh-sgddt.txt', Buffer.from(PLAN), 'text/plain');
    expect(imported.status).toBe(201);
    const plan = (await sys.call('GET', `/plans/${imported.body.planId}`, { token: owner })).body;
    expect(plan.issuerUnitId).toBe('bn-sgddt');
    const leadIds = plan.tasks.map((t: { lead: { unitId?: string }[] }) => t.lead.map((l) => l.unitId).sort());
    expect(leadIds).toEqual([['bn-phuong-kinhbac', 'bn-xa-dongphong', 'bn-xa-tanan'], ['bn-mn-hoasen']]);
    expect((await sys.call('POST', `/plans/${plan.id}/launch`, { token: owner })).status).toBe(202);
    const rows = () =>
      sys.engine.ds.query(`SELECT id, task_id, unit_id, reviewer_unit_id, state FROM assignment WHERE plan_id = $1 ORDER BY unit_id`, [plan.id]) as Promise<
        { id: string; task_id: string; unit_id: string; reviewer_unit_id: string; state: string }[]
      >;
    await waitFor(async () => (await rows()).length === 4, { timeoutMs: 60_000 });
    const before = await rows();
    const ofUnit = (list: typeof before, unitId: string) => list.filter((a) => a.unit_id === unitId);

    // Merge Tân An and Đông Phong into a new commune; split Kinh Bắc in two, each school to one part.
    const reorganisation = {
      effectiveFrom: today,
      reason: 'Sắp xếp đơn vị hành chính cấp xã',
      operations: [
        { type: 'create', unit: { id: 'bn-xa-tanphong', name: 'Ủy ban nhân dân xã Tân Phong', kind: 'commune', parentId: 'bn-ubnd', reportsToId: 'bn-sgddt' } },
        { type: 'create', unit: { id: 'bn-phuong-kinhbac-bac', name: 'Ủy ban nhân dân phường Kinh Bắc Bắc', kind: 'commune', parentId: 'bn-ubnd', reportsToId: 'bn-sgddt' } },
        { type: 'create', unit: { id: 'bn-phuong-kinhbac-nam', name: 'Ủy ban nhân dân phường Kinh Bắc Nam', kind: 'commune', parentId: 'bn-ubnd', reportsToId: 'bn-sgddt' } },
        { type: 'merge', unitIds: ['bn-xa-tanan', 'bn-xa-dongphong'], into: 'bn-xa-tanphong' },
        { type: 'split', unitId: 'bn-phuong-kinhbac', parts: [{ into: 'bn-phuong-kinhbac-bac', childIds: ['bn-mn-hoasen'] }, { into: 'bn-phuong-kinhbac-nam', childIds: ['bn-th-kinhbac'] }] },
      ],
    };
    const dry = await sys.call('POST', '/reorganisations', { token: admin, body: { ...reorganisation, dryRun: true } });
    expect(dry.status).toBe(201);
    expect(dry.body.goners).toEqual(expect.arrayContaining([{ unitId: 'bn-xa-tanan', successorIds: ['bn-xa-tanphong'] }, { unitId: 'bn-phuong-kinhbac', successorIds: ['bn-phuong-kinhbac-bac', 'bn-phuong-kinhbac-nam'] }]));
    expect(dry.body.openAssignments.find((o: { unitId: string }) => o.unitId === 'bn-phuong-kinhbac')).toMatchObject({ asAssignee: 1, asReviewer: 1 });
    // The two merged communes held the same task: one moves, the other closes as merged into it (no duplicate).
    expect(dry.body.moves.items.map((m: { action: string; fromUnitId: string; toUnitId: string }) => `${m.action}:${m.fromUnitId}>${m.toUnitId}`).sort()).toEqual(
      ['merge_into:bn-xa-tanan>bn-xa-tanphong', 'reassign:bn-phuong-kinhbac>bn-phuong-kinhbac-bac', 'reassign:bn-phuong-kinhbac>bn-phuong-kinhbac-bac', 'reassign:bn-xa-dongphong>bn-xa-tanphong'].sort(),
    );
    expect(dry.body.usersToRehome.items).toEqual(expect.arrayContaining([{ username: 'officer.bn-xa-tanan', fromUnitId: 'bn-xa-tanan', toUnitId: 'bn-xa-tanphong' }]));
    expect(dry.body.chains.items).toEqual(expect.arrayContaining([{ unitId: 'bn-mn-hoasen', before: ['bn-mn-hoasen', 'bn-phuong-kinhbac', 'bn-sgddt', 'bn-ubnd'], after: ['bn-mn-hoasen', 'bn-phuong-kinhbac-bac', 'bn-sgddt', 'bn-ubnd'] }]));
    expect((await sys.call('GET', '/units/bn-xa-tanphong', { token: admin })).status).toBe(404); // nothing written

    // A bad operation names itself and changes nothing.
    const bad = await sys.call('POST', '/reorganisations', { token: admin, body: { ...reorganisation, operations: [{ type: 'merge', unitIds: ['bn-nowhere'], into: 'bn-xa-tanan' }] } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].field).toBe('operations[0].unitIds[0]');

    const applied = await sys.call('POST', '/reorganisations', { token: admin, body: reorganisation });
    expect(applied.status).toBe(201);
    await waitFor(async () => (await sys.call('GET', `/reorganisations/${applied.body.id}`, { token: admin })).body.status === 'applied', { timeoutMs: 60_000 });
    await waitFor(async () => {
      const after = await rows();
      return ofUnit(after, 'bn-xa-tanphong').length === 1 && ofUnit(after, 'bn-xa-tanan')[0]?.state === 'cancelled' && ofUnit(after, 'bn-phuong-kinhbac-bac').length === 1;
    }, { timeoutMs: 60_000 });
    const after = await rows();
    // The merged communes' task is held once by the new commune: one open row, the other closed as merged.
    const task1 = before.find((a) => a.unit_id === 'bn-xa-tanan')!.task_id;
    const tanphong = ofUnit(after, 'bn-xa-tanphong').filter((a) => a.task_id === task1);
    expect(tanphong.filter((a) => a.state !== 'cancelled')).toHaveLength(1);
    const merged = await sys.engine.ds.query(`SELECT details FROM audit_log WHERE action = 'assignment.merged'`);
    expect(merged).toHaveLength(1);
    expect(merged[0].details).toMatchObject({ fromUnitId: 'bn-xa-tanan', toUnitId: 'bn-xa-tanphong', reason: 'Sắp xếp đơn vị hành chính cấp xã' });
    // The split ward's own work goes to its first part; the school's report goes to the part it now sits under.
    expect(ofUnit(after, 'bn-phuong-kinhbac-bac')[0].state).not.toBe('cancelled');
    const school = ofUnit(after, 'bn-mn-hoasen')[0];
    expect(school.reviewer_unit_id).toBe('bn-phuong-kinhbac-bac');
    const history = await sys.engine.ds.query(`SELECT action, details FROM audit_log WHERE assignment_id = $1 ORDER BY seq`, [school.id]);
    expect(history.map((h: { action: string }) => h.action)).toEqual(['assignment.created', 'assignment.reassigned']);
    expect(history[1].details).toMatchObject({ fromUnitId: 'bn-phuong-kinhbac', toUnitId: 'bn-phuong-kinhbac-bac', reason: 'Sắp xếp đơn vị hành chính cấp xã' });
    // Each open assignment moved once.
    const moves = await sys.engine.ds.query(`SELECT assignment_id, count(*)::int AS n FROM audit_log WHERE action = 'assignment.reassigned' GROUP BY 1`);
    expect(moves.every((m: { n: number }) => m.n === 1)).toBe(true);

    // The tree as of yesterday still has the old communes; today's has the new ones; users were re-homed.
    const yesterday = vnDateOf(Date.now() - 86_400_000);
    expect((await sys.call('GET', `/units?asOf=${yesterday}&kind=commune`, { token: admin })).body.items.map((u: { id: string }) => u.id)).toEqual(['bn-phuong-kinhbac', 'bn-xa-dongphong', 'bn-xa-tanan']);
    expect((await sys.call('GET', `/units?asOf=${today}&kind=commune`, { token: admin })).body.items.map((u: { id: string }) => u.id)).toEqual(['bn-phuong-kinhbac-bac', 'bn-phuong-kinhbac-nam', 'bn-xa-tanphong']);
    expect((await sys.call('GET', '/users?unitId=bn-xa-tanphong', { token: admin })).body.items.map((u: { username: string }) => u.username)).toEqual(['officer.bn-xa-dongphong', 'officer.bn-xa-tanan']);
    const officer = await sys.login('officer.bn-xa-tanan', 'mat-khau-bac-ninh');
    const inbox = (await sys.call('GET', '/inbox', { token: officer })).body;
    expect(inbox.assignments.items.filter((a: { taskId: string }) => a.taskId === task1)).toHaveLength(1);
  });
});
