import {
  BackupError,
  makeBackupId,
  manifestKey,
  objectKey,
  parseManifest,
  sanitizeName,
  serializeManifest,
  type Manifest,
} from '../src/index.js';

const sample: Manifest = {
  formatVersion: 1,
  id: 'app-prod-20260630T120000Z-ab12',
  name: 'app-prod',
  key: 'app-prod-20260630T120000Z-ab12.dump.zst.age',
  engine: 'postgres',
  serverVersion: '15.18',
  database: 'app',
  created: '2026-06-30T12:00:00.000Z',
  gitSha: 'abc',
  runId: '7',
  compression: 'zstd',
  encryption: 'age',
  encryptionMode: 'recipients',
  sizeBytes: 10,
  dumpBytes: 20,
  sha256: 'a'.repeat(64),
  tools: { pg_dump: '15.18' },
  position: { lsn: '0/16B3748' },
  durationSeconds: 1.5,
};

test('ids sort by time and keys name the format', () => {
  expect(makeBackupId('app-prod', Date.parse('2026-06-30T12:00:00.123Z'), 'ab12')).toBe(
    'app-prod-20260630T120000Z-ab12',
  );
  expect(objectKey('x', '.dump', 'zstd', true)).toBe('x.dump.zst.age');
  expect(objectKey('x', '.sql', 'none', false)).toBe('x.sql');
  expect(manifestKey('x')).toBe('x.json');
  expect(sanitizeName('org/app: prod db')).toBe('org-app-prod-db');
});

test('a manifest round-trips, and damaged ones are refused with the field named', () => {
  expect(parseManifest(serializeManifest(sample), 'm')).toEqual(sample);
  expect(() => parseManifest('{', 'file:///x.json')).toThrow(/manifest file:\/\/\/x.json is not valid JSON/);
  expect(() => parseManifest(JSON.stringify({ ...sample, sha256: 'nope' }), 'm')).toThrow(BackupError);
  expect(() => parseManifest(JSON.stringify({ ...sample, sha256: 'nope' }), 'm')).toThrow(/sha256/);
  expect(() => parseManifest(JSON.stringify({ ...sample, compression: 'lz4' }), 'm')).toThrow(/compression/);
});
