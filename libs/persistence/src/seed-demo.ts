import { DEMO_ALL_USERS, DEMO_PASSWORD, DEMO_UNITS, demoDirectoryVersions } from '@khflow/directory';
import { createDataSource } from './data-source';
import { insertUsers, upsertUnits } from './directory-store';

/**
 * Seeds the Hải Phòng demo directory — both versions: the four-level tree until 30 June 2025 and the two-level one
 * from 1 July 2025 — and demo users, into an empty directory only: an administrator's edits and imports are
 * kept across restarts. Users missing from the demo set are added (those of units that exist).
 *
 * `reform: 'by-reorganisation'` (npm start) seeds the four-level tree alone: the two-level version then comes from
 * the reorganisation of 1 July 2025 applied through the API (scripts/demo-plan.ts), after a plan was launched on the
 * old tree, so that the demo shows a plan that lived through the change. A second call after it adds the users of
 * the new communes.
 */
export async function seedDemoDirectory(databaseUrl: string, opts: { reform?: 'seeded' | 'by-reorganisation' } = {}): Promise<{ units: number; users: number; fresh: boolean }> {
  const ds = createDataSource(databaseUrl, { poolSize: 2, applicationName: 'khflow-seed' });
  await ds.initialize();
  try {
    return await ds.transaction(async (m) => {
      const [{ n }] = await m.query('SELECT count(*)::int AS n FROM org_unit');
      if (n === 0) await upsertUnits(m, opts.reform === 'by-reorganisation' ? DEMO_UNITS : demoDirectoryVersions());
      const known = new Set<string>((await m.query('SELECT id FROM org_unit')).map((r: { id: string }) => r.id));
      await insertUsers(m, DEMO_ALL_USERS.filter((u) => known.has(u.unitId)), DEMO_PASSWORD);
      const [{ units }] = await m.query('SELECT count(*)::int AS units FROM org_unit');
      const [{ users }] = await m.query('SELECT count(*)::int AS users FROM app_user');
      return { units, users, fresh: n === 0 };
    });
  } finally {
    await ds.destroy();
  }
}
