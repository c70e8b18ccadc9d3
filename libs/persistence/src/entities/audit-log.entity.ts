import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('audit_log')
export class AuditLogEntity {
  @PrimaryColumn('bigint') seq: string;
  @Column('text', { name: 'event_key' }) eventKey: string;
  @Column('timestamptz', { name: 'occurred_at' }) occurredAt: Date;
  @Column('text', { name: 'actor_id' }) actorId: string;
  @Column('text', { name: 'actor_unit_id', nullable: true }) actorUnitId: string | null;
  @Column('text', { name: 'actor_ip', nullable: true }) actorIp: string | null;
  @Column('text', { name: 'request_id', nullable: true }) requestId: string | null;
  @Column('text') action: string;
  @Column('text', { name: 'entity_type' }) entityType: string;
  @Column('text', { name: 'entity_id' }) entityId: string;
  @Column('uuid', { name: 'plan_id', nullable: true }) planId: string | null;
  @Column('uuid', { name: 'assignment_id', nullable: true }) assignmentId: string | null;
  @Column('text', { name: 'workflow_id', nullable: true }) workflowId: string | null;
  @Column('jsonb', { nullable: true }) before: unknown;
  @Column('jsonb', { nullable: true }) after: unknown;
  @Column('jsonb', { nullable: true }) details: unknown;
  @Column('text', { name: 'prev_hash' }) prevHash: string;
  @Column('text') hash: string;
}
