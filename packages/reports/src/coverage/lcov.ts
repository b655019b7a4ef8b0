// lcov tracefiles (SF/DA/BRDA/end_of_record), streamed line by line.
import { ReportError } from '../errors.js';
import { forEachLine } from '../lines.js';
import type { CoverageMap, FileCoverage } from './coverage-map.js';

export async function parseLcov(path: string, displayName: string, map: CoverageMap): Promise<void> {
  let file: FileCoverage | undefined;
  await forEachLine(path, (text, line) => {
    const colon = text.indexOf(':');
    const tag = colon < 0 ? text.trim() : text.slice(0, colon);
    const value = colon < 0 ? '' : text.slice(colon + 1);
    const bad = (what: string) => new ReportError(displayName, line, what);
    switch (tag) {
      case 'SF':
        file = map.file(value);
        return;
      case 'end_of_record':
        file = undefined;
        return;
      case 'DA': {
        if (!file) throw bad('DA record outside an SF … end_of_record section');
        const [ln, hits] = value.split(',');
        if (!/^\d+$/.test(ln ?? '') || !/^-?\d+$/.test(hits ?? ''))
          throw bad(`expected DA:<line>,<hits>, got DA:${value}`);
        map.addLine(file, Number(ln), Math.max(0, Number(hits)));
        return;
      }
      case 'BRDA': {
        if (!file) throw bad('BRDA record outside an SF … end_of_record section');
        const [ln, , , taken] = value.split(',');
        if (!/^\d+$/.test(ln ?? '') || taken === undefined)
          throw bad(`expected BRDA:<line>,<block>,<branch>,<taken>, got BRDA:${value}`);
        map.addBranch(file, Number(ln), taken !== '-' && Number(taken) > 0);
        return;
      }
      default:
        return; // TN, FN, FNDA, FNF, FNH, LF, LH, BRF, BRH, VER …: totals we recompute
    }
  });
}
