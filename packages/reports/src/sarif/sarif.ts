// SARIF 2.1.0 from any tool: each result's level (result, else rule default, else "warning") and,
// where a rule or result carries `security-severity` (CodeQL, Trivy, …), a CVSS-like severity.
// Results with kind other than "fail" and suppressed results are not findings.
import { ReportError } from '../errors.js';
import { isObject, readJsonFile } from '../json-file.js';

export type Level = 'error' | 'warning' | 'note' | 'none';
export type Severity = 'critical' | 'high' | 'medium' | 'low';

export interface Finding {
  tool: string;
  ruleId: string;
  level: Level;
  severity?: Severity;
  message: string;
  file?: string;
  line?: number;
  report: string;
}

export type FindingSink = (finding: Finding) => void;

const LEVELS = new Set<Level>(['error', 'warning', 'note', 'none']);

/** Severity bands as GitHub code scanning uses them. */
export function severityOf(score: number): Severity {
  if (score >= 9.0) return 'critical';
  if (score >= 7.0) return 'high';
  if (score >= 4.0) return 'medium';
  return 'low';
}

interface RuleInfo {
  level?: Level;
  score?: number;
}

export async function parseSarif(path: string, displayName: string, sink: FindingSink): Promise<void> {
  const doc = await readJsonFile(path, displayName);
  if (!isObject(doc) || !Array.isArray(doc.runs))
    throw new ReportError(displayName, undefined, 'SARIF without a runs array');
  if (doc.version !== undefined && doc.version !== '2.1.0') {
    throw new ReportError(
      displayName,
      undefined,
      `SARIF version ${JSON.stringify(doc.version)} is not supported; expected 2.1.0`,
    );
  }
  for (const run of doc.runs as unknown[]) {
    if (!isObject(run)) continue;
    const driver = isObject(run.tool) && isObject(run.tool.driver) ? run.tool.driver : {};
    const tool = String(driver.name ?? 'unknown tool');
    const rules = collectRules(run);
    for (const result of Array.isArray(run.results) ? (run.results as unknown[]) : []) {
      if (!isObject(result)) continue;
      if (result.kind !== undefined && result.kind !== 'fail') continue;
      if (isSuppressed(result)) continue;
      const ruleId =
        typeof result.ruleId === 'string'
          ? result.ruleId
          : isObject(result.rule) && typeof result.rule.id === 'string'
            ? result.rule.id
            : '';
      const rule =
        rules.get(ruleId) ??
        (typeof result.ruleIndex === 'number' ? rules.get(`#${result.ruleIndex}`) : undefined);
      const level = asLevel(result.level) ?? rule?.level ?? 'warning';
      const score = scoreOf(result.properties) ?? rule?.score;
      sink({
        tool,
        ruleId,
        level,
        severity: score === undefined ? undefined : severityOf(score),
        message: messageOf(result.message),
        ...locationOf(result),
        report: displayName,
      });
    }
  }
}

function collectRules(run: Record<string, unknown>): Map<string, RuleInfo> {
  const rules = new Map<string, RuleInfo>();
  const components = [
    isObject(run.tool) ? run.tool.driver : undefined,
    ...(isObject(run.tool) && Array.isArray(run.tool.extensions) ? run.tool.extensions : []),
  ];
  for (const component of components) {
    if (!isObject(component) || !Array.isArray(component.rules)) continue;
    (component.rules as unknown[]).forEach((rule, index) => {
      if (!isObject(rule)) return;
      const config = isObject(rule.defaultConfiguration) ? rule.defaultConfiguration : {};
      const info = { level: asLevel(config.level), score: scoreOf(rule.properties) };
      if (typeof rule.id === 'string') rules.set(rule.id, info);
      if (component === components[0]) rules.set(`#${index}`, info);
    });
  }
  return rules;
}

function asLevel(value: unknown): Level | undefined {
  return typeof value === 'string' && LEVELS.has(value as Level) ? (value as Level) : undefined;
}

function scoreOf(properties: unknown): number | undefined {
  if (!isObject(properties)) return undefined;
  const raw = properties['security-severity'];
  const n = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number.parseFloat(raw) : NaN;
  return Number.isFinite(n) ? n : undefined;
}

function isSuppressed(result: Record<string, unknown>): boolean {
  if (!Array.isArray(result.suppressions)) return false;
  return (result.suppressions as unknown[]).some(
    (s) => isObject(s) && (s.status === undefined || s.status === 'accepted'),
  );
}

function messageOf(message: unknown): string {
  if (!isObject(message)) return '';
  return String(message.text ?? message.markdown ?? message.id ?? '')
    .split('\n')[0]!
    .slice(0, 500);
}

function locationOf(result: Record<string, unknown>): { file?: string; line?: number } {
  const first = Array.isArray(result.locations) ? result.locations[0] : undefined;
  const physical = isObject(first) && isObject(first.physicalLocation) ? first.physicalLocation : undefined;
  if (!physical) return {};
  const artifact = isObject(physical.artifactLocation) ? physical.artifactLocation : {};
  const region = isObject(physical.region) ? physical.region : {};
  const uri = typeof artifact.uri === 'string' ? decodeURI(artifact.uri) : undefined;
  const line = Number(region.startLine);
  return { file: uri, line: Number.isFinite(line) && line > 0 ? line : undefined };
}
