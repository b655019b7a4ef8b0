import { ConfigurationError } from '@deploy-actions/action-kit';
import { defaultsFileText, describeTarget, parseDatabaseUrl, pgEnv } from '../src/index.js';

test('postgres URLs: decoded credentials, default port, params', () => {
  const t = parseDatabaseUrl('postgresql://app%40corp:p%40ss%20w0rd@db.internal/app_prod?sslmode=require');
  expect(t).toEqual({
    engine: 'postgres',
    host: 'db.internal',
    port: 5432,
    user: 'app@corp',
    password: 'p@ss w0rd',
    database: 'app_prod',
    params: { sslmode: 'require' },
  });
  expect(describeTarget(t)).toBe('postgres://db.internal:5432/app_prod');
});

test('mysql and mariadb URLs', () => {
  expect(parseDatabaseUrl('mariadb://root@10.0.0.5:3307/shop')).toMatchObject({
    engine: 'mysql',
    port: 3307,
    user: 'root',
    password: undefined,
  });
  expect(parseDatabaseUrl('mysql://u:p@h/d').port).toBe(3306);
});

test.each(['mongodb://h/db', 'postgres://h', 'postgres://h/', 'not a url', 'mysql://h/a/b'])(
  '%s is refused',
  (raw) => {
    expect(() => parseDatabaseUrl(raw)).toThrow(ConfigurationError);
  },
);

test('pg env carries the connection and drops inherited PG* variables', () => {
  const env = pgEnv(parseDatabaseUrl('postgres://u:secret@h:6543/d?sslmode=verify-full&application_name=x'), {
    PATH: '/bin',
    PGSERVICE: 'other',
    PGPASSWORD: 'old',
  });
  expect(env).toEqual({
    PATH: '/bin',
    PGHOST: 'h',
    PGPORT: '6543',
    PGDATABASE: 'd',
    PGUSER: 'u',
    PGPASSWORD: 'secret',
    PGSSLMODE: 'verify-full',
    PGAPPNAME: 'x',
    PGCONNECT_TIMEOUT: '15',
  });
});

test('the MySQL defaults file quotes and escapes the password', () => {
  const text = defaultsFileText(
    parseDatabaseUrl(`mysql://root:${encodeURIComponent('a"b\\c #d')}@127.0.0.1:3306/db?ssl-mode=REQUIRED`),
  );
  expect(text).toBe(
    '[client]\nhost="127.0.0.1"\nport=3306\nprotocol=TCP\nuser="root"\npassword="a\\"b\\\\c #d"\nssl-mode="REQUIRED"\n',
  );
});
