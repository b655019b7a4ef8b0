// The deploy action's inputs: the keys are exactly the action.yml input names.
import { z } from 'zod';
import { input, secret } from '@deploy-actions/action-kit';

export const inputs = z.object({
  kubeconfig: secret(
    input
      .string()
      .optional()
      .describe(
        'Content of a kubeconfig file, or its base64. When empty: KUBECONFIG, then ~/.kube/config, then the in-cluster service account.',
      ),
  ),
  context: input.string().optional().describe('Kubeconfig context to use; default: its current-context.'),
  namespace: input.string().default('default').describe('Namespace of the Deployment.'),
  deployment: input.string().describe('Name of the Deployment to roll out; also names the deploy lock.'),
  container: input
    .string()
    .optional()
    .describe('Container whose image is set; may be empty when the Deployment has only one container.'),
  image: input
    .string()
    .optional()
    .describe('Image to roll out, e.g. ghcr.io/org/app:1.4.2. Required unless manifests are given.'),
  manifests: input
    .list()
    .optional()
    .describe(
      'Globs of YAML manifests applied first (server-side apply); {{image}} in them is replaced by the image input.',
    ),
  timeout: input
    .duration()
    .default('10m')
    .describe(
      "How long to wait for the rollout, at most; the Deployment's progressDeadlineSeconds can end it sooner.",
    ),
  wait: input
    .boolean()
    .default('true')
    .describe('Wait until the rollout completes (kubectl rollout status rule).'),
  'undo-on-failure': input
    .boolean()
    .default('true')
    .describe('When the rollout fails, roll the Deployment back to the revision it ran before.'),
  lock: input
    .boolean()
    .default('true')
    .describe(
      'Hold a Lease named deploy-actions- plus the deployment name, so two deploys of the same application never overlap.',
    ),
  'lock-timeout': input
    .duration()
    .default('5m')
    .describe('How long to wait for another deploy holding the lock before failing.'),
  'allow-insecure-tls': input
    .boolean()
    .default('false')
    .describe(
      'Accept a kubeconfig that sets insecure-skip-tls-verify. TLS is verified otherwise; leave false.',
    ),
});

export type DeployInputs = z.output<typeof inputs>;
