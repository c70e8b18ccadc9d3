import { Body, Controller, Get, HttpCode, Inject, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Actor, Page, UserView } from '@khflow/contracts';
import { listUsers, type DirectoryUserRow } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { paging } from '../common/paging.util';
import { validated } from '../common/validated-body';
import { DirectoryAdminService } from './directory-admin.service';
import { changeUserSchema, createUserSchema, resetPasswordSchema, userActiveSchema } from './directory.schema';
import { ApiAnswers } from '../common/openapi.util';
import { userPageSchema } from '../common/response.schemas';

const view = (u: DirectoryUserRow): UserView & { email: string | null } => ({ id: u.id, username: u.username, displayName: u.displayName, unitId: u.unitId, roles: u.roles, active: u.active, email: u.email });

/** Directory users: administrators create them, set their unit and roles, deactivate them and reset passwords. */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('users')
@Roles('admin')
export class UsersController {
  constructor(
    @Inject(DATA_SOURCE) private readonly db: DataSource,
    private readonly admin: DirectoryAdminService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Directory users (admins only), filtered by unit or a name fragment (q)' })
  @ApiQuery({ name: 'unitId', required: false })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiAnswers({ ok: [200, userPageSchema], errors: [403] })
  async list(@Query() q: Record<string, string>): Promise<Page<UserView>> {
    const { limit, offset } = paging(q);
    const { items, total } = await listUsers(this.db.manager, { unitId: q.unitId, q: q.q, limit, offset });
    return { items: items.map(view), total, limit, offset };
  }

  @Post()
  @ApiAnswers({ ok: [201, null], errors: [403, 404, 409, 422], action: true })
  @ApiOperation({ summary: 'Create a user; without a password the answer carries a temporary one, shown once' })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor) {
    const r = await this.admin.createUser(validated(createUserSchema, body), actor);
    return { user: view(r.user), temporaryPassword: r.temporaryPassword };
  }

  @Patch(':id')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @ApiOperation({ summary: "Change a user's name, unit, roles or e-mail" })
  async change(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return view(await this.admin.changeUser(id, validated(changeUserSchema, body), actor));
  }

  @Post(':id/deactivate')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Deactivate a user: their tokens stop working at once' })
  async deactivate(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return view(await this.admin.setUserActive(id, false, validated(userActiveSchema, body).reason, actor));
  }

  @Post(':id/reactivate')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(200)
  @ApiOperation({ summary: 'Reactivate a user' })
  async reactivate(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    return view(await this.admin.setUserActive(id, true, validated(userActiveSchema, body).reason, actor));
  }

  @Post(':id/password-reset')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(200)
  @ApiOperation({ summary: "Reset a user's password (to the one given, or a temporary one shown once)" })
  async resetPassword(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor) {
    const b = validated(resetPasswordSchema, body);
    return this.admin.resetPassword(id, b.password, b.reason, actor);
  }
}
