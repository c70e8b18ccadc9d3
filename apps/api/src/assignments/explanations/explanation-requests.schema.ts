// The bodies of explanation requests (yêu cầu giải trình, issue 17), described once: validation, types and OpenAPI.
import { z } from 'zod';
import { date, int, text } from '../../common/body-schema.util';

const version = { expectedVersion: int({ min: 1 }).optional().describe('Refuse with 409 if the assignment changed since this version') };

export const explanationRequestSchema = z.strictObject({ message: text({ min: 1, max: 5000 }).describe('What the supervisor asks the overdue unit to explain'), ...version });
export const explanationAnswerSchema = z.strictObject({
  reason: text({ min: 1, max: 5000 }).describe('Why the work is late'),
  newDue: date().describe('The date (YYYY-MM-DD) by which the unit commits to finish; today or later'),
  ...version,
});
