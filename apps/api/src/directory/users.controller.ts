import { Controller, Get, Inject, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { DataSource } from 'typeorm';
import type { Page, UserView } from '@khflow/contracts';
import { UserRepository } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { Roles } from '../auth/auth.decorators';
import { ApiAnswers } from '../common/openapi.util';
import { paging } from '../common/paging.util';
import { userPageSchema } from '../common/response.schemas';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('users')
export class UsersController {
  private readonly users: UserRepository;

  constructor(@Inject(DATA_SOURCE) db: DataSource) {
    this.users = new UserRepository(db);
  }

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Directory users (admins only), filtered by unit' })
  @ApiQuery({ name: 'unitId', required: false })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 200 } })
  @ApiQuery({ name: 'offset', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiAnswers({ ok: [200, userPageSchema], errors: [403] })
  async list(@Query() q: Record<string, string>): Promise<Page<UserView>> {
    const { limit, offset } = paging(q);
    const { items, total } = await this.users.list({ unitId: q.unitId || undefined, limit, offset });
    return { items, total, limit, offset };
  }
}
