// Merged coverage of every report: per file, hits by line and branches per line. A line covered in any
// report counts once; files only known from a summary (Istanbul coverage-summary.json) add totals.
import type { PathNormaliser } from './paths.js';

export interface Ratio {
  covered: number;
  total: number;
}

/**
 * Branches of one line. Formats that list each branch (lcov BRDA, Istanbul, Clover) fill `taken`
 * by the branch's order on the line, OR-ed across reports; formats that give only counts
 * (Cobertura "1/2", JaCoCo mb/cb) keep the best covered count seen, since which branch ran is unknown.
 */
export interface LineBranches {
  taken: boolean[];
  countCovered: number;
  countTotal: number;
}

export interface FileCoverage {
  lines: Map<number, number>;
  branches: Map<number, LineBranches>;
  /** Totals only, for formats without per-line data. */
  summary?: { lines: Ratio; branches: Ratio };
}

export function lineBranchTotals(b: LineBranches): Ratio {
  const total = Math.max(b.taken.length, b.countTotal);
  const listed = b.taken.filter(Boolean).length;
  return { covered: Math.min(total, Math.max(listed, b.countCovered)), total };
}

export class CoverageMap {
  readonly files = new Map<string, FileCoverage>();
  private suffixIndex?: Map<string, string[]>;
  /** Branches seen per line in the current section of a report, so ids line up across reports and tools. */
  private readonly ordinals = new Map<FileCoverage, Map<number, number>>();

  constructor(readonly normalise: PathNormaliser) {}

  /** The entry of a file; call once per file section of a report (it restarts the branch numbering). */
  file(raw: string): FileCoverage {
    const key = this.normalise(raw);
    let entry = this.files.get(key);
    if (!entry) {
      this.files.set(key, (entry = { lines: new Map(), branches: new Map() }));
      this.suffixIndex = undefined;
    }
    this.ordinals.delete(entry);
    return entry;
  }

  addLine(file: FileCoverage, line: number, hits: number): void {
    file.lines.set(line, (file.lines.get(line) ?? 0) + hits);
  }

  private lineBranches(file: FileCoverage, line: number): LineBranches {
    let b = file.branches.get(line);
    if (!b) file.branches.set(line, (b = { taken: [], countCovered: 0, countTotal: 0 }));
    return b;
  }

  /** The next listed branch on a line (numbered by order within the file section, OR-ed across reports). */
  addBranch(file: FileCoverage, line: number, covered: boolean): void {
    let perLine = this.ordinals.get(file);
    if (!perLine) this.ordinals.set(file, (perLine = new Map()));
    const n = perLine.get(line) ?? 0;
    perLine.set(line, n + 1);
    const b = this.lineBranches(file, line);
    b.taken[n] = covered || b.taken[n] === true;
  }

  /** `covered` of `total` branches on a line, for formats that do not say which. */
  addBranchCounts(file: FileCoverage, line: number, covered: number, total: number): void {
    const b = this.lineBranches(file, line);
    b.countCovered = Math.max(b.countCovered, covered);
    b.countTotal = Math.max(b.countTotal, total);
  }

  addSummary(raw: string, lines: Ratio, branches: Ratio): void {
    const file = this.file(raw);
    const s = (file.summary ??= { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } });
    // Summaries of the same file from several reports cannot be merged line by line: keep the best.
    if (lines.covered * s.lines.total >= s.lines.covered * lines.total || s.lines.total === 0)
      s.lines = lines;
    if (branches.covered * s.branches.total >= s.branches.covered * branches.total || s.branches.total === 0)
      s.branches = branches;
  }

  /** Covered / total lines and branches of one file (line data wins over a summary). */
  static fileTotals(file: FileCoverage): { lines: Ratio; branches: Ratio } {
    const lines = { covered: 0, total: file.lines.size };
    for (const hits of file.lines.values()) if (hits > 0) lines.covered++;
    const branches = { covered: 0, total: 0 };
    for (const b of file.branches.values()) {
      const t = lineBranchTotals(b);
      branches.covered += t.covered;
      branches.total += t.total;
    }
    if (file.summary) {
      if (lines.total === 0) Object.assign(lines, file.summary.lines);
      if (branches.total === 0) Object.assign(branches, file.summary.branches);
    }
    return { lines, branches };
  }

  totals(): { lines: Ratio; branches: Ratio } {
    const sum = { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } };
    for (const file of this.files.values()) add(sum, CoverageMap.fileTotals(file));
    return sum;
  }

  /** Totals by top-level folder (files at the root under `.`). */
  byFolder(): Map<string, { lines: Ratio; branches: Ratio }> {
    const out = new Map<string, { lines: Ratio; branches: Ratio }>();
    for (const [name, file] of this.files) {
      const slash = name.indexOf('/');
      const folder = slash < 0 ? '.' : name.slice(0, slash);
      const acc = out.get(folder) ?? { lines: { covered: 0, total: 0 }, branches: { covered: 0, total: 0 } };
      add(acc, CoverageMap.fileTotals(file));
      out.set(folder, acc);
    }
    return new Map([...out].sort(([a], [b]) => a.localeCompare(b)));
  }

  /**
   * The coverage of a repository path (as git names it). Exact key first; else the one file whose
   * path is a suffix of the other (JaCoCo names `com/x/A.java` for `src/main/java/com/x/A.java`).
   */
  lookup(repoPath: string): FileCoverage | undefined {
    const exact = this.files.get(repoPath);
    if (exact) return exact;
    this.suffixIndex ??= this.buildSuffixIndex();
    const base = repoPath.slice(repoPath.lastIndexOf('/') + 1);
    const candidates = (this.suffixIndex.get(base) ?? []).filter(
      (k) => repoPath.endsWith(`/${k}`) || k.endsWith(`/${repoPath}`),
    );
    if (candidates.length === 0) return undefined;
    candidates.sort((a, b) => b.length - a.length);
    return this.files.get(candidates[0]!);
  }

  private buildSuffixIndex(): Map<string, string[]> {
    const index = new Map<string, string[]>();
    for (const key of this.files.keys()) {
      const base = key.slice(key.lastIndexOf('/') + 1);
      index.set(base, [...(index.get(base) ?? []), key]);
    }
    return index;
  }
}

function add(acc: { lines: Ratio; branches: Ratio }, t: { lines: Ratio; branches: Ratio }): void {
  acc.lines.covered += t.lines.covered;
  acc.lines.total += t.lines.total;
  acc.branches.covered += t.branches.covered;
  acc.branches.total += t.branches.total;
}

export function percent(r: Ratio): number | undefined {
  return r.total === 0 ? undefined : (r.covered / r.total) * 100;
}
