import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Actor } from '@khflow/contracts';
import { isValidDate } from '@khflow/domain';
import { CurrentActor } from '../auth/auth.decorators';
import { Idempotent, idempotencyKeyOf } from '../common/idempotency.interceptor';
import { fieldErrors, type FieldError } from '../common/problem-details.filter';
import { type DocumentOptions, ReportsService, XLSX } from './reports.service';
import { ApiAnswers } from '../common/openapi.util';

const KEY = { name: 'Idempotency-Key', required: true, description: 'Unique per action; a retry with the same key returns the first answer' };
type Q = Record<string, string | string[] | undefined>;
/** Bounds of one figures read for the dashboard: a page of unit rows and the plans shown beside them. */
const MAX_FIGURE_UNITS = 100;
const MAX_FIGURE_PLANS = 10;

const FORM_BODY = {
  type: 'object',
  required: ['form'],
  properties: {
    form: {
      type: 'object',
      properties: {
        fields: {
          type: 'array',
          items: {
            type: 'object',
            required: ['key', 'label', 'type', 'consolidate'],
            properties: {
              key: { type: 'string', example: 'so_hoc_sinh' },
              label: { type: 'string' },
              type: { type: 'string', enum: ['number', 'percent', 'yes_no', 'choice', 'date', 'text', 'file', 'table'] },
              unit: { type: 'string' },
              required: { type: 'boolean' },
              min: { type: 'number' },
              max: { type: 'number' },
              integer: { type: 'boolean' },
              choices: { type: 'array', items: { type: 'string' } },
              columns: { type: 'array', items: { type: 'object' } },
              keyColumn: { type: 'string' },
              consolidate: { type: 'string', enum: ['sum', 'weighted_average', 'count_yes', 'min', 'max', 'list', 'none'] },
              weightField: { type: 'string' },
            },
          },
        },
      },
    },
    reason: { type: 'string', description: 'Required on a running plan: the change is an audited amendment' },
  },
} as const;

function one(q: Q, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[v.length - 1] : v;
}

/** Document options from the query string, validated (a bad value is a 400 naming the parameter). */
function documentOptions(q: Q): DocumentOptions {
  const errors: FieldError[] = [];
  const text = (name: string, max: number) => {
    const v = one(q, name);
    if (v === undefined) return null;
    if (!v.trim() || v.length > max) errors.push({ field: name, message: `must be a text of 1-${max} characters` });
    return v.normalize('NFC').trim();
  };
  // A list is one parameter with its items separated by ';' (every query parameter is given at most once).
  const list = (name: string) => {
    const raw = one(q, name);
    const items = (raw === undefined ? [] : raw.split(';')).map((s) => s.normalize('NFC').trim()).filter(Boolean);
    if (items.length > 30 || items.some((s) => s.length > 300)) errors.push({ field: name, message: 'at most 30 items of at most 300 characters' });
    return items.length ? items : null;
  };
  const date = one(q, 'date');
  if (date !== undefined && !isValidDate(date)) errors.push({ field: 'date', message: 'must be a date YYYY-MM-DD' });
  const o: DocumentOptions = {
    number: text('number', 20),
    place: text('place', 100),
    date: date ?? null,
    signerName: text('signerName', 200),
    signerTitle: text('signerTitle', 200),
    capacity: list('capacity'),
    recipients: list('recipient'),
  };
  if (errors.length) throw fieldErrors(400, 'Invalid query', errors);
  return o;
}

function unitOf(q: Q): string {
  const unitId = one(q, 'unitId');
  if (!unitId || !/^[\w.-]{1,100}$/.test(unitId)) throw fieldErrors(400, 'Invalid query', [{ field: 'unitId', message: 'is required: the consolidating unit whose view to show' }]);
  return unitId;
}

function period(q: Q): string | undefined {
  const p = one(q, 'periodKey');
  if (p !== undefined && !/^[\w.-]{1,40}$/.test(p)) throw fieldErrors(400, 'Invalid query', [{ field: 'periodKey', message: 'must be a period key such as once or 2026-Q4' }]);
  return p;
}

