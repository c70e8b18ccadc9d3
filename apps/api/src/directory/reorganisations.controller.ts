import { Body, Controller, Get, Param, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyRequest } from 'fastify';
import type { Actor } from '@khflow/contracts';
import type { ReorganisationRequest } from '@khflow/directory';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { validated } from '../common/validated-body';
import { reorganisationSchema } from './directory.schema';
import { ReorganisationService } from './reorganisation.service';
import { ApiAnswers } from '../common/openapi.util';

@ApiTags('directory')
@ApiBearerAuth()
@Controller('reorganisations')
@Roles('admin')
export class ReorganisationsController {
  constructor(private readonly reorganisations: ReorganisationService) {}

  @Post()
  @ApiAnswers({ ok: [201, null], errors: [403, 404, 409, 422], action: true })
  @ApiOperation({
    summary: 'Merge, split, abolish (with successors), move, rename and create units effective on one date; dryRun=true answers what would move',
    description: 'Applying needs an Idempotency-Key; the same key answers the same reorganisation.',
  })
  async submit(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: FastifyRequest) {
    // The shape is checked here; the fields each operation type needs are checked by the service (OPERATION_NEEDS).
    const b = validated(reorganisationSchema, body) as ReorganisationRequest & { dryRun?: boolean };
    const key = req.headers['idempotency-key'];
    return this.reorganisations.submit(b, actor, typeof key === 'string' && /^[A-Za-z0-9._:-]{1,200}$/.test(key) ? key : null);
  }

  @Get(':id')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'A reorganisation and its state (scheduled, applying, applied)' })
  async get(@Param('id') id: string) {
    return this.reorganisations.get(id);
  }
}
