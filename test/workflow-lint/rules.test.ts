// Each project rule catches its mistake and passes the corrected form; the project's own workflows
// pass every checker (actionlint, schema, shellcheck, rules).
import path from 'node:path';
import { lintRepository } from '../../scripts/lint-workflows.js';
import { checkAction, checkWorkflow } from '../../scripts/workflow-lint/rules.js';
import { actionlint, schema, shellcheck } from '../../scripts/workflow-lint/tools.js';
import { YamlSource } from '../../scripts/workflow-lint/yaml-source.js';
import { repoRoot } from '../harness/run-action.js';

const CHECKOUT = 'actions/checkout@11bd71901bbe5b1630ceea73d27597364c9af683 # v4.2.2';

function workflow(body: string, file = '.github/workflows/ci.yml') {
  return new YamlSource(file, body);
}

const good = `name: ok
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - env:
          VERSION: \${{ inputs.version }}
        run: echo "$VERSION"
`;

test('a clean workflow has no findings', () => {
  expect(checkWorkflow(workflow(good))).toEqual([]);
});

test.each([
  ['expression-in-run', good.replace('run: echo "$VERSION"', 'run: echo "${{ inputs.version }}"'), 14],
  [
    'expression-in-run',
    good.replace('run: echo "$VERSION"', 'run: echo "${{ github.event.pull_request.title }}"'),
    14,
  ],
  ['permissions', good.replace('permissions: {}\n', ''), 1],
  ['permissions', good.replace('permissions: {}', 'permissions: write-all'), 3],
  ['permissions', good.replace('permissions: {}', 'permissions:\n  contents: write'), 4],
  ['pin', good.replace(CHECKOUT, 'actions/checkout@v4'), 9],
  ['timeout', good.replace('    timeout-minutes: 5\n', ''), 6],
  [
    'persist-credentials',
    good.replace('          persist-credentials: false\n', '          fetch-depth: 0\n'),
    9,
  ],
])('rule %s is reported at the right line', (rule, text, line) => {
  const findings = checkWorkflow(workflow(text));
  expect(findings.map((f) => [f.rule, f.line])).toEqual([[rule, line]]);
});

test('github-script with an expression in script: is reported', () => {
  const text = good.replace(
    '      - env:',
    `      - uses: actions/github-script@60a0d83039c74a4aee543508d2ffcb1c3799cdea # v7.0.1
        with:
          script: console.log("\${{ github.event.issue.title }}")
      - env:`,
  );
  expect(checkWorkflow(workflow(text)).map((f) => f.rule)).toEqual(['expression-in-run']);
});

test('secrets: inherit and unpinned reusable workflows are reported', () => {
  const text = `name: x
on: push
permissions: {}
jobs:
  call:
    uses: other/repo/.github/workflows/x.yml@main
    secrets: inherit
  local:
    uses: ./.github/workflows/ci.yml
`;
  expect(checkWorkflow(workflow(text)).map((f) => f.rule)).toEqual(['secrets-inherit', 'pin']);
});

test('deploy workflows need a non-cancelling concurrency group and production jobs an environment', () => {
  const text = `name: deploy
on: workflow_dispatch
permissions: {}
concurrency:
  group: deploy
  cancel-in-progress: true
jobs:
  production:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    steps:
      - run: echo deploy
`;
  const file = '.github/workflows/production-deploy.yml';
  expect(checkWorkflow(workflow(text, file)).map((f) => [f.rule, f.line])).toEqual([
    ['deploy-concurrency', 5],
    ['production-environment', 9],
  ]);
  const fixed = text
    .replace('cancel-in-progress: true', 'cancel-in-progress: false')
    .replace('    runs-on', '    environment: production\n    runs-on');
  expect(checkWorkflow(workflow(fixed, file))).toEqual([]);
});

test('composite action steps follow the step rules', () => {
  const action = new YamlSource(
    'x/action.yml',
    `name: x
description: x
runs:
  using: composite
  steps:
    - shell: bash
      run: echo "\${{ inputs.name }}"
`,
  );
  expect(checkAction(action).map((f) => f.rule)).toEqual(['expression-in-run']);
});

test('actionlint, the schema and shellcheck each catch their own kind of mistake', async () => {
  const broken = workflow(`name: x
on: push
permissions: {}
jobs:
  a:
    runs-on: ubuntu-24.04
    timeout-minutes: 5
    needs: missing-job
    steps:
      - run: echo $UNQUOTED_VAR
`);
  expect((await actionlint(broken)).map((f) => f.rule)).toContain('actionlint/job-needs');
  expect(shellcheck(broken).map((f) => [f.rule, f.line])).toEqual([['shellcheck/SC2086', 10]]);
  const badSchema = workflow(`name: x
on: push
jobs:
  a:
    runs-on: ubuntu-24.04
    timeout-minutes: five
    steps: []
`);
  expect(schema(badSchema, 'workflow').length).toBeGreaterThan(0);
});

test("the project's workflows and action metadata have no findings", async () => {
  const findings = await lintRepository(path.resolve(repoRoot));
  expect(findings).toEqual([]);
}, 60_000);
