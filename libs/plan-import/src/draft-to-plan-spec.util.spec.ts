import type { ImportedPlanDraft } from '@khflow/contracts';
import { draftToPlanSpec } from './draft-to-plan-spec.util';

const draft = (over: Partial<ImportedPlanDraft> = {}): ImportedPlanDraft => ({
  number: '15/KH-SGDĐT',
  issuer: { text: 'Sở Giáo dục và Đào tạo', unitId: 'hp-sgddt' },
  issuedAt: '2024-08-20',
  place: 'Hải Phòng',
  title: 'Kế hoạch thực hiện',
  basis: [{ text: 'Kế hoạch số 177/KH-UBND', number: '177/KH-UBND', date: '2024-08-05' }],
  tasks: [
    {
      ref: '1',
      title: 'Tuyên truyền',
      content: null,
      lead: [{ text: 'Phòng GDĐT quận/huyện', unitId: null, group: { kinds: ['district_office'] }, unitIds: ['hp-pgd-lechan'] }],
      coordinators: [{ text: 'các đơn vị liên quan', unitId: null }],
      timeframe: { text: 'Thường xuyên', kind: 'ongoing', due: null, start: null, recurrence: null },
      lines: [20, 24],
    },
    { ref: '2', title: 'Báo cáo', content: null, lead: [], coordinators: [], timeframe: { text: 'trước ngày 20/5/2024', kind: 'once', due: '2024-05-20', start: null, recurrence: null }, lines: [30, 31] },
  ],
  duties: [],
  kpis: [],
  recipients: [],
  signer: null,
  warnings: ['line 7: unreadable'],
  ...over,
});

describe('draftToPlanSpec', () => {
  it.each([
    ['the issuer found in the document', draft(), 'hp-ubnd', 'hp-sgddt'],
    ['the importing unit when the issuer is not found', draft({ issuer: null }), 'hp-ubnd', 'hp-ubnd'],
    ['the importing unit when the issuer is not in the directory', draft({ issuer: { text: 'Sở X', unitId: null } }), 'hp-ubnd', 'hp-ubnd'],
  ])('takes %s as issuer', (_n, d, fallback, issuer) => {
    expect(draftToPlanSpec(d, fallback).spec.issuerUnitId).toBe(issuer);
  });

  it('keeps groups as groups, unresolved units as text, time frames with their source text', () => {
    const { spec } = draftToPlanSpec(draft(), 'hp-sgddt');
    expect(spec.tasks[0]).toMatchObject({
      lead: [{ text: 'Phòng GDĐT quận/huyện', group: { kinds: ['district_office'], underUnitId: null } }],
      coordinators: [{ text: 'các đơn vị liên quan', unitId: null }],
      timeframe: { text: 'Thường xuyên', kind: 'ongoing' },
      lines: [20, 24],
    });
    expect(spec.tasks[1].timeframe).toMatchObject({ kind: 'once', due: '2024-05-20' });
  });

  it('warns about what needs a person: missing leads and unresolved units, plus the parser warnings', () => {
    const { warnings } = draftToPlanSpec(draft(), 'hp-sgddt');
    expect(warnings).toEqual([
      'line 7: unreadable',
      'task 1: "các đơn vị liên quan" is not a unit of the directory; kept as text',
      'task 2 (lines 30-31): no lead unit found; choose one before launching',
    ]);
  });
});
