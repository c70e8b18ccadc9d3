import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { z } from 'zod';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Actor, Page, UnitDetailView, UnitView } from '@khflow/contracts';
import { buildOrgIndex, reportingChain } from '@khflow/domain';
import { UNIT_KINDS } from '@khflow/directory';
import { CurrentActor, Roles } from '../auth/auth.decorators';
import { checkBody, date } from '../common/body-schema.util';
import { fieldErrors, ProblemException } from '../common/problem-details.filter';
import { pageOf } from '../common/paging.util';
import { validated } from '../common/validated-body';
import { DirectoryAdminService } from './directory-admin.service';
import { changeUnitSchema, createUnitSchema, deactivateUnitSchema } from './directory.schema';
import { ApiAnswers } from '../common/openapi.util';
import { unitDetailSchema, unitPageSchema } from '../common/response.schemas';
import { DirectoryService } from './directory.service';

function asOfOf(q: Record<string, string>): string | null {
  if (q.asOf === undefined) return null;
  const { errors } = checkBody(z.strictObject({ asOf: date() }), { asOf: q.asOf });
  if (errors.length) throw fieldErrors(400, 'Invalid query', errors);
  return q.asOf;
}

/** The directory is readable by every signed-in user: units are public organisational facts. Administrators edit it. */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(
    private readonly directory: DirectoryService,
    private readonly admin: DirectoryAdminService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'List units, filtered by kind, by the unit they report to, or by a name fragment; asOf=YYYY-MM-DD: the tree in effect that day' })
  @ApiQuery({ name: 'asOf', required: false, description: 'the units in effect on this date, each in its version of that day' })
  @ApiAnswers({ ok: [200, unitPageSchema], errors: [400] })
  @ApiQuery({ name: 'kind', required: false })
  @ApiQuery({ name: 'reportsTo', required: false })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async list(@Query() q: Record<string, string>): Promise<Page<UnitView>> {
    const asOf = asOfOf(q);
    const all = asOf ? await this.directory.activeOn(asOf) : [...(await this.directory.index()).byId.values()];
    const needle = q.q?.normalize('NFC').toLowerCase();
    const units = all
      .filter((u) => !q.kind || u.kind === q.kind)
      .filter((u) => !q.reportsTo || (u.reportsToId ?? u.parentId) === q.reportsTo)
      .filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.aliases.some((a) => a.toLowerCase().includes(needle)) || u.id.includes(needle))
      .sort((a, b) => a.id.localeCompare(b.id));
    return pageOf(units.map(DirectoryService.view), q);
  }

  @Get('kinds')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: 'The kinds of unit the directory knows (commune = UBND xã/phường/đặc khu)' })
  kinds() {
    return { items: UNIT_KINDS };
  }

  @Get(':id')
  @ApiOperation({ summary: 'One unit with its parent, children and reporting chain (asOf: on that date)' })
  @ApiQuery({ name: 'asOf', required: false })
  @ApiAnswers({ ok: [200, unitDetailSchema], errors: [400, 404] })
  async get(@Param('id') id: string, @Query() q: Record<string, string>): Promise<UnitDetailView> {
    const asOf = asOfOf(q);
    const index = asOf ? buildOrgIndex(await this.directory.activeOn(asOf)) : await this.directory.index();
    const u = index.byId.get(id);
    if (!u) throw new ProblemException({ status: 404, title: 'Not found', detail: asOf ? `unit ${id} is not in effect on ${asOf}` : `unit ${id} does not exist` });
    const parent = u.parentId ? index.byId.get(u.parentId) : undefined;
    const children = [...index.byId.values()].filter((c) => c.parentId === id || c.reportsToId === id).sort((a, b) => a.id.localeCompare(b.id));
    return {
      ...DirectoryService.view(u),
      parent: parent ? DirectoryService.view(parent) : null,
      children: children.map(DirectoryService.view),
      reportingChain: reportingChain(index, id).map((cid) => DirectoryService.view(index.byId.get(cid)!)),
    };
  }

  @Get(':id/versions')
  @ApiAnswers({ ok: [200, null], errors: [403, 404] })
  @ApiOperation({ summary: "Every version of a unit, in date order (validFrom inclusive, validTo exclusive)" })
  async versions(@Param('id') id: string): Promise<{ items: UnitView[] }> {
    return { items: (await this.admin.versions(id)).map(DirectoryService.view) };
  }

  @Post()
  @ApiAnswers({ ok: [201, null], errors: [403, 404, 409, 422], action: true })
  @Roles('admin')
  @ApiOperation({ summary: 'Create a unit (admins); validFrom in the future: it appears on that date' })
  async create(@Body() body: unknown, @CurrentActor() actor: Actor): Promise<{ items: UnitView[] }> {
    return { items: (await this.admin.createUnit(validated(createUnitSchema, body), actor)).map(DirectoryService.view) };
  }

  @Patch(':id')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @Roles('admin')
  @ApiOperation({ summary: 'Rename, move (parentId, reportsToId), set kind, code, short name or aliases from effectiveFrom (default today)' })
  async change(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor): Promise<{ items: UnitView[] }> {
    return { items: (await this.admin.changeUnit(id, validated(changeUnitSchema, body), actor)).map(DirectoryService.view) };
  }

  @Post(':id/deactivate')
  @ApiAnswers({ ok: [200, null], errors: [403, 404, 409, 422], action: true })
  @HttpCode(200)
  @Roles('admin')
  @ApiOperation({ summary: 'End a unit from effectiveFrom (default today), naming its successor. To move its open work, use POST /reorganisations' })
  async deactivate(@Param('id') id: string, @Body() body: unknown, @CurrentActor() actor: Actor): Promise<{ items: UnitView[] }> {
    return { items: (await this.admin.deactivateUnit(id, validated(deactivateUnitSchema, body), actor)).map(DirectoryService.view) };
  }
}
