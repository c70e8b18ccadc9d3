import type { DataSource } from 'typeorm';

/** Whether PostgreSQL answers. */
export class DatabaseHealthRepository {
  constructor(private readonly db: DataSource) {}

  async ping(): Promise<void> {
    await this.db.query('SELECT 1');
  }
}
