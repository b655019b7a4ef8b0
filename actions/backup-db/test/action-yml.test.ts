import { fileURLToPath } from 'node:url';
import { compareWithActionYml, loadActionYml } from '@deploy-actions/action-kit/action-yml';
import { action } from '../src/main.js';

const yml = loadActionYml(fileURLToPath(new URL('../../../backup-db/action.yml', import.meta.url)));

test('the schema and backup-db/action.yml agree on every input and output', () => {
  const outputs = [
    'backup-id',
    'uri',
    'size-bytes',
    'sha256',
    'duration-seconds',
    'manifest',
    'restored-id',
    'tables',
    'rows',
  ];
  expect(compareWithActionYml(action.specs, yml, outputs)).toEqual([]);
  expect(Object.keys(yml.outputs ?? {}).sort()).toEqual([...outputs].sort());
});

test('secret inputs are marked secret', () => {
  const secrets = action.specs
    .filter((s) => s.secret)
    .map((s) => s.name)
    .sort();
  expect(secrets).toEqual(['age-identity', 'age-passphrase', 'database-url', 'restore-url']);
});
