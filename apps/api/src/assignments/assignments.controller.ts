import { Body, Controller, Get, HttpCode, Inject, Param, Post, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiAnswers, ApiBodyOf } from '../common/openapi.util';
import { actionResultSchema, actionWithRequestSchema, assignmentDetailSchema, attachmentRefSchema, commentAcceptedSchema } from '../common/response.schemas';
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
  @ApiAnswers({ ok: [200, assignmentDetailSchema], errors: [404] })
  get(@Param('id') id: string, @CurrentActor() actor: Actor): Promise<AssignmentDetailView> {
    return this.assignments.detail(id, actor);
  }

  @Post(':id/acknowledge')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(acknowledgeSchema, { required: false })
  @ApiAnswers({ ok: [200, actionResultSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'The assignee unit acknowledges the assignment' })
  acknowledge(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    const b = validated(acknowledgeSchema, body ?? undefined);
    return this.assignments.acknowledge(id, actor, idempotencyKeyOf(req), b?.expectedVersion);
  }

  @Post(':id/submissions')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(submitSchema)
  @ApiAnswers({ ok: [200, actionResultSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'Submit (or resubmit) the result to the reviewer; every version is kept. A task with a report form answers 422 (field figures): use POST /assignments/{id}/report' })
  submit(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.submitPlain(id, actor, idempotencyKeyOf(req), validated(submitSchema, body));
  }

  @Post(':id/approve')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(approveSchema, { required: false })
  @ApiAnswers({ ok: [200, actionResultSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'A supervisor of the reviewer unit approves the submission (409 with the current state on a version conflict)' })
  approve(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.approve(id, actor, idempotencyKeyOf(req), validated(approveSchema, body ?? undefined) ?? {});
  }

  @Post(':id/return')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(returnSchema)
  @ApiAnswers({ ok: [200, actionResultSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'A supervisor of the reviewer unit returns the submission with a comment' })
  return(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.return(id, actor, idempotencyKeyOf(req), validated(returnSchema, body));
  }

  @Post(':id/coordination-requests')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(coordinationSchema)
  @ApiAnswers({ ok: [200, actionWithRequestSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'The lead unit asks coordinating units for their input (each gets a sub-assignment)' })
  coordinate(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.requestCoordination(id, actor, idempotencyKeyOf(req), validated(coordinationSchema, body));
  }

  @Post(':id/extension-requests')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(extensionSchema)
  @ApiAnswers({ ok: [200, actionWithRequestSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'The assignee asks for a later due date' })
  extension(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.requestExtension(id, actor, idempotencyKeyOf(req), validated(extensionSchema, body));
  }

  @Post(':id/extension-requests/:rid/decision')
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(extensionDecisionSchema)
  @ApiAnswers({ ok: [200, actionResultSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'A supervisor of the reviewer unit grants (new due date) or refuses an extension' })
  decide(@Param('id') id: string, @Param('rid') rid: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.decideExtension(id, rid, actor, idempotencyKeyOf(req), validated(extensionDecisionSchema, body));
  }

  @Post(':id/comments')
  @HttpCode(202)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBodyOf(commentSchema)
  @ApiAnswers({ ok: [202, commentAcceptedSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'Comment on an assignment (assignee unit or reviewers); recorded in its history' })
  comment(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.assignments.comment(id, actor, idempotencyKeyOf(req), validated(commentSchema, body).text);
  }

  @Post(':id/attachments')
  @Idempotent()
  @ApiHeader(KEY)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', required: ['file'], properties: { file: { type: 'string', format: 'binary' } } } })
  @ApiAnswers({ ok: [201, attachmentRefSchema], action: true, errors: [403, 404] })
  @ApiOperation({ summary: 'Upload an attachment (multipart field "file"); returns its id and SHA-256 for a submission' })
  async upload(@Param('id') id: string, @CurrentActor() actor: Actor, @Req() req: FastifyRequest) {
    return this.assignments.upload(id, actor, await uploadOf(req, this.config.maxUploadBytes), idempotencyKeyOf(req));
  }

  @Get(':id/attachments/:aid')
  @ApiOperation({ summary: 'Download an attachment of this assignment (or of its coordination/consolidation children)' })
  @ApiAnswers({ ok: [200, null, '*/*'], errors: [404] })
  async download(@Param('id') id: string, @Param('aid') aid: string, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const a = await this.assignments.download(id, aid, actor);
    await reply
      .header('content-type', a.contentType)
      .header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(a.fileName)}`)
      .header('digest', `sha-256=${Buffer.from(a.sha256, 'hex').toString('base64')}`)
      .send(a.content);
  }
}
