// The body of POST /plans: a plan draft in the shape plan import produces, with units given by id.
import { arrayOf, bool, date, int, obj, oneOf, str, type Schema } from '../common/body-schema.util';
import { MAX_AMENDMENT_UNITS } from '@khflow/contracts';
import { UUID_PATTERN } from '../common/request-guards';

const ID = { pattern: /^[A-Za-z0-9._-]{1,100}$/, patternHint: 'must be a unit id (letters, digits, . _ -)' };

export const targetSchema: Schema = obj({
  text: str({ max: 500, optional: true, nullable: true }),
  unitId: str({ ...ID, optional: true, nullable: true }),
  group: obj(
    {
      kinds: arrayOf(str({ min: 1, max: 100 }), 50, { optional: true }),
      underUnitId: str({ ...ID, optional: true, nullable: true }),
      depth: oneOf(['children', 'descendants'], { optional: true }),
    },
    { optional: true, nullable: true },
  ),
});

export const timeframeSchema: Schema = obj({
  text: str({ max: 500, optional: true, nullable: true }),
  kind: oneOf(['once', 'ongoing', 'recurring', 'unspecified']),
  due: date({ optional: true, nullable: true }),
  start: date({ optional: true, nullable: true }),
  end: date({ optional: true, nullable: true }),
  recurrence: obj(
    {
      freq: oneOf(['monthly', 'quarterly', 'yearly']),
      due: obj({ monthOffset: int({ min: -11, max: 12 }), day: int({ min: 1, max: 31 }) }),
      start: date({ optional: true, nullable: true }),
      until: date({ optional: true, nullable: true }),
    },
    { optional: true, nullable: true },
  ),
});

// A new task (POST /plans, add_task) has no id: khflow chooses it, so a client cannot name another plan's task.
const taskFields = {
  ref: str({ min: 1, max: 50 }),
  title: str({ min: 1, max: 2000 }),
  content: str({ max: 20_000, optional: true, nullable: true }),
  lead: arrayOf(targetSchema, 50, { min: 1 }),
  coordinators: arrayOf(targetSchema, 100),
  timeframe: timeframeSchema,
  reviewerUnitId: str({ ...ID, optional: true, nullable: true }),
  consolidate: bool({ optional: true }),
  consolidation: obj({ stepDays: int({ min: 0, max: 60, optional: true }) }, { optional: true, nullable: true }),
  reminderOffsetsDays: arrayOf(int({ min: 0, max: 365 }), 10, { optional: true, nullable: true }),
  lines: arrayOf(int({ min: 0 }), 2, { optional: true, nullable: true }),
};
export const taskSchema: Schema = obj(taskFields);
/** A task of a draft being corrected (PUT /plans/{id}) keeps its id, which must be one of that draft's tasks. */
export const draftTaskSchema: Schema = obj({ id: str({ pattern: UUID_PATTERN, patternHint: 'must be a task id (uuid)', optional: true }), ...taskFields });

const planFields = (task: Schema): Record<string, Schema> => ({
  number: str({ max: 100, optional: true, nullable: true }),
  title: str({ min: 1, max: 1000 }),
  issuerUnitId: str(ID),
  issuedAt: date({ optional: true, nullable: true }),
  place: str({ max: 200, optional: true, nullable: true }),
  description: str({ max: 50_000, optional: true, nullable: true }),
  basis: arrayOf(obj({ text: str({ min: 1, max: 2000 }), number: str({ max: 100, optional: true, nullable: true }), date: date({ optional: true, nullable: true }) }), 50, { optional: true }),
  parentPlanId: str({ pattern: UUID_PATTERN, patternHint: 'must be a plan id (uuid)', optional: true, nullable: true }),
  horizon: obj({ text: str({ max: 500, optional: true, nullable: true }), until: date({ optional: true, nullable: true }) }, { optional: true, nullable: true }),
  tasks: arrayOf(task, 500, { min: 1 }),
});
export const planSpecSchema: Schema = obj(planFields(taskSchema));
export const draftUpdateSchema: Schema = obj(planFields(draftTaskSchema));

export const amendmentSchema: Schema = obj({
  reason: str({ min: 1, max: 2000 }),
  op: obj({
    type: oneOf(['add_task', 'cancel_task', 'change_due', 'add_units', 'remove_units']),
    task: { ...taskSchema, optional: true } as Schema,
    taskId: str({ pattern: UUID_PATTERN, patternHint: 'must be a task id (uuid)', optional: true }),
    due: date({ optional: true, nullable: true }),
    unitIds: arrayOf(str(ID), MAX_AMENDMENT_UNITS, { optional: true }),
  }),
});

export const closeSchema: Schema = obj({ reason: str({ min: 1, max: 2000 }), outcome: oneOf(['closed', 'cancelled'], { optional: true }) });
