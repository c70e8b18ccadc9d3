import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { BasisRef, PlanStatus } from '@khflow/contracts';

@Entity('plan')
export class PlanEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { nullable: true }) number: string | null;
  @Column('text') title: string;
  @Column('text', { name: 'issuer_unit_id' }) issuerUnitId: string;
  @Column('date', { name: 'issued_at', nullable: true }) issuedAt: string | null;
  @Column('text', { nullable: true }) place: string | null;
  @Column('text', { nullable: true }) description: string | null;
  @Column('jsonb', { default: () => "'[]'" }) basis: BasisRef[];
  @Column('uuid', { name: 'parent_plan_id', nullable: true }) parentPlanId: string | null;
  @Column('jsonb', { nullable: true }) horizon: { text?: string | null; until?: string | null } | null;
  @Column('text', { default: 'draft' }) status: PlanStatus;
  @Column('jsonb', { nullable: true }) source: unknown;
  @Column('text', { name: 'created_by', nullable: true }) createdBy: string | null;
  @Column('text', { name: 'workflow_id', nullable: true }) workflowId: string | null;
  @Column('timestamptz', { name: 'launched_at', nullable: true }) launchedAt: Date | null;
  @Column('timestamptz', { name: 'closed_at', nullable: true }) closedAt: Date | null;
  @Column('int', { default: 1 }) version: number;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
