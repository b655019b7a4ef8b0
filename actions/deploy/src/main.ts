// deploy: a rolling update that waits, explains and undoes. Wiring only: inputs → packages/kube →
// outputs and summary. The Kubernetes code is imported lazily so bad inputs fail fast.
import { ActionError, InputError, defineAction, errorMessage } from '@deploy-actions/action-kit';
import { inputs } from './inputs.js';
import { writeSummary } from './summary.js';

export const action = defineAction({
  name: 'deploy',
  inputs,
  async run(v, ctx) {
    if (!v.image && !v.manifests?.length)
      throw new InputError('image', undefined, 'set image, or manifests to apply');
    ctx.setOutput('result', 'failed'); // until proven otherwise: survives any error below
    const kube = await import('@deploy-actions/kube');
    const conn = await ctx.group('Connect', () =>
      kube.connect({
        kubeconfig: v.kubeconfig,
        context: v.context,
        namespace: v.namespace,
        allowInsecureTls: v['allow-insecure-tls'],
        env: ctx.env,
        log: ctx.log,
        retry: { deadlineMs: Math.min(30_000, Math.max(5_000, v.timeout / 4)) },
      }),
    );
    for (const s of conn.secrets) ctx.secret(s);
    try {
      ctx.log.info(
        `connected to ${conn.server} (${conn.source}, context ${conn.context}, Kubernetes ${conn.serverVersion ?? '?'})`,
      );
      const manifests = v.manifests?.length
        ? (
            await kube.loadManifests(v.manifests, {
              cwd: ctx.env.GITHUB_WORKSPACE || process.cwd(),
              image: v.image,
            })
          ).map((m) => m.object)
        : undefined;
      const r = await ctx.group(`Roll out deployment ${v.namespace}/${v.deployment}`, () =>
        kube.rollingDeploy({
          api: conn.api,
          namespace: conn.namespace,
          deployment: v.deployment,
          container: v.container,
          image: v.image,
          manifests,
          timeoutMs: v.timeout,
          wait: v.wait,
          undoOnFailure: v['undo-on-failure'],
          lock: v.lock ? { holder: kube.lockHolder(ctx.env), timeoutMs: v['lock-timeout'] } : undefined,
          clock: conn.api.policy.clock,
          log: ctx.log,
          signal: ctx.signal,
        }),
      );
      const outputs = {
        revision: r.revision,
        'previous-revision': r.previousRevision,
        image: r.image,
        'previous-image': r.previousImage,
        'ready-replicas': r.readyReplicas,
        result: r.result,
      };
      for (const [name, value] of Object.entries(outputs)) ctx.setOutput(name, value);
      writeSummary(ctx.summary, v.deployment, conn.namespace, r);
      if (r.result !== 'deployed')
        throw new kube.RolloutFailed(
          `deployment "${v.deployment}" ${r.result === 'rolled-back' ? 'rolled back' : 'failed'}: ${r.failure}`,
        );
      return outputs;
    } catch (err) {
      if (!ctx.signal.aborted) throw err;
      throw new ActionError(
        `${errorMessage(ctx.signal.reason)}; the deploy lock was released and a re-run converges`,
        {
          cause: err,
        },
      );
    } finally {
      await conn.close();
    }
  },
});
