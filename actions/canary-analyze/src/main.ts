// canary-analyze: judges a canary from Prometheus metrics or an HTTP probe (Argo-style limits,
// Kayenta-style baseline comparison and score). Wiring only: inputs → packages/analysis → outputs.
import { GateFailed, defineAction } from '@deploy-actions/action-kit';
import { analyze } from '@deploy-actions/analysis';
import { inputs } from './inputs.js';
import { metricsOutput, writeReport } from './report.js';
import { analysisOptions } from './settings.js';
import { writeSummary } from './summary.js';

export const action = defineAction({
  name: 'canary-analyze',
  inputs,
  async run(v, ctx) {
    // The whole input is masked already; mask each header value on its own as well.
    for (const value of Object.values(v['prometheus-headers'] ?? {})) {
      ctx.secret(value);
      const credential = /^(?:Bearer|Basic|Token)\s+(\S.*)$/i.exec(value)?.[1];
      if (credential) ctx.secret(credential);
    }
    const options = analysisOptions(v, { logger: ctx.log });
    ctx.log.info(
      `analyzing ${options.metrics.map((m) => m.name).join(', ')}: ${options.count} measurement(s) every ${options.intervalMs / 1000}s via ${Object.values(options.providers)[0]!.description}`,
    );
    const result = await ctx.group('Canary analysis', () => analyze(options));
    const reportPath = await writeReport(v['report-file'], ctx.env.GITHUB_WORKSPACE || process.cwd(), result);
    const outputs = {
      verdict: result.verdict,
      score: result.score,
      reason: result.reason,
      metrics: metricsOutput(result),
      'report-file': reportPath,
    };
    for (const [name, value] of Object.entries(outputs)) ctx.setOutput(name, value);
    writeSummary(ctx.summary, result);
    ctx.log.info(`verdict: ${result.verdict} (score ${result.score}): ${result.reason}`);
    if (v['fail-on-verdict'] && result.verdict === 'fail')
      throw new GateFailed(`canary analysis failed: ${result.reason}`);
    if (v['fail-on-verdict'] && result.verdict === 'inconclusive' && v.inconclusive === 'fail') {
      throw new GateFailed(
        `canary analysis inconclusive: ${result.reason} (set inconclusive: pass to accept)`,
      );
    }
    return outputs;
  },
});