async function send(reply: FastifyReply, file: { fileName: string; content: Buffer; contentType: string }) {
  await reply.header('content-type', file.contentType).header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(file.fileName)}`).send(file.content);
}

@ApiTags('reports')
@ApiBearerAuth()
@Controller()
export class ReportsController {
  constructor(private readonly reports: ReportsService) {}

  @Get('tasks/:taskId/report-form')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'The report form of a task (current version, and the list of versions)' })
  getForm(@Param('taskId') taskId: string, @CurrentActor() actor: Actor) {
    return this.reports.getForm(taskId, actor);
  }

  @Get('tasks/:taskId/report-form/proposal')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'Report-form fields proposed from the KPI tables of the plan’s imported document (a plan owner reviews them in the field editor before saving)' })
  proposal(@Param('taskId') taskId: string, @CurrentActor() actor: Actor) {
    return this.reports.proposal(taskId, actor);
  }

  @Put('tasks/:taskId/report-form')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ schema: FORM_BODY as never })
  @ApiOperation({ summary: 'Give a task a report form (plan owners of the issuer); on a running plan this is an audited amendment with a reason, and earlier submissions keep the form they answered' })
  putForm(@Param('taskId') taskId: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.reports.putForm(taskId, body, actor, idempotencyKeyOf(req));
  }

  @Get('assignments/:id/report')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'The form an assignment answers and the figures of each of its submissions' })
  assignmentReport(@Param('id') id: string, @CurrentActor() actor: Actor) {
    return this.reports.assignmentReport(id, actor);
  }

  @Post('assignments/:id/report')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(200)
  @Idempotent()
  @ApiHeader(KEY)
  @ApiBody({ schema: { type: 'object', required: ['figures'], properties: { figures: { type: 'object', description: 'values by field key' }, text: { type: 'string' }, comment: { type: 'string' }, attachmentIds: { type: 'array', items: { type: 'string' } }, expectedVersion: { type: 'integer' } } } })
  @ApiOperation({ summary: 'Submit the report with its figures: 422 naming the field when a figure is out of range, a percentage above 100 or a required field missing' })
  submit(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor, @Req() req: object) {
    return this.reports.submitReport(id, actor, idempotencyKeyOf(req), body);
  }

  @Get('reports/tasks/:taskId/consolidated')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'A consolidating unit’s view (?unitId=&periodKey=): subordinates side by side, totals of what has come in, missing units, own figures' })
  consolidated(@Param('taskId') taskId: string, @Query() q: Q, @CurrentActor() actor: Actor) {
    return this.reports.consolidated(taskId, unitOf(q), period(q), actor);
  }

  @Get('reports/tasks/:taskId/consolidated.xlsx')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'The consolidated view as a spreadsheet' })
  async xlsx(@Param('taskId') taskId: string, @Query() q: Q, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    const f = await this.reports.consolidatedXlsx(taskId, unitOf(q), period(q), actor);
    await send(reply, { ...f, contentType: XLSX });
  }

  @Get('reports/tasks/:taskId/consolidated.docx')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'The unit’s consolidated report as an official document (Decree 30/2020/NĐ-CP); ?number=&place=&date=&signerName=&signerTitle=&capacity=&recipient= (capacity and recipient: items separated by ";")' })
  async docx(@Param('taskId') taskId: string, @Query() q: Q, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    await send(reply, await this.reports.consolidatedDocument(taskId, unitOf(q), period(q), actor, documentOptions(q), 'docx'));
  }

  @Get('reports/tasks/:taskId/consolidated.pdf')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 501] })
  @ApiOperation({ summary: 'The same document as PDF, converted by LibreOffice (501 when it is not installed)' })
  async pdf(@Param('taskId') taskId: string, @Query() q: Q, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    await send(reply, await this.reports.consolidatedDocument(taskId, unitOf(q), period(q), actor, documentOptions(q), 'pdf'));
  }

  @Get('reports/plans/:planId/figures')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'The figures of a plan (for its progress tree and the dashboard): each task with a report form, totals as its issuer sees them, reported and missing units' })
  planFigures(@Param('planId') planId: string, @CurrentActor() actor: Actor) {
    return this.reports.planFigures(planId, actor);
  }

  @Get('reports/units/figures')
  @ApiAnswers({ ok: [200, null], errors: [] })
  @ApiOperation({ summary: 'Figures of many units at once (the dashboard rows on screen): ?planIds=<uuid>,…&unitIds=<unit>,… — per unit, each task with a report form of those plans: its consolidated totals and reported of expected' })
  unitFigures(@Query() q: Q, @CurrentActor() actor: Actor) {
    const list = (name: string) => (one(q, name) ?? '').split(',').map((x) => x.trim()).filter(Boolean);
    const planIds = [...new Set(list('planIds'))];
    const unitIds = [...new Set(list('unitIds'))];
    const errors: FieldError[] = [];
    if (!planIds.length || planIds.length > MAX_FIGURE_PLANS || !planIds.every((p) => /^[0-9a-f-]{36}$/i.test(p))) errors.push({ field: 'planIds', message: `must list 1 to ${MAX_FIGURE_PLANS} plan ids (uuid), separated by commas` });
    if (!unitIds.length || unitIds.length > MAX_FIGURE_UNITS || !unitIds.every((u) => /^[\w.-]{1,100}$/.test(u))) errors.push({ field: 'unitIds', message: `must list 1 to ${MAX_FIGURE_UNITS} unit ids, separated by commas` });
    if (errors.length) throw fieldErrors(400, 'Invalid query', errors);
    return this.reports.unitFigures(planIds, unitIds, actor);
  }

  @Get('reports/plans/:planId/summary.docx')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'A plan’s progress summary as an official document of its issuer' })
  async summary(@Param('planId') planId: string, @Query() q: Q, @CurrentActor() actor: Actor, @Res() reply: FastifyReply) {
    await send(reply, await this.reports.planSummaryDocument(planId, actor, documentOptions(q), 'docx'));
  }
}
