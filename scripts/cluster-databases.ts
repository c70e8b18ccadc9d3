// Which databases the cluster uses, in one place (npm run start:cluster, the backup and restore commands, the tests):
// khflow's (DATABASE_URL, or the embedded PostgreSQL's `khflow`), and Temporal's two, on the same server unless
// TEMPORAL_DB_URL names another: its database is Temporal's main one, `<that name>_visibility` its visibility store.
// Without TEMPORAL_DB_URL the names are `temporal` and `temporal_visibility`, as in docker-compose.yml.
import { TEMPORAL_DATABASES } from './cluster-topology';

export interface ClusterDatabases {
  khflow: string;
  temporal: string;
  visibility: string;
}

/** The server part of a PostgreSQL URL with another database name (query parameters kept). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ''));
  if (!name) throw new Error(`the PostgreSQL URL ${redact(url)} names no database`);
  return name;
}

/** The URL without its password, for messages and manifests. */
export function redact(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '***';
  return u.toString();
}

export function clusterDatabases(khflowUrl: string, temporalUrl?: string | null): ClusterDatabases {
  if (temporalUrl) {
    return { khflow: khflowUrl, temporal: temporalUrl, visibility: withDatabase(temporalUrl, `${databaseName(temporalUrl)}_visibility`) };
  }
  return { khflow: khflowUrl, temporal: withDatabase(khflowUrl, TEMPORAL_DATABASES.main), visibility: withDatabase(khflowUrl, TEMPORAL_DATABASES.visibility) };
}

/** Host, port, user and password of a URL, as temporal-sql-tool and the Temporal server's config take them. */
export function connectionParts(url: string): { host: string; port: number; user: string; password: string; database: string } {
  const u = new URL(url);
  return { host: u.hostname, port: Number(u.port || 5432), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password), database: databaseName(url) };
}
