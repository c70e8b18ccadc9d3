import { InitialSchema1732406400000 } from './1732406400000-initial-schema.migration';
import { VersionedProjections1764000100000 } from './1764000100000-versioned-projections.migration';
import { LoginThrottleAndIdempotencyLease1764000200000 } from './1764000200000-login-throttle-and-idempotency-lease.migration';
import { DirectoryVersions1764000500000 } from './1764000500000-directory-versions.migration';
import { ReportsCalendarMail1764000600000 } from './1764000600000-reports-calendar-mail.migration';
import { ReorganisationMoveSplit1764000700000 } from './1764000700000-reorganisation-move-split.migration';
import { ExplanationRequests1764001000000 } from './1764001000000-explanation-requests.migration';
import { AssignmentCounters1764001200000 } from './1764001200000-assignment-counters.migration';
import { AuditCheckpoints1764001200001 } from './1764001200001-audit-checkpoints.migration';
import { AssignmentScopeCounters1764001300000 } from './1764001300000-assignment-scope-counters.migration';
import { ReorganisationMoveAbsorb1764001350000 } from './1764001350000-reorganisation-move-absorb.migration';

/** Every migration, in order. Never use `synchronize`. */
export const MIGRATIONS = [
  InitialSchema1732406400000,
  VersionedProjections1764000100000,
  LoginThrottleAndIdempotencyLease1764000200000,
  DirectoryVersions1764000500000,
  ReportsCalendarMail1764000600000,
  ReorganisationMoveSplit1764000700000,
  ExplanationRequests1764001000000,
  AssignmentCounters1764001200000,
  AuditCheckpoints1764001200001,
  AssignmentScopeCounters1764001300000,
  ReorganisationMoveAbsorb1764001350000,
];
