// quality-gate: reads test, coverage and SARIF reports, decides pass/fail against the thresholds,
// sets outputs, writes the summary, the JSON report and annotations. Wiring only: the parsing and
// the gate live in packages/reports.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GateFailed, defineAction, errorMessage } from '@deploy-actions/action-kit';
import { collectReports, evaluateGates, type Collected } from '@deploy-actions/reports';
import { annotate } from './annotations.js';
import { inputs } from './inputs.js';
import { outputsOf, reportOf } from './outputs.js';
import { settingsFrom } from './settings.js';
import { writeSummary } from './summary.js';

export const action = defineAction({
  name: 'quality-gate',
  inputs,
  async run(v, ctx) {
    const cwd = ctx.env.GITHUB_WORKSPACE || process.cwd();
    const settings = settingsFrom(v, cwd);
    let collected: Collected;
    try {
      collected = await ctx.group('Read reports', () => collectReports(settings.collect));
    } catch (err) {
      ctx.setOutput('verdict', 'fail');
      ctx.setOutput('reasons', errorMessage(err));
      throw err;
    }
    for (const f of collected.files) ctx.log.info(`read ${f.file} (${f.format})`);
    for (const glob of collected.unmatched)
      ctx.log.warning(`no file matches ${JSON.stringify(glob)} (allow-missing: true)`);
    const gate = evaluateGates(settings.gate, {
      tests: collected.tests,
      lineCoverage: collected.coverage?.line,
      branchCoverage: collected.coverage?.branch,
      diffCoverage: collected.coverage?.diffPercent,
      findings: collected.findings?.counts,
    });
    const reportFile = path.resolve(cwd, v['report-file']);
    await mkdir(path.dirname(reportFile), { recursive: true });
    await writeFile(reportFile, `${JSON.stringify(reportOf(collected, gate), null, 2)}\n`);
    const outputs = outputsOf(collected, gate, reportFile);
    for (const [name, value] of Object.entries(outputs)) ctx.setOutput(name, value);
    if (v.annotations) annotate(collected, ctx.log);
    writeSummary(ctx.summary, collected, gate);
    for (const g of gate.gates)
      ctx.log.info(`${g.passed ? 'pass' : 'FAIL'}  ${g.gate}: ${g.actual} (threshold ${g.threshold})`);
    if (gate.verdict === 'fail') {
      const message = `quality gate failed: ${gate.reasons.join('; ')}`;
      if (v['fail-on-gate']) throw new GateFailed(message);
      ctx.log.warning(`${message} (fail-on-gate: false, the step passes)`);
    } else {
      ctx.log.info(`quality gate passed (${gate.gates.length} conditions)`);
    }
    return outputs;
  },
});
