import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadManifests, parseManifestText } from '../src/index.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'kube-manifests-'));
  await writeFile(
    path.join(dir, 'app.yaml'),
    `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web}\nspec:\n  template:\n    spec:\n      containers: [{name: app, image: "{{image}}"}]\n---\n# only a comment\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: Service, metadata: {name: web}}\n`,
  );
  await writeFile(path.join(dir, 'notes.txt'), 'not yaml');
});
afterAll(() => rm(dir, { recursive: true, force: true }));

test('loads every document of the matched files, unpacks Lists and fills {{image}}', async () => {
  const loaded = await loadManifests(['*.yaml'], { cwd: dir, image: 'registry/web:2.0' });
  expect(loaded.map((m) => `${m.object.kind}/${m.object.metadata?.name}`)).toEqual([
    'Deployment/web',
    'Service/web',
  ]);
  const containers = (
    loaded[0]!.object.spec as { template: { spec: { containers: Array<{ image: string }> } } }
  ).template.spec.containers;
  expect(containers[0]!.image).toBe('registry/web:2.0');
});

test('{{image}} without an image, no match, and incomplete documents are configuration errors', async () => {
  await expect(loadManifests(['*.yaml'], { cwd: dir })).rejects.toThrow(
    'uses {{image}} but no image input was given',
  );
  await expect(loadManifests(['k8s/*.yml'], { cwd: dir })).rejects.toThrow(
    'no manifest file matches "k8s/*.yml"',
  );
  expect(() => parseManifestText('kind: Service\nmetadata: {name: x}\n', 'x.yaml')).toThrow(
    'x.yaml: every document needs apiVersion, kind and metadata.name',
  );
  expect(() => parseManifestText('a: [1,\n', 'bad.yaml')).toThrow(/^bad.yaml: invalid YAML/);
});
