import { Controller, Get, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiConsumes, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '@khflow/config';
import type { Actor } from '@khflow/contracts';
import { APP_CONFIG } from '../api.tokens';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { fieldError } from '../common/problem-details.filter';
import { uploadOf } from '../common/upload.util';
import { DirectoryAdminService, type ImportDiff } from './directory-admin.service';
import { ApiAnswers } from '../common/openapi.util';

/** A whole directory in and out as CSV or XLSX (see docs/directory.md for the columns). */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('directory')
@Roles('admin')
export class DirectoryFileController {
  constructor(
    private readonly admin: DirectoryAdminService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post('import')
  @ApiAnswers({ ok: [201, null], errors: [403, 404, 409, 422], action: true })
  @ApiConsumes('multipart/form-data')
  @ApiOperation({ summary: 'Import units or users (multipart "file", CSV or XLSX); all or nothing; dryRun=true answers the diff only' })
  @ApiQuery({ name: 'dryRun', required: false })
  @ApiQuery({ name: 'reason', required: false })
  async import(@Req() req: FastifyRequest, @Query() q: Record<string, string>, @CurrentActor() actor: Actor): Promise<ImportDiff> {
    if (q.dryRun !== undefined && !['true', 'false'].includes(q.dryRun)) throw fieldError(400, 'dryRun', 'must be true or false');
    if (q.reason !== undefined && (q.reason.length > 2000 || !q.reason.trim())) throw fieldError(400, 'reason', 'must be 1-2000 characters');
    const file = await uploadOf(req, this.config.maxUploadBytes);
    return this.admin.importFile(file, q.dryRun === 'true', q.reason?.normalize('NFC') ?? `import of ${file.fileName}`, actor);
  }

  @Get('export')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'Export the directory: format=csv (sheet=units|users) or xlsx (both sheets); one row per unit version' })
  @ApiQuery({ name: 'format', required: false })
  @ApiQuery({ name: 'sheet', required: false })
  async export(@Query() q: Record<string, string>, @Res({ passthrough: true }) reply: FastifyReply): Promise<Buffer> {
    const format = q.format ?? 'csv';
    if (format !== 'csv' && format !== 'xlsx') throw fieldError(400, 'format', 'must be csv or xlsx');
    const sheet = q.sheet ?? 'units';
    if (sheet !== 'units' && sheet !== 'users') throw fieldError(400, 'sheet', 'must be units or users');
    const f = await this.admin.exportFile(format, sheet);
    void reply.header('content-type', f.contentType).header('content-disposition', `attachment; filename="${f.fileName}"`);
    return f.content;
  }
}
