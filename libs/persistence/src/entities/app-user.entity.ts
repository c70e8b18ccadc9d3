import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { Role } from '@khflow/contracts';

@Entity('app_user')
export class AppUserEntity {
  @PrimaryColumn('text') id: string;
  @Column('text', { unique: true }) username: string;
  @Column('text', { name: 'display_name' }) displayName: string;
  @Column('text', { name: 'unit_id' }) unitId: string;
  @Column('text', { array: true }) roles: Role[];
  @Column('text', { name: 'password_hash', nullable: true, select: false }) passwordHash: string | null;
  @Column('boolean', { default: true }) active: boolean;
  @Column('timestamptz', { name: 'created_at', default: () => 'now()' }) createdAt: Date;
}
