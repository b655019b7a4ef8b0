// A MariaDB schema with unicode (utf8mb4), BLOB, JSON, DECIMAL, TIMESTAMP/DATETIME, a view, a
// sequence, a trigger, a MyISAM table (to be warned about) and one ~20 MB table.
import type { MariadbServer } from '../harness/mariadb.js';

export const MARIADB_SEED = `
CREATE TABLE people (
  id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(200) NOT NULL, photo BLOB, prefs JSON, balance DECIMAL(24,8),
  born DATETIME(6), updated TIMESTAMP(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TABLE audit (id BIGINT AUTO_INCREMENT PRIMARY KEY, person_id INT, note VARCHAR(300)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;
CREATE TRIGGER people_audit AFTER INSERT ON people FOR EACH ROW INSERT INTO audit (person_id, note) VALUES (NEW.id, CONCAT('inserted ', NEW.name));
INSERT INTO people (name, photo, prefs, balance, born, updated) VALUES
  ('Zoë Ångström', UNHEX('00FF10DEADBEEF00'), '{"theme":"dark","tags":["a","ü"]}', 12345678901234.12345678, '1990-03-31 02:30:00', '2020-01-01 00:00:00'),
  ('日本語の名前 🙂', UNHEX(REPEAT('00FF', 1000)), '{"nested":{"n":1.5e10}}', -0.00000001, '2024-02-29 23:59:59.999999', '2021-06-30 12:00:00.5'),
  ('tab\\tnew\\nline \\\\ quote''s "dq"', NULL, 'null', 0, NULL, '2022-01-01 00:00:00'),
  ('Ελληνικά', '', '[]', 99999999.99999999, '1970-01-01 00:00:00', '2023-01-01 00:00:00');
CREATE SEQUENCE invoice_no START WITH 1000;
SELECT NEXTVAL(invoice_no), NEXTVAL(invoice_no), NEXTVAL(invoice_no);
CREATE VIEW rich_people AS SELECT id, name FROM people WHERE balance > 100;
CREATE TABLE legacy_log (id INT PRIMARY KEY, line VARCHAR(100)) ENGINE=MyISAM;
INSERT INTO legacy_log VALUES (1, 'old engine');
CREATE TABLE big (id INT PRIMARY KEY, payload TEXT) ENGINE=InnoDB;
INSERT INTO big SELECT seq, CONCAT(MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()),
  MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()),
  MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()),
  MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND()), MD5(RAND())) FROM seq_1_to_20000;
`;

export async function seedMariadb(db: MariadbServer, database: string): Promise<void> {
  await db.createDatabase(database);
  await db.sql(MARIADB_SEED, database);
}

/** Per table: row count and CHECKSUM TABLE; plus the sequence, the view and the trigger's presence. */
export async function mariadbFingerprint(
  db: MariadbServer,
  database: string,
): Promise<Record<string, string>> {
  const tables = (
    await db.sql(
      `SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '${database}' AND TABLE_TYPE = 'BASE TABLE' ORDER BY 1`,
    )
  ).split('\n');
  const out: Record<string, string> = {};
  for (const t of tables) {
    const count = await db.sql(`SELECT COUNT(*) FROM \`${t}\``, database);
    const checksum = (await db.sql(`CHECKSUM TABLE \`${t}\` EXTENDED`, database)).split('\t')[1];
    out[t] = `${count}:${checksum}`;
  }
  out['sequence invoice_no'] = await db.sql('SELECT NEXT_NOT_CACHED_VALUE FROM invoice_no', database);
  out['view rich_people'] = await db.sql('SELECT GROUP_CONCAT(name ORDER BY id) FROM rich_people', database);
  out['trigger'] = await db.sql(
    `SELECT GROUP_CONCAT(TRIGGER_NAME) FROM information_schema.TRIGGERS WHERE TRIGGER_SCHEMA = '${database}'`,
  );
  return out;
}
