// npm run demo: the whole production pipeline on the embedded cluster simulator. The pipeline
// pieces (blue-green, canary progression, rollback) land with later issues; until then this says
// what it will do and fails, rather than faking a run.
const plan = [
  'start the cluster simulator (HTTPS API server, controllers, traffic and metrics)',
  'quality-gate: test results and coverage against the production thresholds (98 %)',
  'backup-db: back up the demo PostgreSQL database',
  'deploy the new version with the chosen strategy (blue-green, canary or rolling)',
  'canary-analyze: judge error rate and latency at every traffic step; promote or abort',
  'rollback on failure; notify at the start and the end',
];

process.stderr.write(
  [
    'deploy-actions demo: the whole production pipeline, locally, on the cluster simulator.',
    '',
    'It will:',
    ...plan.map((step, i) => `  ${i + 1}. ${step}`),
    '',
    'not built yet: the pipeline actions it needs (blue-green-switch, canary progression, rollback)',
    'have not landed. Meanwhile `npm test` runs every suite that exists.',
    '',
  ].join('\n'),
);
process.exitCode = 1;
