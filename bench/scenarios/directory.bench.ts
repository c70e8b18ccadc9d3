// directory: a whole province of the two-level government — 3,321 communes, wards and special zones and 54,000
// schools (generated) — imported through the API as one CSV (POST /directory/import, dry run then apply), then
// exported back. Reports the time of each step and the API's peak memory. No baseline: the figure to read is
// whether a real province's directory goes in at once on a small machine.
import { type BenchEnv, startKhflow } from '../bench-env';
import { BenchHttp } from '../bench-http';
import { printTable } from '../bench-stats.util';

const KINDS = ['school_mn', 'school_th', 'school_thcs'] as const;

export function generatedProvinceCsv(communes: number, schools: number): Buffer {
  const lines = ['id,name,kind,parent_id,reports_to_id,short_name,aliases,code,valid_from,valid_to,successor_id'];
  lines.push('pv-ubnd,Ủy ban nhân dân tỉnh,city_committee,,,UBND tỉnh,,,,,');
  lines.push('pv-sgddt,Sở Giáo dục và Đào tạo,department,pv-ubnd,,Sở GDĐT,Sở GDĐT,,,,');
  for (let c = 1; c <= communes; c++) lines.push(`pv-xa-${c},Ủy ban nhân dân xã Số ${c},commune,pv-ubnd,pv-sgddt,UBND xã Số ${c},UBND xã Số ${c},${10000 + c},2025-07-01,,`);
  for (let s = 1; s <= schools; s++) {
    const c = ((s - 1) % communes) + 1;
    const kind = KINDS[s % KINDS.length];
    lines.push(`pv-sch-${s},Trường ${kind.slice(7).toUpperCase()} Số ${s} xã ${c},${kind},pv-xa-${c},,,,,2025-07-01,,`);
  }
  return Buffer.from(`${lines.join('\n')}\n`, 'utf8');
}

export async function directoryBench(env: BenchEnv, quick: boolean): Promise<Record<string, unknown>[]> {
  const communes = quick ? 100 : 3_321;
  const schools = quick ? 1_500 : 54_000;
  const url = await env.database('bench_directory', {
    units: [{ id: 'sys', name: 'Quản trị', kind: 'agency', parentId: null, reportsToId: null, aliases: [] }],
    users: [{ username: 'admin', displayName: 'Quản trị', unitId: 'sys', roles: ['admin'] }],
  });
  const sys = await startKhflow(env, url, `bench-directory-${Date.now()}`);
  try {
    const http = new BenchHttp(sys.apiUrl);
    const token = await http.token('admin');
    const csv = generatedProvinceCsv(communes, schools);
    const upload = async (path: string) => {
      const form = new FormData();
      form.append('file', new Blob([csv], { type: 'text/csv' }), 'province.csv');
      const t = Date.now();
      const res = await fetch(`${sys.apiUrl}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
      const body = (await res.json()) as { units?: { added: string[] } };
      if (res.status !== 201) throw new Error(`${path}: ${res.status} ${JSON.stringify(body).slice(0, 500)}`);
      return { ms: Date.now() - t, added: body.units?.added.length ?? 0 };
    };
    const dry = await upload('/directory/import?dryRun=true');
    const applied = await upload('/directory/import');
    const t = Date.now();
    const exported = await fetch(`${sys.apiUrl}/directory/export?format=csv`, { headers: { authorization: `Bearer ${token}` } });
    const bytes = (await exported.arrayBuffer()).byteLength;
    const exportMs = Date.now() - t;
    const asOf = Date.now();
    const tree = await http.ok<{ total: number }>('GET', '/units?asOf=2025-07-01&kind=commune&limit=1', token);
    const asOfMs = Date.now() - asOf;
    const rows = [
      { step: 'import, dry run', units: dry.added, 'file MiB': +(csv.length / 2 ** 20).toFixed(1), 'time s': +(dry.ms / 1000).toFixed(1) },
      { step: 'import, applied', units: applied.added, 'file MiB': +(csv.length / 2 ** 20).toFixed(1), 'time s': +(applied.ms / 1000).toFixed(1) },
      { step: 'export csv', units: communes + schools + 3, 'file MiB': +(bytes / 2 ** 20).toFixed(1), 'time s': +(exportMs / 1000).toFixed(1) },
      { step: 'tree as of 2025-07-01', units: tree.total, 'file MiB': null, 'time s': +(asOfMs / 1000).toFixed(1) },
      { step: 'API peak RSS (MiB)', units: null, 'file MiB': null, 'time s': null, 'peak MiB': sys.api.peakRssMiB() },
    ];
    printTable(`directory: ${communes} communes and ${schools} schools imported through the API`, rows);
    return rows;
  } finally {
    await sys.stop();
  }
}
