import { MAX_COORDINATION_UNITS, MAX_UNIT_ID_LENGTH } from '@khflow/contracts';
import { arrayOf, bool, date, int, obj, str } from '../common/body-schema.util';
import { UUID_PATTERN } from '../common/request-guards';

const version = { expectedVersion: int({ min: 1, optional: true }) };
const UUID = { pattern: UUID_PATTERN, patternHint: 'must be an attachment id (uuid)' };

export const acknowledgeSchema = obj({ ...version }, { optional: true, nullable: true });
export const submitSchema = obj({ text: str({ min: 1, max: 50_000 }), attachmentIds: arrayOf(str(UUID), 20, { optional: true }), ...version });
export const approveSchema = obj({ comment: str({ max: 5000, optional: true, nullable: true }), ...version }, { optional: true, nullable: true });
export const returnSchema = obj({ comment: str({ min: 1, max: 5000 }), ...version });
export const coordinationSchema = obj({ unitIds: arrayOf(str({ min: 1, max: MAX_UNIT_ID_LENGTH }), MAX_COORDINATION_UNITS, { min: 1 }), due: date({ optional: true, nullable: true }), message: str({ min: 1, max: 5000 }), ...version });
export const extensionSchema = obj({ requestedDue: date(), reason: str({ min: 1, max: 5000 }), ...version });
export const extensionDecisionSchema = obj({ grant: bool(), comment: str({ max: 5000, optional: true, nullable: true }), ...version });
export const commentSchema = obj({ text: str({ min: 1, max: 5000 }) });
