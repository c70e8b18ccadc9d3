import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from './migrations';

/**
 * `connectTimeoutMs` and `queryTimeoutMs` bound every connection attempt and statement: a process serving requests
 * answers "unavailable" quickly while PostgreSQL is down instead of holding requests for minutes.
 */
export function createDataSource(databaseUrl: string, options: { poolSize?: number; applicationName?: string; connectTimeoutMs?: number; queryTimeoutMs?: number } = {}): DataSource {
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
    ...(options.connectTimeoutMs ? { connectTimeoutMS: options.connectTimeoutMs } : {}),
    ...(options.queryTimeoutMs ? { extra: { query_timeout: options.queryTimeoutMs, statement_timeout: options.queryTimeoutMs } } : {}),
  });
}
