// Istanbul JSON: coverage-final.json (statement and branch maps per file) and
// coverage-summary.json (totals per file only).
import { ReportError } from '../errors.js';
import { isObject, readJsonFile } from '../json-file.js';
import type { CoverageMap, Ratio } from './coverage-map.js';

export async function parseIstanbulFinal(path: string, displayName: string, map: CoverageMap): Promise<void> {
  const doc = await readJsonFile(path, displayName);
  if (!isObject(doc))
    throw new ReportError(displayName, undefined, 'expected an object of files (coverage-final.json)');
  for (const [key, value] of Object.entries(doc)) {
    if (!isObject(value)) continue;
    const data = isObject(value.data) ? value.data : value; // older nyc wraps in { data }
    const file = map.file(typeof data.path === 'string' ? data.path : key);
    const statements = isObject(data.statementMap) ? data.statementMap : {};
    const hits = isObject(data.s) ? data.s : {};
    // A line's hits are the most any statement starting on it got (as istanbul-lib-coverage does).
    const lineHits = new Map<number, number>();
    for (const [id, loc] of Object.entries(statements)) {
      const line = isObject(loc) && isObject(loc.start) ? Number(loc.start.line) : NaN;
      if (!Number.isFinite(line)) continue;
      lineHits.set(line, Math.max(lineHits.get(line) ?? 0, Number(hits[id]) || 0));
    }
    for (const [line, h] of lineHits) map.addLine(file, line, h);
    const branches = isObject(data.branchMap) ? data.branchMap : {};
    const taken = isObject(data.b) ? data.b : {};
    for (const [id, branch] of Object.entries(branches)) {
      if (!isObject(branch)) continue;
      const loc = isObject(branch.loc) && isObject(branch.loc.start) ? branch.loc.start : undefined;
      const line = Number(loc?.line ?? branch.line);
      const counts = Array.isArray(taken[id]) ? (taken[id] as unknown[]) : [];
      for (const count of counts) map.addBranch(file, line, Number(count) > 0);
    }
  }
}

export async function parseIstanbulSummary(
  path: string,
  displayName: string,
  map: CoverageMap,
): Promise<void> {
  const doc = await readJsonFile(path, displayName);
  if (!isObject(doc))
    throw new ReportError(displayName, undefined, 'expected an object of files (coverage-summary.json)');
  for (const [key, value] of Object.entries(doc)) {
    if (key === 'total' || !isObject(value)) continue;
    map.addSummary(key, ratio(value.lines), ratio(value.branches));
  }
}

function ratio(value: unknown): Ratio {
  if (!isObject(value)) return { covered: 0, total: 0 };
  return { covered: Number(value.covered) || 0, total: Number(value.total) || 0 };
}
