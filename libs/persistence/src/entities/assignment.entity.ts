import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AssignmentKind, AssignmentState, ConsolidationState } from '@khflow/contracts';

@Entity('assignment')
export class AssignmentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'workflow_id', unique: true }) workflowId: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('uuid', { name: 'task_id' }) taskId: string;
  @Column('text', { name: 'period_key' }) periodKey: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @Column('text') kind: AssignmentKind;
  @Column('uuid', { name: 'parent_assignment_id', nullable: true }) parentAssignmentId: string | null;
  @Column('text', { name: 'reviewer_unit_id' }) reviewerUnitId: string;
  @Column('text') title: string;
  @Column('text') state: AssignmentState;
  @Column('int') version: number;
  @Column('date', { nullable: true }) due: string | null;
  @Column('timestamptz', { name: 'due_at', nullable: true }) dueAt: Date | null;
  @Column('timestamptz', { name: 'submitted_at', nullable: true }) submittedAt: Date | null;
  @Column('timestamptz', { name: 'approved_at', nullable: true }) approvedAt: Date | null;
  @Column('boolean', { name: 'on_time', nullable: true }) onTime: boolean | null;
  @Column('int', { name: 'submission_version', default: 0 }) submissionVersion: number;
  @Column('int', { name: 'escalation_level', default: 0 }) escalationLevel: number;
  @Column('jsonb', { nullable: true }) consolidation: ConsolidationState | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at' }) updatedAt: Date;
}
