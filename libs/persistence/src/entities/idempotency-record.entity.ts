import { Column, Entity, PrimaryColumn } from 'typeorm';

@Entity('idempotency_record')
export class IdempotencyRecordEntity {
  @PrimaryColumn('text', { name: 'user_id' }) userId: string;
  @PrimaryColumn('text') key: string;
  @Column('text') method: string;
  @Column('text') path: string;
  @Column('text', { name: 'body_hash' }) bodyHash: string;
  @Column('int', { name: 'status_code', nullable: true }) statusCode: number | null;
  @Column('jsonb', { nullable: true }) response: unknown;
  @Column('timestamptz', { name: 'created_at' }) createdAt: Date;
}
