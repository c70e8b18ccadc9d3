import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('notification')
export class NotificationEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text', { name: 'event_key' }) eventKey: string;
  @Column('text', { name: 'recipient_unit_id' }) recipientUnitId: string;
  @Column('text', { name: 'recipient_role', nullable: true }) recipientRole: string | null;
  @Column('text') kind: string;
  @Column('uuid', { name: 'plan_id', nullable: true }) planId: string | null;
  @Column('uuid', { name: 'assignment_id', nullable: true }) assignmentId: string | null;
  @Column('text') message: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
