// The bodies of the assignment actions, described once: validation, types and the OpenAPI document come from here.
import { MAX_COORDINATION_UNITS } from '@khflow/contracts';
import { z } from 'zod';
import { date, int, list, text } from '../common/body-schema.util';
import { unitId, uuid } from '../plans/plan-spec.schema';

const version = { expectedVersion: int({ min: 1 }).optional().describe('Refuse with 409 if the assignment changed since this version') };

export const acknowledgeSchema = z.strictObject({ ...version }).nullish();
export const submitSchema = z.strictObject({ text: text({ min: 1, max: 50_000 }), attachmentIds: list(uuid('an attachment id'), 20).optional(), ...version });
export const approveSchema = z.strictObject({ comment: text({ max: 5000 }).nullish(), ...version }).nullish();
export const returnSchema = z.strictObject({ comment: text({ min: 1, max: 5000 }), ...version });
export const coordinationSchema = z.strictObject({ unitIds: list(unitId(), MAX_COORDINATION_UNITS, 1), due: date().nullish(), message: text({ min: 1, max: 5000 }), ...version });
export const extensionSchema = z.strictObject({ requestedDue: date(), reason: text({ min: 1, max: 5000 }), ...version });
export const extensionDecisionSchema = z.strictObject({ grant: z.boolean(), comment: text({ max: 5000 }).nullish(), ...version });
export const commentSchema = z.strictObject({ text: text({ min: 1, max: 5000 }) });
