import { ConfigurationError } from '@deploy-actions/action-kit';
import { splitArgs, validateDumpArgs } from '../src/index.js';

test('splitArgs honours quotes', () => {
  expect(splitArgs(`--exclude-table-data=audit  --table="my table" --schema='a b'\n--no-owner`)).toEqual([
    '--exclude-table-data=audit',
    '--table=my table',
    '--schema=a b',
    '--no-owner',
  ]);
  expect(() => splitArgs('--table="oops')).toThrow(/unbalanced/);
});

test('safe pg_dump options pass through', () => {
  expect(validateDumpArgs('postgres', '--no-owner --exclude-table-data=audit_log --schema=public')).toEqual([
    '--no-owner',
    '--exclude-table-data=audit_log',
    '--schema=public',
  ]);
  expect(validateDumpArgs('postgres', undefined)).toEqual([]);
});

test.each([
  ['postgres', '--file=/tmp/x'],
  ['postgres', '--format=plain'],
  ['postgres', '-h evil'],
  ['postgres', '--dbname=postgres://other'],
  ['postgres', '--schema'],
  ['postgres', '--no-owner=yes'],
  ['mysql', '--result-file=/tmp/x'],
  ['mysql', '--skip-comments'],
  ['mysql', '--password=x'],
] as const)('%s rejects %s', (engine, arg) => {
  expect(() => validateDumpArgs(engine, arg)).toThrow(ConfigurationError);
  expect(() => validateDumpArgs(engine, arg)).toThrow(/dump-args: .* is not allowed/);
});

test('a valued option without a value says how to write it', () => {
  expect(() => validateDumpArgs('postgres', '--table')).toThrow(/write --table=value/);
});
