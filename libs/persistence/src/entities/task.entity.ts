import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { TargetSpec, Timeframe } from '@khflow/contracts';

@Entity('task')
export class TaskEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('uuid', { name: 'plan_id' }) planId: string;
  @Column('int') position: number;
  @Column('text') ref: string;
  @Column('text') title: string;
  @Column('text', { nullable: true }) content: string | null;
  @Column('jsonb') lead: TargetSpec[];
  @Column('jsonb') coordinators: TargetSpec[];
  @Column('jsonb') timeframe: Timeframe;
  @Column('text', { name: 'reviewer_unit_id', nullable: true }) reviewerUnitId: string | null;
  @Column('boolean', { default: false }) consolidate: boolean;
  @Column('int', { name: 'step_days', default: 5 }) stepDays: number;
  @Column('int', { name: 'reminder_offsets', array: true, nullable: true }) reminderOffsets: number[] | null;
  @Column('jsonb', { nullable: true }) lines: [number, number] | null;
  @Column('text', { default: 'active' }) status: 'active' | 'cancelled' | 'done';
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
