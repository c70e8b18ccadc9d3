import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('org_unit')
export class OrgUnitEntity {
  @PrimaryColumn('text') id: string;
  @Column('text') name: string;
  @Column('text', { name: 'short_name', nullable: true }) shortName: string | null;
  @Column('text') kind: string;
  @Column('text', { name: 'parent_id', nullable: true }) parentId: string | null;
  @Column('text', { name: 'reports_to_id', nullable: true }) reportsToId: string | null;
  @Column('text', { array: true, default: () => "'{}'" }) aliases: string[];
  @Column('date', { name: 'valid_from', nullable: true }) validFrom: string | null;
  @Column('date', { name: 'valid_to', nullable: true }) validTo: string | null;
  @Column('text', { name: 'successor_id', nullable: true }) successorId: string | null;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
  @Column('timestamptz', { name: 'updated_at', default: () => 'now()' }) updatedAt: Date;
}
