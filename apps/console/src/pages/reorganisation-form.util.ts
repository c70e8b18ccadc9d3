// The reorganisation form's rules, apart from the page so they can be tested alone: the rows an administrator
// edits (one per operation, every field of every type kept so that changing a row's type loses nothing), the
// POST /reorganisations body they make (only the fields of the row's type), and where each field error of a refusal
// is shown (beside the control whose path is the closest ancestor of the error's field).

export const OPERATION_TYPES = ['merge', 'split', 'abolish', 'move', 'rename', 'create'] as const;
export type OperationType = (typeof OPERATION_TYPES)[number];

export interface SplitPart {
  key: number;
  into: string;
  childIds: string[];
}

export interface OperationRow {
  /** The form's own key: rows are added and removed, their index is not who they are. */
  key: number;
  type: OperationType;
  unitIds: string[];
  into: string;
  unitId: string;
  parts: SplitPart[];
  successorIds: string[];
  parentId: string;
  reportsToId: string;
  name: string;
  shortName: string;
  unit: { id: string; name: string; kind: string; parentId: string };
}

export interface ReorganisationForm {
  effectiveFrom: string;
  reason: string;
  rows: OperationRow[];
}

let counter = 0;
const nextKey = () => ++counter;

export const newPart = (): SplitPart => ({ key: nextKey(), into: '', childIds: [] });

export function newRow(type: OperationType = 'merge'): OperationRow {
  return { key: nextKey(), type, unitIds: [], into: '', unitId: '', parts: [newPart(), newPart()], successorIds: [], parentId: '', reportsToId: '', name: '', shortName: '', unit: { id: '', name: '', kind: '', parentId: '' } };
}

/** A text the person left empty is not sent: the API then says the field is required, by its path. */
const given = (s: string) => (s.trim() ? s.trim() : undefined);

export function operationOf(r: OperationRow): Record<string, unknown> {
  switch (r.type) {
    case 'merge':
      return { type: 'merge', unitIds: r.unitIds, into: given(r.into) };
    case 'split':
      return { type: 'split', unitId: given(r.unitId), parts: r.parts.map((p) => ({ into: given(p.into), childIds: p.childIds })) };
    case 'abolish':
      return { type: 'abolish', unitId: given(r.unitId), successorIds: r.successorIds };
    case 'move':
      // An empty parent or reporting unit means "unchanged" (the reporting unit follows a new parent).
      return { type: 'move', unitId: given(r.unitId), parentId: given(r.parentId), reportsToId: given(r.reportsToId) };
    case 'rename':
      return { type: 'rename', unitId: given(r.unitId), name: given(r.name), shortName: given(r.shortName) };
    case 'create':
      return { type: 'create', unit: { id: given(r.unit.id), name: given(r.unit.name), kind: given(r.unit.kind), parentId: given(r.unit.parentId) } };
  }
}

/** The request body (JSON drops the fields left undefined). */
export function reorganisationBody(form: ReorganisationForm, dryRun: boolean) {
  return { effectiveFrom: form.effectiveFrom, reason: form.reason.trim(), dryRun, operations: form.rows.map(operationOf) };
}

/** What a preview was made of: Apply is allowed only while the form still says exactly that. */
export const formSignature = (form: ReorganisationForm) => JSON.stringify(reorganisationBody(form, false));

/** The paths of the controls of a row, where its errors are shown; the row's own path takes the rest of its errors. */
export function rowSlots(r: OperationRow, i: number): string[] {
  const at = (name: string) => `operations[${i}].${name}`;
  const own = [`operations[${i}]`, at('type')];
  switch (r.type) {
    case 'merge':
      return [...own, at('unitIds'), at('into')];
    case 'split':
      return [...own, at('unitId'), at('parts'), ...r.parts.flatMap((_, j) => [at(`parts[${j}].into`), at(`parts[${j}].childIds`)])];
    case 'abolish':
      return [...own, at('unitId'), at('successorIds')];
    case 'move':
      return [...own, at('unitId'), at('parentId'), at('reportsToId')];
    case 'rename':
      return [...own, at('unitId'), at('name'), at('shortName')];
    case 'create':
      return [...own, at('unit.id'), at('unit.name'), at('unit.kind'), at('unit.parentId')];
  }
}

export function formSlots(form: ReorganisationForm): string[] {
  return ['effectiveFrom', 'reason', ...form.rows.flatMap(rowSlots)];
}

/** `operations.1.into` (another way of writing paths) → `operations[1].into`. */
export const normalisePath = (field: string) => field.replace(/\.(\d+)(?=\.|\[|$)/g, '[$1]');

const up = (p: string) => (/\[\d+\]$/.test(p) ? p.replace(/\[\d+\]$/, '') : p.includes('.') ? p.slice(0, p.lastIndexOf('.')) : '');

/** The control an error's field is shown beside (`operations[0].unitIds[1]` → `operations[0].unitIds`), or null. */
export function slotOf(field: string, slots: readonly string[]): string | null {
  const known = new Set(slots);
  for (let p = normalisePath(field); p; p = up(p)) if (known.has(p)) return p;
  return null;
}

/**
 * A slot by the keys of its row and part instead of their indices (`operations[1].parts[0].into` → `op3.part7.into`),
 * so an error stays beside its control while rows are added or removed above it.
 */
export function stableSlot(slot: string, form: ReorganisationForm): string {
  const m = /^operations\[(\d+)\](.*)$/.exec(slot);
  if (!m) return slot;
  const row = form.rows[Number(m[1])];
  if (!row) return slot;
  const rest = m[2].replace(/^\.parts\[(\d+)\]/, (all, j: string) => (row.parts[Number(j)] ? `.part${row.parts[Number(j)].key}` : all));
  return `op${row.key}${rest}`;
}
