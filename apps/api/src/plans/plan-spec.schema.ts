// The bodies of the plan routes, described once: validation, types and the OpenAPI document come from here.
import { FREQUENCIES, MAX_AMENDMENT_UNITS, MAX_UNIT_ID_LENGTH } from '@khflow/contracts';
import { z } from 'zod';
import { date, int, list, text } from '../common/body-schema.util';
import { UUID_PATTERN } from '../common/request-guards';

const UNIT_ID = /^[A-Za-z0-9._-]{1,100}$/;
export const unitId = () => text({ max: MAX_UNIT_ID_LENGTH, pattern: UNIT_ID, hint: 'must be a unit id (letters, digits, . _ -)' });
export const uuid = (what: string) => text({ max: 36, pattern: UUID_PATTERN, hint: `must be ${what} (uuid)` });

export const targetSchema = z.strictObject({
  text: text({ max: 500 }).nullish(),
  unitId: unitId().nullish(),
  group: z
    .strictObject({
      kinds: list(text({ min: 1, max: 100 }), 50).optional(),
      underUnitId: unitId().nullish(),
      depth: z.enum(['children', 'descendants']).optional(),
    })
    .nullish(),
});

export const recurrenceSchema = z.strictObject({
  freq: z.enum(FREQUENCIES),
  due: z.strictObject({ monthOffset: int({ min: -11, max: 12 }), day: int({ min: 1, max: 31 }) }),
  start: date().nullish(),
  until: date().nullish(),
});

export const timeframeSchema = z.strictObject({
  text: text({ max: 500 }).nullish(),
  kind: z.enum(['once', 'ongoing', 'recurring', 'unspecified']),
  due: date().nullish(),
  start: date().nullish(),
  end: date().nullish(),
  recurrence: recurrenceSchema.nullish(),
});

// A new task (POST /plans, add_task) has no id: khflow chooses it, so a client cannot name another plan's task.
const taskFields = {
  ref: text({ min: 1, max: 50 }),
  title: text({ min: 1, max: 2000 }),
  content: text({ max: 20_000 }).nullish(),
  lead: list(targetSchema, 50, 1),
  coordinators: list(targetSchema, 100),
  timeframe: timeframeSchema,
  reviewerUnitId: unitId().nullish(),
  consolidate: z.boolean().optional(),
  consolidation: z.strictObject({ stepDays: int({ min: 0, max: 60 }).optional() }).nullish(),
  reminderOffsetsDays: list(int({ min: 0, max: 365 }), 10).nullish(),
  lines: z.tuple([int({ min: 0 }), int({ min: 0 })]).nullish(),
};
export const taskSchema = z.strictObject(taskFields);
/** A task of a draft being corrected (PUT /plans/{id}) keeps its id, which must be one of that draft's tasks. */
export const draftTaskSchema = z.strictObject({ id: uuid('a task id of this plan').optional(), ...taskFields });

const planFields = {
  number: text({ max: 100 }).nullish(),
  title: text({ min: 1, max: 1000 }),
  issuerUnitId: unitId(),
  issuedAt: date().nullish(),
  place: text({ max: 200 }).nullish(),
  description: text({ max: 50_000 }).nullish(),
  basis: list(z.strictObject({ text: text({ min: 1, max: 2000 }), number: text({ max: 100 }).nullish(), date: date().nullish() }), 50).optional(),
  parentPlanId: uuid('a plan id').nullish(),
  horizon: z.strictObject({ text: text({ max: 500 }).nullish(), until: date().nullish() }).nullish(),
};
export const planSpecSchema = z.strictObject({ ...planFields, tasks: list(taskSchema, 500, 1) });
export const draftUpdateSchema = z.strictObject({ ...planFields, tasks: list(draftTaskSchema, 500, 1) });

export const amendmentSchema = z.strictObject({
  reason: text({ min: 1, max: 2000 }),
  op: z.strictObject({
    type: z.enum(['add_task', 'cancel_task', 'change_due', 'add_units', 'remove_units']),
    task: taskSchema.optional(),
    taskId: uuid('a task id').optional(),
    due: date().nullish(),
    /** change_due of a recurring task: its new due rule (and frequency). */
    recurrence: recurrenceSchema.nullish(),
    unitIds: list(unitId(), MAX_AMENDMENT_UNITS).optional(),
  }),
});

export const closeSchema = z.strictObject({ reason: text({ min: 1, max: 2000 }), outcome: z.enum(['closed', 'cancelled']).optional() });

export type AmendmentBody = z.output<typeof amendmentSchema>;
export type CloseBody = z.output<typeof closeSchema>;
