import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('assignment_comment')
export class AssignmentCommentEntity {
  @PrimaryColumn('text') id: string;
  @Column('uuid', { name: 'assignment_id' }) assignmentId: string;
  @Column('text', { name: 'author_id' }) authorId: string;
  @Column('text', { name: 'author_unit_id', nullable: true }) authorUnitId: string | null;
  @Column('text') text: string;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
