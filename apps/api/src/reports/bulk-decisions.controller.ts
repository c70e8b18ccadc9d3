// A supervisor approves, returns or decides the extensions of several items at once, with a result per item: each
// item is its own Temporal update (its own id, derived from the request's Idempotency-Key and the item), so one
// refusal (a version conflict, an item of another reviewer) does not stop the others and a retry applies none twice.
import { Body, Controller, HttpCode, HttpException, Post, Req } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Inject } from '@nestjs/common';
import type { DataSource } from 'typeorm';
import type { ActionResult, Actor } from '@khflow/contracts';
import { pendingExtensionRequests } from '@khflow/persistence';
import { DATA_SOURCE } from '../api.tokens';
import { AssignmentsService } from '../assignments/assignments.service';
import { CurrentActor } from '../auth/auth.decorators';
import { z } from 'zod';
import { int, list, text } from '../common/body-schema.util';
import { Idempotent, idempotencyKeyOf } from '../common/idempotency.interceptor';
import { fieldErrors } from '../common/problem-details.filter';
import { validated } from '../common/validated-body';
import { ApiAnswers } from '../common/openapi.util';

const ACTIONS = ['approve', 'return', 'grant_extension', 'refuse_extension'] as const;
type BulkAction = (typeof ACTIONS)[number];

const bulkSchema = z.strictObject({
  action: z.enum(ACTIONS),
  comment: text({ max: 5000 }).nullable().optional(),
  items: list(z.strictObject({ assignmentId: text({ max: 36, pattern: /^[0-9a-f-]{36}$/, hint: 'must be an assignment id (uuid)' }), expectedVersion: int({ min: 1 }).optional() }), 200, 1),
});

export interface BulkItemResult {
  assignmentId: string;
  ok: boolean;
  status: number;
  result?: ActionResult;
  problem?: { title: string; detail: string | null; reason?: string | null };
}

@ApiTags('assignments')
@ApiBearerAuth()
@Controller('assignments')
export class BulkDecisionsController {
  constructor(
    private readonly assignments: AssignmentsService,
    @Inject(DATA_SOURCE) private readonly db: DataSource,
  ) {}

  @Post('bulk-decisions')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(200)
  @Idempotent()
  @ApiHeader({ name: 'Idempotency-Key', required: true })
  @ApiBody({ schema: { type: 'object', required: ['action', 'items'], properties: { action: { type: 'string', enum: [...ACTIONS] }, comment: { type: 'string' }, items: { type: 'array', items: { type: 'object', properties: { assignmentId: { type: 'string' }, expectedVersion: { type: 'integer' } } } } } } })
  @ApiOperation({ summary: 'Approve, return (comment required) or grant/refuse the pending extensions of up to 200 assignments; one result per item' })
  async decide(@Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object): Promise<{ action: BulkAction; results: BulkItemResult[]; succeeded: number; failed: number }> {
    const b = validated(bulkSchema, body);
    if (b.action === 'return' && !b.comment?.trim()) throw fieldErrors(400, 'Invalid request body', [{ field: 'comment', message: 'is required when returning submissions' }]);
    const ids = b.items.map((i) => i.assignmentId);
    if (new Set(ids).size !== ids.length) throw fieldErrors(400, 'Invalid request body', [{ field: 'items', message: 'names an assignment twice' }]);
    const key = idempotencyKeyOf(req);
    const pending = b.action.endsWith('_extension') ? await pendingExtensionRequests(this.db, ids) : new Map();
    const results: BulkItemResult[] = [];
    // One after the other: a supervisor's batch is small, and the order of the results is the order asked.
    for (const item of b.items) {
      const itemKey = `${key}:${item.assignmentId}`;
      try {
        let result: ActionResult;
        if (b.action === 'approve') result = await this.assignments.approve(item.assignmentId, actor, itemKey, { comment: b.comment ?? null, expectedVersion: item.expectedVersion });
        else if (b.action === 'return') result = await this.assignments.return(item.assignmentId, actor, itemKey, { comment: b.comment!, expectedVersion: item.expectedVersion });
        else {
          const ext = pending.get(item.assignmentId);
          if (!ext) {
            await this.assignments.checked(item.assignmentId, actor, 'assignment.decide');
            results.push({ assignmentId: item.assignmentId, ok: false, status: 409, problem: { title: 'Conflict', detail: 'no pending extension request on this assignment' } });
            continue;
          }
          result = await this.assignments.decideExtension(item.assignmentId, ext.id, actor, itemKey, { grant: b.action === 'grant_extension', comment: b.comment ?? null, expectedVersion: item.expectedVersion });
        }
        results.push({ assignmentId: item.assignmentId, ok: true, status: 200, result });
      } catch (err) {
        if (!(err instanceof HttpException)) throw err;
        const p = err.getResponse() as { title?: string; detail?: string; reason?: string };
        results.push({ assignmentId: item.assignmentId, ok: false, status: err.getStatus(), problem: { title: p.title ?? err.message, detail: p.detail ?? null, ...(p.reason ? { reason: p.reason } : {}) } });
      }
    }
    return { action: b.action, results, succeeded: results.filter((r) => r.ok).length, failed: results.filter((r) => !r.ok).length };
  }
}
