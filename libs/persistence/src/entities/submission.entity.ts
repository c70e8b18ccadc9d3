import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { AttachmentRef, ConsolidationState } from '@khflow/contracts';

@Entity('submission')
export class SubmissionEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'assignment_id' }) assignmentId: string;
  @Column('int') version: number;
  @Column('text') text: string;
  @Column('jsonb') attachments: AttachmentRef[];
  @Column('jsonb', { nullable: true }) consolidation: ConsolidationState | null;
  @Column('text', { name: 'submitted_by' }) submittedBy: string;
  @Column('timestamptz', { name: 'submitted_at' }) submittedAt: Date;
  @Column('text', { nullable: true }) decision: 'approved' | 'returned' | null;
  @Column('text', { name: 'decided_by', nullable: true }) decidedBy: string | null;
  @Column('timestamptz', { name: 'decided_at', nullable: true }) decidedAt: Date | null;
  @Column('text', { name: 'decision_comment', nullable: true }) decisionComment: string | null;
}
