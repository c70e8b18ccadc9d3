import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

export function createDataSource(databaseUrl: string, options: { poolSize?: number; applicationName?: string } = {}): DataSource {
  return new DataSource({
    type: 'postgres',
    url: databaseUrl,
    // No entity classes: every statement is SQL in a repository (libs/persistence/src/<feature>/), the schema is
    // the migrations'.
    entities: [],
    migrations: MIGRATIONS,
    migrationsTableName: 'khflow_migrations',
    synchronize: false, // schema changes only through migrations
    migrationsRun: false,
    poolSize: options.poolSize ?? 10,
    applicationName: options.applicationName ?? 'khflow',
    logging: false,
  });
}
