import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Page, Role, UserView } from '@khflow/contracts';
import { DATA_SOURCE } from '../api.tokens';
import { Roles } from '../auth/auth.decorators';
import { paging } from '../common/paging.util';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  constructor(@Inject(DATA_SOURCE) private readonly db: DataSource) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Directory users (admins only), filtered by unit' })
  async list(@Query() q: Record<string, string>): Promise<Page<UserView>> {
    const { limit, offset } = paging(q);
    const where = q.unitId ? 'WHERE unit_id = $3' : '';
    const params: unknown[] = [limit, offset, ...(q.unitId ? [q.unitId] : [])];
    const rows = await this.db.query(`SELECT id, username, display_name, unit_id, roles, active, count(*) OVER () AS total FROM app_user ${where} ORDER BY username LIMIT $1 OFFSET $2`, params);
    return {
      items: rows.map((r: { id: string; username: string; display_name: string; unit_id: string; roles: Role[]; active: boolean }) => ({ id: r.id, username: r.username, displayName: r.display_name, unitId: r.unit_id, roles: r.roles, active: r.active })),
      total: rows.length ? Number(rows[0].total) : 0,
      limit,
      offset,
    };
  }
}
