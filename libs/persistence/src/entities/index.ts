import { OrgUnitEntity } from './org-unit.entity';
import { AppUserEntity } from './app-user.entity';
import { PlanEntity } from './plan.entity';
import { TaskEntity } from './task.entity';
import { AssignmentEntity } from './assignment.entity';
import { SubmissionEntity } from './submission.entity';
import { AttachmentEntity } from './attachment.entity';
import { ExtensionRequestEntity } from './extension-request.entity';
import { CoordinationRequestEntity } from './coordination-request.entity';
import { AssignmentCommentEntity } from './assignment-comment.entity';
import { NotificationEntity } from './notification.entity';
import { IdempotencyRecordEntity } from './idempotency-record.entity';
import { AuditLogEntity } from './audit-log.entity';

export {
  OrgUnitEntity, AppUserEntity, PlanEntity, TaskEntity, AssignmentEntity, SubmissionEntity, AttachmentEntity,
  ExtensionRequestEntity, CoordinationRequestEntity, AssignmentCommentEntity, NotificationEntity,
  IdempotencyRecordEntity, AuditLogEntity,
};

export const ENTITIES = [
  OrgUnitEntity, AppUserEntity, PlanEntity, TaskEntity, AssignmentEntity, SubmissionEntity, AttachmentEntity,
  ExtensionRequestEntity, CoordinationRequestEntity, AssignmentCommentEntity, NotificationEntity,
  IdempotencyRecordEntity, AuditLogEntity,
];
