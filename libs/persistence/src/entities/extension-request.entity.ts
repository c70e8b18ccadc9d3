import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('extension_request')
export class ExtensionRequestEntity {
  @PrimaryColumn('text') id: string;
  @Column('uuid', { name: 'assignment_id' }) assignmentId: string;
  @Column('date', { name: 'requested_due' }) requestedDue: string;
  @Column('text') reason: string;
  @Column('text', { name: 'requested_by' }) requestedBy: string;
  @Column('text') status: 'pending' | 'granted' | 'refused';
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('text', { name: 'decision_comment', nullable: true }) decisionComment: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
