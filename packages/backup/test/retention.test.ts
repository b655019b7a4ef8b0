import { selectForPrune, type Manifest } from '../src/index.js';

const DAY = 86_400_000;
const NOW = Date.parse('2026-06-30T12:00:00Z');

function m(id: string, name: string, daysAgo: number): Manifest {
  return {
    formatVersion: 1,
    id,
    name,
    key: `${id}.dump.gz`,
    engine: 'postgres',
    serverVersion: '15',
    database: 'app',
    created: new Date(NOW - daysAgo * DAY).toISOString(),
    compression: 'gzip',
    encryption: 'none',
    sizeBytes: 1,
    dumpBytes: 1,
    sha256: '0'.repeat(64),
    tools: {},
    position: {},
    durationSeconds: 1,
  };
}

const ids = (list: Manifest[]) => list.map((x) => x.id).sort();

test('count keeps the newest N per name', () => {
  const all = [m('a1', 'a', 1), m('a2', 'a', 2), m('a3', 'a', 3), m('b1', 'b', 10)];
  expect(ids(selectForPrune(all, { count: 2 }, NOW))).toEqual(['a3']);
});

test('days deletes older backups but never the newest of a name', () => {
  const all = [m('a1', 'a', 40), m('a2', 'a', 50), m('b1', 'b', 5), m('b2', 'b', 31)];
  expect(ids(selectForPrune(all, { days: 30 }, NOW))).toEqual(['a2', 'b2']);
});

test('count and days together: beyond the count OR older than the days', () => {
  const all = [m('a1', 'a', 1), m('a2', 'a', 2), m('a3', 'a', 45), m('a4', 'a', 60)];
  expect(ids(selectForPrune(all, { count: 3, days: 30 }, NOW))).toEqual(['a3', 'a4']);
});

test('the backup just made is never pruned, even when its clock is off', () => {
  const all = [m('future', 'a', -1), m('just-made', 'a', 100)];
  expect(ids(selectForPrune(all, { count: 1, days: 1 }, NOW, 'just-made'))).toEqual([]);
});

test('no policy prunes nothing; count 1 leaves exactly one', () => {
  const all = [m('a1', 'a', 1), m('a2', 'a', 2)];
  expect(selectForPrune(all, {}, NOW)).toEqual([]);
  expect(ids(selectForPrune(all, { count: 1 }, NOW))).toEqual(['a2']);
});
