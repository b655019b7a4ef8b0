// A PostgreSQL schema that exercises what dumps get wrong: unicode, bytea, jsonb, numeric,
// timestamptz, a large object, a view, a sequence, a trigger, and one ~20 MB table.
import type { PostgresServer } from '../harness/postgres.js';

export const PG_SEED = `
CREATE TABLE people (
  id serial PRIMARY KEY, name text NOT NULL, photo bytea, prefs jsonb, balance numeric(24,8), born timestamptz
);
CREATE TABLE audit (id bigserial PRIMARY KEY, person_id int, note text);
CREATE FUNCTION audit_people() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN INSERT INTO audit (person_id, note) VALUES (NEW.id, 'inserted ' || NEW.name); RETURN NEW; END $$;
CREATE TRIGGER people_audit AFTER INSERT ON people FOR EACH ROW EXECUTE FUNCTION audit_people();
INSERT INTO people (name, photo, prefs, balance, born) VALUES
  ('Zoë Ångström', '\\x00ff10deadbeef00', '{"theme":"dark","tags":["a","ü"]}', 12345678901234.12345678, '1990-03-31 02:30:00+02'),
  ('日本語の名前 🙂', decode(repeat('00ff', 1000), 'hex'), '{"nested":{"n":1.5e10}}', -0.00000001, '2024-02-29 23:59:59.999999-11'),
  (E'tab\\tnew\\nline \\\\ quote''s "dq"', NULL, 'null', 0, 'infinity'),
  ('Ελληνικά', '\\x', '[]', 99999999.99999999, '1970-01-01 00:00:00+00');
CREATE SEQUENCE invoice_no START 1000;
SELECT nextval('invoice_no'), nextval('invoice_no'), nextval('invoice_no');
CREATE VIEW rich_people AS SELECT id, name FROM people WHERE balance > 100;
CREATE TABLE documents (id int PRIMARY KEY, content oid);
INSERT INTO documents VALUES (1, lo_from_bytea(0, convert_to('a large object ✓', 'UTF8')));
CREATE TABLE big (id int PRIMARY KEY, payload text);
INSERT INTO big SELECT g, (SELECT string_agg(md5(random()::text || g || i), '') FROM generate_series(1, 32) i) FROM generate_series(1, 20000) g;
`;

export async function seedPostgres(pg: PostgresServer, database: string): Promise<void> {
  await pg.createDatabase(database);
  await pg.sql(PG_SEED, database);
}

/** Per table: row count and md5 over the rows in a stable order; plus the sequence and a large object. */
export async function pgFingerprint(pg: PostgresServer, database: string): Promise<Record<string, string>> {
  const tables = (
    await pg.sql(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`, database)
  ).split('\n');
  const out: Record<string, string> = {};
  for (const t of tables) {
    out[t] = await pg.sql(
      `SELECT count(*) || ':' || coalesce(md5(string_agg(x::text, '|' ORDER BY x::text)), '') FROM "${t}" x`,
      database,
    );
  }
  out['sequence invoice_no'] = await pg.sql(
    `SELECT last_value || ',' || is_called FROM invoice_no`,
    database,
  );
  out['view rich_people'] = await pg.sql(
    `SELECT string_agg(name, ',' ORDER BY id) FROM rich_people`,
    database,
  );
  out['large object'] = await pg.sql(
    `SELECT convert_from(lo_get(content), 'UTF8') FROM documents WHERE id = 1`,
    database,
  );
  return out;
}
