// Request shapes of the directory's administration routes (one home for each), as zod schemas: the same
// description validates the body, types it and documents it (see common/body-schema.util.ts).
import { ROLES } from '@khflow/contracts';
import { UNIT_ID } from '@khflow/directory';
import { z } from 'zod';
import { date, list, text } from '../common/body-schema.util';

const unitId = () => text({ min: 1, max: 100, pattern: UNIT_ID, hint: 'must be letters, digits, ".", "_" or "-"' });
const reason = text({ min: 1, max: 2000 });
const aliases = list(text({ min: 1, max: 500 }), 100).optional();
const name = text({ min: 1, max: 500 });
const kind = text({ min: 1, max: 100 });
const optionalText = (max: number) => text({ max }).nullable().optional();

const unitFields = {
  id: unitId(),
  name,
  kind,
  parentId: unitId().nullable().optional(),
  reportsToId: unitId().nullable().optional(),
  shortName: optionalText(500),
  aliases,
  code: optionalText(100),
};

export const createUnitSchema = z.strictObject({
  ...unitFields,
  validFrom: date().nullable().optional(),
  validTo: date().nullable().optional(),
  reason,
});

export const changeUnitSchema = z.strictObject({
  effectiveFrom: date().optional(),
  reason,
  name: name.optional(),
  shortName: optionalText(500),
  kind: kind.optional(),
  code: optionalText(100),
  aliases,
  parentId: unitId().nullable().optional(),
  reportsToId: unitId().nullable().optional(),
});

export const deactivateUnitSchema = z.strictObject({ effectiveFrom: date().optional(), successorId: unitId().nullable().optional(), reason });

const roles = list(z.enum(ROLES), ROLES.length, 1);
const password = text({ min: 10, max: 200 });
const username = text({ min: 1, max: 200, pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$/, hint: 'must be letters, digits, ".", "_", "@" or "-"' });
const email = text({ max: 320, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, hint: 'must be an e-mail address' }).nullable().optional();

export const createUserSchema = z.strictObject({ username, displayName: text({ min: 1, max: 300 }), unitId: unitId(), roles, email, password: password.optional(), reason: reason.optional() });
export const changeUserSchema = z.strictObject({ displayName: text({ min: 1, max: 300 }).optional(), unitId: unitId().optional(), roles: roles.optional(), email, reason: reason.optional() });
export const userActiveSchema = z.strictObject({ reason });
export const resetPasswordSchema = z.strictObject({ password: password.optional(), reason });
export const ownPasswordSchema = z.strictObject({ currentPassword: text({ min: 1, max: 1000 }), newPassword: password });

/** The operations of a reorganisation; each is checked by its type after this shape check. */
export const reorganisationSchema = z.strictObject({
  effectiveFrom: date(),
  reason,
  dryRun: z.boolean().optional(),
  operations: list(
    z.strictObject({
      type: z.enum(['create', 'merge', 'split', 'abolish', 'move', 'rename']),
      unit: z.strictObject(unitFields).optional(),
      unitIds: list(unitId(), 1000, 1).optional(),
      into: unitId().optional(),
      unitId: unitId().optional(),
      parts: list(z.strictObject({ into: unitId(), childIds: list(unitId(), 100_000) }), 100, 1).optional(),
      successorIds: list(unitId(), 100).optional(),
      parentId: unitId().nullable().optional(),
      reportsToId: unitId().nullable().optional(),
      name: name.optional(),
      shortName: optionalText(500),
    }),
    200_000,
    1,
  ),
});

/** The fields each operation type needs (the generic shape above lets every field be optional). */
export const OPERATION_NEEDS: Record<string, string[]> = {
  create: ['unit'],
  merge: ['unitIds', 'into'],
  split: ['unitId', 'parts'],
  abolish: ['unitId', 'successorIds'],
  move: ['unitId'],
  rename: ['unitId', 'name'],
};

export const delegationSchema = z.strictObject({ delegatorUserId: text({ min: 1, max: 200 }).optional(), deputyUserId: text({ min: 1, max: 200 }), validFrom: date(), validTo: date(), reason });
/** GET /delegations/candidates: part of a username or name (without it, the caller's own unit). */
export const deputyCandidatesQuerySchema = z.object({ q: text({ max: 200 }).optional() });
