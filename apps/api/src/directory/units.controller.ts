import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Page, UnitDetailView, UnitView } from '@khflow/contracts';
import { reportingChain } from '@khflow/domain';
import { ProblemException } from '../common/problem-details.filter';
import { ApiAnswers } from '../common/openapi.util';
import { pageOf } from '../common/paging.util';
import { unitDetailSchema, unitPageSchema } from '../common/response.schemas';
import { DirectoryService } from './directory.service';

/** The directory is readable by every signed-in user: units are public organisational facts. */
@ApiTags('directory')
@ApiBearerAuth()
@Controller('units')
export class UnitsController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @ApiOperation({ summary: 'List units, filtered by kind, by the unit they report to, or by a name fragment' })
  @ApiAnswers({ ok: [200, unitPageSchema] })
  @ApiQuery({ name: 'kind', required: false })
  @ApiQuery({ name: 'reportsTo', required: false })
  @ApiQuery({ name: 'q', required: false })
  @ApiQuery({ name: 'limit', required: false })
  @ApiQuery({ name: 'offset', required: false })
  async list(@Query() q: Record<string, string>): Promise<Page<UnitView>> {
    const index = await this.directory.index();
    const needle = q.q?.normalize('NFC').toLowerCase();
    const units = [...index.byId.values()]
      .filter((u) => !q.kind || u.kind === q.kind)
      .filter((u) => !q.reportsTo || (u.reportsToId ?? u.parentId) === q.reportsTo)
      .filter((u) => !needle || u.name.toLowerCase().includes(needle) || u.aliases.some((a) => a.toLowerCase().includes(needle)) || u.id.includes(needle))
      .sort((a, b) => a.id.localeCompare(b.id));
    return pageOf(units.map(DirectoryService.view), q);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One unit with its parent, children and reporting chain' })
  @ApiAnswers({ ok: [200, unitDetailSchema], errors: [404] })
  async get(@Param('id') id: string): Promise<UnitDetailView> {
    const index = await this.directory.index();
    const u = index.byId.get(id);
    if (!u) throw new ProblemException({ status: 404, title: 'Not found', detail: `unit ${id} does not exist` });
    const parent = u.parentId ? index.byId.get(u.parentId) : undefined;
    const children = [...index.byId.values()].filter((c) => c.parentId === id || c.reportsToId === id).sort((a, b) => a.id.localeCompare(b.id));
    return {
      ...DirectoryService.view(u),
      parent: parent ? DirectoryService.view(parent) : null,
      children: children.map(DirectoryService.view),
      reportingChain: reportingChain(index, id).map((cid) => DirectoryService.view(index.byId.get(cid)!)),
    };
  }
}
