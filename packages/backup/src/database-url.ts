// Parses `postgres://`, `postgresql://`, `mysql://` and `mariadb://` URLs into connection settings.
// The password never leaves this object except through env vars or a 0600 defaults file.
import { ConfigurationError } from '@deploy-actions/action-kit';

export type Engine = 'postgres' | 'mysql';

export interface DatabaseTarget {
  engine: Engine;
  host: string;
  port: number;
  user?: string;
  password?: string;
  database: string;
  /** Query parameters such as `sslmode` (postgres) or `ssl-mode` (mysql). */
  params: Record<string, string>;
}

const ENGINES: Record<string, Engine> = {
  'postgres:': 'postgres',
  'postgresql:': 'postgres',
  'mysql:': 'mysql',
  'mariadb:': 'mysql',
};
const DEFAULT_PORTS: Record<Engine, number> = { postgres: 5432, mysql: 3306 };

export function parseDatabaseUrl(raw: string, input = 'database-url'): DatabaseTarget {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new ConfigurationError(
      `${input} is not a URL: expected postgres://user:password@host:5432/db or mysql://user:password@host:3306/db`,
    );
  }
  const engine = ENGINES[url.protocol];
  if (!engine) {
    throw new ConfigurationError(
      `${input}: unsupported scheme '${url.protocol}' (use postgres://, postgresql://, mysql:// or mariadb://)`,
    );
  }
  const database = decodeURIComponent(url.pathname.replace(/^\//, ''));
  if (!database || database.includes('/')) {
    throw new ConfigurationError(
      `${input}: the URL must name one database in its path, e.g. ${url.protocol}//host/appdb`,
    );
  }
  const params: Record<string, string> = {};
  url.searchParams.forEach((value, key) => (params[key] = value));
  return {
    engine,
    host: url.hostname.replace(/^\[|\]$/g, '') || 'localhost',
    port: url.port ? Number(url.port) : DEFAULT_PORTS[engine],
    user: url.username ? decodeURIComponent(url.username) : undefined,
    password: url.password ? decodeURIComponent(url.password) : undefined,
    database,
    params,
  };
}

/** The target with a different database name (restore into a fresh database on the same server). */
export function withDatabase(target: DatabaseTarget, database: string): DatabaseTarget {
  return { ...target, database };
}

/** host:port/db, for logs and manifests: never the credentials. */
export function describeTarget(target: DatabaseTarget): string {
  return `${target.engine}://${target.host}:${target.port}/${target.database}`;
}
