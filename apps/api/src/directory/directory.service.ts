import { Inject, Injectable } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { DirectoryUnit, UnitView } from '@khflow/contracts';
import { buildOrgIndex, type OrgIndex } from '@khflow/domain';
import { loadUnits } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';

const TTL_MS = 5_000;

/** The org tree for permission checks, reloaded when older than a few seconds (admins edit the directory). */
@Injectable()
export class DirectoryService {
  private cached: { at: number; index: OrgIndex } | null = null;

  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  async index(): Promise<OrgIndex> {
    if (!this.cached || Date.now() - this.cached.at > TTL_MS) this.cached = { at: Date.now(), index: buildOrgIndex(await loadUnits(this.db.manager)) };
    return this.cached.index;
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
    };
  }
}
