import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { DirectoryUnit, UnitView } from '@khflow/contracts';
import { buildOrgIndex, vnDateOf, type OrgIndex } from '@khflow/domain';
import { loadUnits, refreshCurrentUnits } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';

const TTL_MS = 5_000;

/**
 * The org tree for permission checks (every unit in the version in effect today), reloaded when older than a few
 * seconds or after an administrator's change. When the date passes a version boundary (a change effective today),
 * the current columns of org_unit are refreshed first, so a future-dated change takes effect on its date.
 */
@Injectable()
export class DirectoryService {
  private cached: { at: number; date: string; index: OrgIndex } | null = null;
  private refreshedOn: string | null = null;
  private readonly byDate = new Map<string, { at: number; units: DirectoryUnit[] }>();

  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async index(): Promise<OrgIndex> {
    const today = vnDateOf(Date.now());
    if (this.refreshedOn !== today) {
      await refreshCurrentUnits(this.db.manager, today);
      this.refreshedOn = today;
      this.cached = null;
    }
    if (!this.cached || Date.now() - this.cached.at > TTL_MS || this.cached.date !== today)
      this.cached = { at: Date.now(), date: today, index: buildOrgIndex(await loadUnits(this.db.manager, today)) };
    return this.cached.index;
  }

  /** The units in effect on a date (the tree an administrator sees for that date). */
  async activeOn(date: string): Promise<DirectoryUnit[]> {
    const hit = this.byDate.get(date);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.units;
    const units = await loadUnits(this.db.manager, date, 'active');
    if (this.byDate.size > 20) this.byDate.clear();
    this.byDate.set(date, { at: Date.now(), units });
    return units;
  }

  /** After a change: the next read sees it. */
  invalidate(): void {
    this.cached = null;
    this.refreshedOn = null;
    this.byDate.clear();
  }

  static view(u: DirectoryUnit): UnitView {
    return {
      id: u.id,
      name: u.name,
      shortName: u.shortName ?? null,
      kind: u.kind,
      parentId: u.parentId,
      reportsToId: u.reportsToId,
      aliases: u.aliases,
      validFrom: u.validFrom ?? null,
      validTo: u.validTo ?? null,
      successorId: u.successorId ?? null,
      code: u.code ?? null,
    };
  }
}
