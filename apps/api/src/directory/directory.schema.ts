// Request shapes of the directory's administration routes (one home for each).
import { ROLES } from '@khflow/contracts';
import { UNIT_ID } from '@khflow/directory';
import { arrayOf, bool, date, obj, oneOf, str } from '../common/body-schema.util';

const unitId = (o: { optional?: boolean; nullable?: boolean } = {}) => str({ min: 1, max: 100, pattern: UNIT_ID, patternHint: 'must be letters, digits, ".", "_" or "-"', ...o });
const reason = str({ min: 1, max: 2000 });
const aliases = arrayOf(str({ min: 1, max: 500 }), 100, { optional: true });

export const createUnitSchema = obj({
  id: unitId(),
  name: str({ min: 1, max: 500 }),
  kind: str({ min: 1, max: 100 }),
  parentId: unitId({ optional: true, nullable: true }),
  reportsToId: unitId({ optional: true, nullable: true }),
  shortName: str({ max: 500, optional: true, nullable: true }),
  aliases,
  code: str({ max: 100, optional: true, nullable: true }),
  validFrom: date({ optional: true, nullable: true }),
  validTo: date({ optional: true, nullable: true }),
  reason,
});

export const changeUnitSchema = obj({
  effectiveFrom: date({ optional: true }),
  reason,
  name: str({ min: 1, max: 500, optional: true }),
  shortName: str({ max: 500, optional: true, nullable: true }),
  kind: str({ min: 1, max: 100, optional: true }),
  code: str({ max: 100, optional: true, nullable: true }),
  aliases,
  parentId: unitId({ optional: true, nullable: true }),
  reportsToId: unitId({ optional: true, nullable: true }),
});

export const deactivateUnitSchema = obj({ effectiveFrom: date({ optional: true }), successorId: unitId({ optional: true, nullable: true }), reason });

const roles = arrayOf(oneOf(ROLES), ROLES.length, { min: 1 });
const password = str({ min: 10, max: 200 });
const username = str({ min: 1, max: 200, pattern: /^[A-Za-z0-9][A-Za-z0-9._@-]{0,199}$/, patternHint: 'must be letters, digits, ".", "_", "@" or "-"' });
const email = str({ max: 320, pattern: /^[^@\s]+@[^@\s]+\.[^@\s]+$/, patternHint: 'must be an e-mail address', optional: true, nullable: true });

export const createUserSchema = obj({ username, displayName: str({ min: 1, max: 300 }), unitId: unitId(), roles, email, password: { ...password, optional: true }, reason: { ...reason, optional: true } });
export const changeUserSchema = obj({ displayName: str({ min: 1, max: 300, optional: true }), unitId: unitId({ optional: true }), roles: { ...roles, optional: true }, email, reason: { ...reason, optional: true } });
export const userActiveSchema = obj({ reason });
export const resetPasswordSchema = obj({ password: { ...password, optional: true }, reason });
export const ownPasswordSchema = obj({ currentPassword: str({ min: 1, max: 1000 }), newPassword: password });

const op = (fields: Parameters<typeof obj>[0]) => obj(fields);
/** The operations of a reorganisation; each is checked by its type after this shape check. */
export const reorganisationSchema = obj({
  effectiveFrom: date(),
  reason,
  dryRun: bool({ optional: true }),
  operations: arrayOf(
    op({
      type: oneOf(['create', 'merge', 'split', 'abolish', 'move', 'rename']),
      unit: obj(
        {
          id: unitId(),
          name: str({ min: 1, max: 500 }),
          kind: str({ min: 1, max: 100 }),
          parentId: unitId({ optional: true, nullable: true }),
          reportsToId: unitId({ optional: true, nullable: true }),
          shortName: str({ max: 500, optional: true, nullable: true }),
          aliases,
          code: str({ max: 100, optional: true, nullable: true }),
        },
        { optional: true },
      ),
      unitIds: arrayOf(unitId(), 1000, { optional: true, min: 1 }),
      into: unitId({ optional: true }),
      unitId: unitId({ optional: true }),
      parts: arrayOf(obj({ into: unitId(), childIds: arrayOf(unitId(), 100_000) }), 100, { optional: true, min: 1 }),
      successorIds: arrayOf(unitId(), 100, { optional: true }),
      parentId: unitId({ optional: true, nullable: true }),
      reportsToId: unitId({ optional: true, nullable: true }),
      name: str({ min: 1, max: 500, optional: true }),
      shortName: str({ max: 500, optional: true, nullable: true }),
    }),
    200_000,
    { min: 1 },
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

export const delegationSchema = obj({ delegatorUserId: str({ min: 1, max: 200, optional: true }), deputyUserId: str({ min: 1, max: 200 }), validFrom: date(), validTo: date(), reason });
