// Reads report files of one kind: detects each file's format from its content and streams it into
// the shared tally, coverage map or finding sink. A file of another kind or of no known format fails.
import path from 'node:path';
import { ReportError } from './errors.js';
import {
  FORMAT_KIND,
  SUPPORTED,
  detectFormat,
  readHead,
  type ReportFormat,
  type ReportKind,
} from './detect.js';
import type { CoverageMap } from './coverage/coverage-map.js';
import { parseGoCover } from './coverage/go-cover.js';
import { parseIstanbulFinal, parseIstanbulSummary } from './coverage/istanbul.js';
import { parseLcov } from './coverage/lcov.js';
import { coberturaHandler, cloverHandler, jacocoHandler } from './coverage/xml-coverage.js';
import { parseSarif, type FindingSink } from './sarif/sarif.js';
import { parseGoTestJson } from './tests/go-test-json.js';
import { parseJestJson } from './tests/jest-json.js';
import { junitHandler } from './tests/junit.js';
import type { TestSink } from './tests/model.js';
import { nunitHandler } from './tests/nunit.js';
import { trxHandler } from './tests/trx.js';
import { parseXmlFile } from './xml-stream.js';

export const INPUT_OF_KIND: Record<ReportKind, string> = {
  tests: 'test-results',
  coverage: 'coverage',
  sarif: 'sarif',
};

export function displayPath(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  return (rel.startsWith('..') || path.isAbsolute(rel) ? file : rel).split(path.sep).join('/');
}

/** Detects the format and checks it belongs to the input the file was listed under. */
export async function formatOf(file: string, display: string, kind: ReportKind): Promise<ReportFormat> {
  const head = await readHead(file);
  if (head.trim() === '')
    throw new ReportError(
      display,
      undefined,
      `empty file; ${INPUT_OF_KIND[kind]} expects ${SUPPORTED[kind]}`,
    );
  const format = detectFormat(head);
  if (!format)
    throw new ReportError(
      display,
      1,
      `unknown report format; ${INPUT_OF_KIND[kind]} supports ${SUPPORTED[kind]}`,
    );
  const actual = FORMAT_KIND[format];
  if (actual !== kind) {
    throw new ReportError(
      display,
      undefined,
      `this is a ${format} report, not one ${INPUT_OF_KIND[kind]} reads; list it under ${INPUT_OF_KIND[actual]}`,
    );
  }
  return format;
}

export async function readTestReport(file: string, cwd: string, sink: TestSink): Promise<ReportFormat> {
  const display = displayPath(file, cwd);
  const format = await formatOf(file, display, 'tests');
  switch (format) {
    case 'junit':
      await parseXmlFile(file, display, junitHandler(display, sink));
      break;
    case 'nunit3':
      await parseXmlFile(file, display, nunitHandler(display, sink));
      break;
    case 'trx':
      await parseXmlFile(file, display, trxHandler(display, sink));
      break;
    case 'jest-json':
      await parseJestJson(file, display, sink, cwd);
      break;
    default:
      await parseGoTestJson(file, display, sink);
  }
  return format;
}

export async function readCoverageReport(file: string, cwd: string, map: CoverageMap): Promise<ReportFormat> {
  const display = displayPath(file, cwd);
  const format = await formatOf(file, display, 'coverage');
  switch (format) {
    case 'lcov':
      await parseLcov(file, display, map);
      break;
    case 'go-cover':
      await parseGoCover(file, display, map);
      break;
    case 'cobertura':
      await parseXmlFile(file, display, coberturaHandler(map, cwd));
      break;
    case 'clover':
      await parseXmlFile(file, display, cloverHandler(map));
      break;
    case 'jacoco':
      await parseXmlFile(file, display, jacocoHandler(map));
      break;
    case 'istanbul-final':
      await parseIstanbulFinal(file, display, map);
      break;
    default:
      await parseIstanbulSummary(file, display, map);
  }
  return format;
}

export async function readSarifReport(file: string, cwd: string, sink: FindingSink): Promise<ReportFormat> {
  const display = displayPath(file, cwd);
  const format = await formatOf(file, display, 'sarif');
  await parseSarif(file, display, sink);
  return format;
}
