// Every published action: its zod schema and its action.yml agree, and the metadata points at the bundle.
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import type { Action } from '@deploy-actions/action-kit';
import { compareWithActionYml, loadActionYml } from '@deploy-actions/action-kit/action-yml';
import { repoRoot } from '../harness/run-action.js';

const actionsDir = path.join(repoRoot, 'actions');
const names = existsSync(actionsDir)
  ? readdirSync(actionsDir).filter((n) => existsSync(path.join(actionsDir, n, 'src', 'main.ts')))
  : [];

test('every root folder with an action.yml has its code in actions/, and the other way round', () => {
  const published = readdirSync(repoRoot).filter((n) => existsSync(path.join(repoRoot, n, 'action.yml')));
  expect(published.sort()).toEqual([...names].sort());
});

test('the fixture action agrees with its action.yml', async () => {
  const { action } = (await import('../fixtures/echo-action/src/main.js')) as { action: Action };
  const yml = loadActionYml(path.join(repoRoot, 'test/fixtures/echo-action/action.yml'));
  expect(compareWithActionYml(action.specs, yml)).toEqual([]);
});

for (const name of names) {
  describe(name, () => {
    test('schema and action.yml agree on names, required flags, defaults and descriptions', async () => {
      const { action } = (await import(path.join(actionsDir, name, 'src', 'main.ts'))) as { action: Action };
      const yml = loadActionYml(path.join(repoRoot, name, 'action.yml'));
      expect(compareWithActionYml(action.specs, yml)).toEqual([]);
      expect(action.name).toBe(name);
    });

    test('action.yml runs the committed bundle on node24', () => {
      const yml = loadActionYml(path.join(repoRoot, name, 'action.yml'));
      expect(yml.runs).toEqual({ using: 'node24', main: `../dist/${name}/index.js` });
      expect(yml.name?.trim()).toBeTruthy();
      expect(yml.description?.trim()).toBeTruthy();
    });
  });
}
