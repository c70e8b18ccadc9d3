import { InitialSchema1732406400000 } from './1732406400000-initial-schema.migration';
import { ReportsCalendarMail1764000600000 } from './1764000600000-reports-calendar-mail.migration';

/** Every migration, in order. Never use `synchronize`. */
export const MIGRATIONS = [InitialSchema1732406400000, ReportsCalendarMail1764000600000];
