import { describe, expect, it } from 'vitest';
import { formSignature, formSlots, newRow, normalisePath, operationOf, type OperationRow, type ReorganisationForm, slotOf, stableSlot } from './reorganisation-form.util';

const row = (patch: Partial<OperationRow>): OperationRow => ({ ...newRow(patch.type), ...patch });

describe('the reorganisation form', () => {
  it.each<[string, Partial<OperationRow>, Record<string, unknown>]>([
    ['merge', { type: 'merge', unitIds: ['a', 'b'], into: ' c ' }, { type: 'merge', unitIds: ['a', 'b'], into: 'c' }],
    ['merge with no target (the API says it is required)', { type: 'merge', unitIds: ['a'], into: '' }, { type: 'merge', unitIds: ['a'] }],
    ['split', { type: 'split', unitId: 'd', parts: [{ key: 1, into: 'x', childIds: ['s1'] }, { key: 2, into: 'y', childIds: [] }] }, { type: 'split', unitId: 'd', parts: [{ into: 'x', childIds: ['s1'] }, { into: 'y', childIds: [] }] }],
    ['abolish', { type: 'abolish', unitId: 'd', successorIds: ['x', 'y'] }, { type: 'abolish', unitId: 'd', successorIds: ['x', 'y'] }],
    ['move under a new parent (reporting follows)', { type: 'move', unitId: 's', parentId: 'x' }, { type: 'move', unitId: 's', parentId: 'x' }],
    ['rename', { type: 'rename', unitId: 's', name: 'Tên mới', unitIds: ['ignored'] }, { type: 'rename', unitId: 's', name: 'Tên mới' }],
    ['create', { type: 'create', unit: { id: 'n', name: 'Trường mới', kind: 'school_thcs', parentId: 'x' } }, { type: 'create', unit: { id: 'n', name: 'Trường mới', kind: 'school_thcs', parentId: 'x' } }],
  ])('%s: only the fields of its type, in the shape of POST /reorganisations', (_, patch, expected) => {
    expect(JSON.parse(JSON.stringify(operationOf(row(patch))))).toEqual(expected);
  });

  it.each([
    ['operations[1].parts[0].childIds[2]', 'operations[1].parts[0].childIds'],
    ['operations.1.parts.0.into', 'operations[1].parts[0].into'],
    ['operations[0].unitIds[3]', 'operations[0].unitIds'],
    ['operations[0].unexpected', 'operations[0]'],
    ['effectiveFrom', 'effectiveFrom'],
    ['operations', null],
    ['operations[7].into', null],
  ])('an error on %s is shown beside %s', (field, slot) => {
    const form: ReorganisationForm = { effectiveFrom: '', reason: '', rows: [row({ type: 'merge' }), row({ type: 'split' })] };
    expect(slotOf(field, formSlots(form))).toBe(slot);
  });

  it('keys slots by row and part, and a preview by what the form sends', () => {
    const a = row({ type: 'merge' });
    const b = row({ type: 'split' });
    const form: ReorganisationForm = { effectiveFrom: '2025-07-01', reason: 'x', rows: [a, b] };
    expect(stableSlot('operations[1].parts[1].into', form)).toBe(`op${b.key}.part${b.parts[1].key}.into`);
    expect(stableSlot('reason', form)).toBe('reason');
    expect(normalisePath('operations.10.into')).toBe('operations[10].into');
    // Changing a field the row's type does not send changes nothing that is sent.
    expect(formSignature({ ...form, rows: [{ ...a, name: 'unused' }, b] })).toBe(formSignature(form));
    expect(formSignature({ ...form, rows: [{ ...a, into: 'c' }, b] })).not.toBe(formSignature(form));
  });
});
