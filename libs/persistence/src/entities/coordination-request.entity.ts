import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('coordination_request')
export class CoordinationRequestEntity {
  @PrimaryColumn('text') id: string;
  @Column('uuid', { name: 'assignment_id' }) assignmentId: string;
  @Column('text', { name: 'unit_ids', array: true }) unitIds: string[];
  @Column('date', { nullable: true }) due: string | null;
  @Column('text') message: string;
  @Column('text', { name: 'requested_by' }) requestedBy: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
