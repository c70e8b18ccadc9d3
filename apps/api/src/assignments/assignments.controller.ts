import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@khflow/config';
import type { Actor, AssignmentDetailView } from '@khflow/contracts';
import { APP_CONFIG } from '../api.tokens';
import { CurrentActor } from '../auth/auth.decorators';
import { Idempotent, idempotencyKeyOf } from '../common/idempotency.interceptor';
import { uploadOf } from '../common/upload.util';
import { validated } from '../common/validated-body';
import { acknowledgeSchema, approveSchema, commentSchema, coordinationSchema, extensionDecisionSchema, extensionSchema, returnSchema, submitSchema } from './assignment-actions.schema';
import { AssignmentsService } from './assignments.service';

const KEY = { name: 'Idempotency-Key', required: true, description: 'Unique per action; a retry with the same key returns the first answer' };
const VERSIONED = { type: 'object', properties: { expectedVersion: { type: 'integer', description: 'Refuse with 409 if the assignment changed since this version' } } } as const;

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class AssignmentsController {
  constructor(
    private readonly assignments: AssignmentsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(':id')
  @ApiOperation({ summary: 'One assignment with its submissions, comments, requests, children and what the caller may do' })
  get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<AssignmentDetailView> {
    return this.assignments.detail(id, actor);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ required: false, schema: VERSIONED })
  @ApiOperation({ summary: 'The assignee unit acknowledges the assignment' })
  acknowledge(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    const b = validated<{ expectedVersion?: number } | null>(acknowledgeSchema, body ?? undefined);
    return this.assignments.acknowledge(id, actor, idempotencyKeyOf(req), b?.expectedVersion);
  }

  @Post(':id/submissions')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ schema: { type: 'object', required: ['text'], properties: { text: { type: 'string' }, attachmentIds: { type: 'array', items: { type: 'string' } }, expectedVersion: { type: 'integer' } } } })
  @ApiOperation({ summary: 'Submit (or resubmit) the result to the reviewer; every version is kept' })
  submit(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.submit(id, actor, idempotencyKeyOf(req), validated(submitSchema, body));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ required: false, schema: { type: 'object', properties: { comment: { type: 'string' }, expectedVersion: { type: 'integer' } } } })
  @ApiOperation({ summary: 'A supervisor of the reviewer unit approves the submission (409 with the current state on a version conflict)' })
  approve(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.approve(id, actor, idempotencyKeyOf(req), validated<{ comment?: string | null; expectedVersion?: number } | null>(approveSchema, body ?? undefined) ?? {});
  }

  @Post(':id/return')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ schema: { type: 'object', required: ['comment'], properties: { comment: { type: 'string' }, expectedVersion: { type: 'integer' } } } })
  @ApiOperation({ summary: 'A supervisor of the reviewer unit returns the submission with a comment' })
  return(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.return(id, actor, idempotencyKeyOf(req), validated(returnSchema, body));
  }

  @Post(':id/coordination-requests')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ schema: { type: 'object', required: ['unitIds', 'message'], properties: { unitIds: { type: 'array', items: { type: 'string' } }, due: { type: 'string', format: 'date' }, message: { type: 'string' } } } })
  @ApiOperation({ summary: 'The lead unit asks coordinating units for their input (each gets a sub-assignment)' })
  coordinate(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.requestCoordination(id, actor, idempotencyKeyOf(req), validated(coordinationSchema, body));
  }

  @Post(':id/extension-requests')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ schema: { type: 'object', required: ['requestedDue', 'reason'], properties: { requestedDue: { type: 'string', format: 'date' }, reason: { type: 'string' } } } })
  @ApiOperation({ summary: 'The assignee asks for a later due date' })
  extension(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.requestExtension(id, actor, idempotencyKeyOf(req), validated(extensionSchema, body));
  }

  @Post(':id/extension-requests/:rid/decision')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ schema: { type: 'object', required: ['grant'], properties: { grant: { type: 'boolean' }, comment: { type: 'string' } } } })
  @ApiOperation({ summary: 'A supervisor of the reviewer unit grants (new due date) or refuses an extension' })
  decide(@Param('id') id: string, @Param('rid') rid: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.decideExtension(id, rid, actor, idempotencyKeyOf(req), validated(extensionDecisionSchema, body));
  }

  @Post(':id/comments')
  @HttpCode(202)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ schema: { type: 'object', required: ['text'], properties: { text: { type: 'string' } } } })
  @ApiOperation({ summary: 'Comment on an assignment (assignee unit or reviewers); recorded in its history' })
  comment(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.comment(id, actor, idempotencyKeyOf(req), validated<{ text: string }>(commentSchema, body).text);
  }

  @Post(':id/attachments')
  @Idempotent()
  @ApiHeader(KEY)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiOperation({ summary: 'Upload an attachment (multipart field "file"); returns its id and SHA-256 for a submission' })
  async upload(@Param('id') id: string, @CurrentActor() actor: Actor, @Req() req: FastifyRequest) {
    return this.assignments.upload(id, actor, await uploadOf(req, this.config.maxUploadBytes), idempotencyKeyOf(req));
  }

  @Get(':id/attachments/:aid')
  @ApiOperation({ summary: 'Download an attachment of this assignment (or of its coordination/consolidation children)' })
  async download(@Param('id') id: string, @Param('aid') aid: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const a = await this.assignments.download(id, aid, actor);
    await reply
      .header('content-type', a.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
      .header('digest', `sha-256=${Buffer.from(a.sha256, 'hex').toString('base64')}`)
      .send(a.content);
  }
}
