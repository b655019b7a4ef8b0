// Cobertura, Clover and JaCoCo XML, streamed through saxes.
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { XmlHandler } from '../xml-stream.js';
import type { CoverageMap, FileCoverage } from './coverage-map.js';
import { joinSource } from './paths.js';

/** Cobertura (coverage.py, Istanbul, gcovr, …): only <class><lines><line>, not the copies under <methods>. */
export function coberturaHandler(map: CoverageMap, workspace: string): XmlHandler {
  const sources: string[] = [];
  let capture: string | undefined;
  let file: FileCoverage | undefined;
  let inMethods = 0;
  const resolve = (filename: string) => {
    const found = sources.find((s) => existsSync(path.resolve(workspace, joinSource(s, filename))));
    return joinSource(found ?? sources[0], filename);
  };
  return {
    open(name, a) {
      if (name === 'source') capture = '';
      else if (name === 'class') file = map.file(resolve(a.filename ?? a.name ?? ''));
      else if (name === 'methods') inMethods++;
      else if (name === 'line' && file && inMethods === 0) {
        const line = Number(a.number);
        map.addLine(file, line, Number(a.hits) || 0);
        const cond = /\((\d+)\/(\d+)\)/.exec(a['condition-coverage'] ?? '');
        if (a.branch === 'true' && cond) {
          const covered = Number(cond[1]);
          map.addBranchCounts(file, line, covered, Number(cond[2]));
        }
      }
    },
    close(name) {
      if (name === 'source' && capture !== undefined) {
        if (capture.trim()) sources.push(capture.trim());
        capture = undefined;
      } else if (name === 'methods') inMethods--;
      else if (name === 'class') file = undefined;
    },
    capturing: () => capture !== undefined,
    text(t) {
      capture += t;
    },
  };
}

/** Clover (Istanbul, PHPUnit, OpenClover): <file path><line num count type="stmt|cond" truecount falsecount>. */
export function cloverHandler(map: CoverageMap): XmlHandler {
  let file: FileCoverage | undefined;
  return {
    open(name, a) {
      if (name === 'file') file = map.file(a.path ?? a.name ?? '');
      else if (name === 'line' && file) {
        const line = Number(a.num);
        if (a.type === 'method') return;
        map.addLine(file, line, Number(a.count) || 0);
        if (a.type === 'cond') {
          map.addBranch(file, line, Number(a.truecount) > 0);
          map.addBranch(file, line, Number(a.falsecount) > 0);
        }
      }
    },
    close(name) {
      if (name === 'file') file = undefined;
    },
  };
}

/** JaCoCo: <package name="com/x"><sourcefile name="A.java"><line nr mi ci mb cb>. */
export function jacocoHandler(map: CoverageMap): XmlHandler {
  let pkg = '';
  let file: FileCoverage | undefined;
  return {
    open(name, a) {
      if (name === 'package') pkg = a.name ?? '';
      else if (name === 'sourcefile') file = map.file(pkg ? `${pkg}/${a.name}` : (a.name ?? ''));
      else if (name === 'line' && file) {
        const line = Number(a.nr);
        const ci = Number(a.ci) || 0;
        if (ci + (Number(a.mi) || 0) > 0) map.addLine(file, line, ci);
        const cb = Number(a.cb) || 0;
        const total = cb + (Number(a.mb) || 0);
        if (total > 0) map.addBranchCounts(file, line, cb, total);
      }
    },
    close(name) {
      if (name === 'sourcefile') file = undefined;
      else if (name === 'package') pkg = '';
    },
  };
}
