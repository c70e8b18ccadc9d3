import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('attachment')
export class AttachmentEntity {
  @PrimaryColumn('uuid') id: string;
  @Column('text') sha256: string;
  @Column('text', { name: 'file_name' }) fileName: string;
  @Column('text', { name: 'content_type' }) contentType: string;
  @Column('int') size: number;
  @Column('bytea', { select: false }) content: Buffer;
  @Column('text', { name: 'uploaded_by' }) uploadedBy: string;
  @Column('text', { name: 'unit_id', nullable: true }) unitId: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
