// quality-gate-junit-1m: a 1,000,000-testcase (~250 MB) JUnit file parsed by packages/reports
// (saxes stream + tally, as the action does) versus a DOM parse of the whole file with
// fast-xml-parser (the fastest DOM parser), and once with xml2js `parseStringPromise`, the call
// dorny/test-reporter makes on a JUnit file. Each parse runs in its own child process so peak RSS is
// its own. The library and fast-xml-parser run twice and the faster run counts; xml2js (~45 s, ~5 GB)
// once. Run: npm run bench -- quality-gate   (the file doubles as the child: --child lib|dom|xml2js <file>)
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const TESTCASES = 1_000_000;
const PER_SUITE = 100;
const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');

interface ChildResult {
  tests: number;
  failed: number;
  parseMs: number;
  /** CPU time of the parse (user + system): steadier than wall time on a busy machine. */
  cpuMs: number;
  peakRssMb: number;
}

/** Writes the report with backpressure; 1 % failures with a stack trace, some system-out. */
async function generate(file: string): Promise<void> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="bench">\n');
  for (let s = 0; s < TESTCASES / PER_SUITE; s++) {
    const cls = `com.example.service.module${s % 97}.OrderProcessingService${s}Test`;
    const lines = [
      `  <testsuite name="${cls}" tests="${PER_SUITE}" failures="1" errors="0" skipped="0" time="0.5">`,
    ];
    for (let i = 0; i < PER_SUITE; i++) {
      const n = s * PER_SUITE + i;
      const attrs = `name="shouldHandleRequest${n}_withValidPayloadAndHeaders" classname="${cls}" time="0.004" file="src/test/java/com/example/service/Order${s}Test.java" line="${i + 10}"`;
      if (i === 7) {
        lines.push(
          `    <testcase ${attrs}><failure message="expected: &lt;200&gt; but was: &lt;500&gt;" type="org.opentest4j.AssertionFailedError"><![CDATA[org.opentest4j.AssertionFailedError: expected: <200> but was: <500>\n\tat ${cls}.test(Order.java:${i})]]></failure><system-out><![CDATA[request id ${n} & more log text\n]]></system-out></testcase>`,
        );
      } else {
        lines.push(`    <testcase ${attrs}/>`);
      }
    }
    lines.push('  </testsuite>');
    await write(`${lines.join('\n')}\n`);
  }
  out.end('</testsuites>\n');
  await once(out, 'finish');
}

async function childLib(file: string): Promise<ChildResult> {
  const { TestTally, readTestReport } = await import('@deploy-actions/reports');
  const start = performance.now();
  const cpu = process.cpuUsage();
  const tally = new TestTally({ allowFlaky: true });
  await readTestReport(file, path.dirname(file), (t) => tally.add(t));
  const r = tally.result();
  return {
    tests: r.total,
    failed: r.failed,
    parseMs: performance.now() - start,
    cpuMs: cpuMsSince(cpu),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

async function childDom(file: string): Promise<ChildResult> {
  const { XMLParser } = await import('fast-xml-parser');
  const start = performance.now();
  const cpu = process.cpuUsage();
  const doc = new XMLParser({
    ignoreAttributes: false,
    isArray: (name) => name === 'testsuite' || name === 'testcase',
  }).parse(readFileSync(file, 'utf8')) as JUnitDom;
  return countDom(doc, start, cpu);
}

type JUnitDom = { testsuites: { testsuite: Array<{ testcase: Array<{ failure?: unknown }> }> } };

/** Counts tests and failures in a parsed JUnit document, as a peer would after its DOM parse. */
function countDom(doc: JUnitDom, start: number, cpu: NodeJS.CpuUsage): ChildResult {
  let tests = 0;
  let failed = 0;
  for (const suite of doc.testsuites.testsuite) {
    for (const tc of suite.testcase) {
      tests++;
      if (tc.failure !== undefined) failed++;
    }
  }
  return {
    tests,
    failed,
    parseMs: performance.now() - start,
    cpuMs: cpuMsSince(cpu),
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  };
}

/** dorny/test-reporter's JUnit parse: xml2js with default options over the whole file. */
async function childXml2js(file: string): Promise<ChildResult> {
  const { parseStringPromise } = await import('xml2js');
  const start = performance.now();
  const cpu = process.cpuUsage();
  const doc = (await parseStringPromise(readFileSync(file, 'utf8'))) as JUnitDom;
  return countDom(doc, start, cpu);
}

type Mode = 'lib' | 'dom' | 'xml2js';

async function runChild(mode: Mode, file: string): Promise<ChildResult & { wallMs: number }> {
  const start = performance.now();
  const heap = mode === 'lib' ? [] : ['--max-old-space-size=16384'];
  const child = spawn(process.execPath, [...heap, '--import', 'tsx', here, '--child', mode, file], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const [code] = (await once(child, 'close')) as [number | null];
  if (code !== 0) throw new Error(`${mode} parse exited ${code}`);
  return {
    ...(JSON.parse(stdout.trim().split('\n').pop()!) as ChildResult),
    wallMs: performance.now() - start,
  };
}

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

function best<T extends { parseMs: number }>(a: T, b: T): T {
  return a.parseMs <= b.parseMs ? a : b;
}

/** The bundled action itself (no tsx) on the file, as the runner would start it: wall time and peak RSS. */
async function runBundledAction(
  file: string,
  dir: string,
): Promise<{ wallMs: number; peakRssMb: number; outputs: string }> {
  const dist = path.join(dir, 'dist');
  const { bundle } = await import('../scripts/bundler.js');
  await bundle({ entries: { 'quality-gate': 'actions/quality-gate/src/index.ts' }, outdir: dist, root });
  const outputFile = path.join(dir, 'github-output');
  writeFileSync(outputFile, '');
  const report =
    'process.on("exit", () => process.stderr.write("MAXRSS " + process.resourceUsage().maxRSS + "\\n"))';
  const start = performance.now();
  const child = spawn(
    process.execPath,
    [
      '--import',
      `data:text/javascript,${encodeURIComponent(report)}`,
      path.join(dist, 'quality-gate/index.js'),
    ],
    {
      cwd: dir,
      env: {
        PATH: process.env.PATH,
        GITHUB_OUTPUT: outputFile,
        'INPUT_TEST-RESULTS': file,
        'INPUT_MIN-PASS-RATE': '90',
        'INPUT_REPORT-FILE': path.join(dir, 'qg.json'),
      },
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const [code] = (await once(child, 'close')) as [number | null];
  const wallMs = performance.now() - start;
  const rss = /MAXRSS (\d+)/.exec(stderr);
  if (code !== 0 || !rss) throw new Error(`bundled action exited ${code}: ${stderr.slice(-500)}`);
  return { wallMs, peakRssMb: Number(rss[1]) / 1024, outputs: readFileSync(outputFile, 'utf8') };
}

export default async function bench() {
  const dir = mkdtempSync(path.join(tmpdir(), 'qg-bench-'));
  try {
    const file = path.join(dir, 'junit-1m.xml');
    await generate(file);
    const sizeMb = statSync(file).size / 1e6;
    // Best of two runs each, interleaved: other processes on a shared machine add noise.
    const lib1 = await runChild('lib', file);
    const dom1 = await runChild('dom', file);
    const lib = best(lib1, await runChild('lib', file));
    const dom = best(dom1, await runChild('dom', file));
    const peer = await runChild('xml2js', file);
    if (
      lib.tests !== TESTCASES ||
      dom.tests !== TESTCASES ||
      peer.tests !== TESTCASES ||
      lib.failed !== dom.failed ||
      lib.failed !== peer.failed
    ) {
      throw new Error(
        `count mismatch: lib ${lib.tests}/${lib.failed}, dom ${dom.tests}/${dom.failed}, xml2js ${peer.tests}/${peer.failed}`,
      );
    }
    const action = await runBundledAction(file, dir);
    if (!action.outputs.includes(`\n${TESTCASES}\n`))
      throw new Error('the bundled action did not report 1,000,000 tests');
    const domRef = (value: number) => ({ name: 'fast-xml-parser DOM', value });
    const peerRef = (value: number) => ({ name: 'xml2js DOM (dorny/test-reporter)', value });
    return [
      { name: `quality-gate-junit-1m file (${TESTCASES} testcases)`, value: sizeMb, unit: 'MB' },
      {
        name: 'quality-gate-junit-1m parse time',
        value: lib.parseMs / 1000,
        unit: 's',
        reference: domRef(dom.parseMs / 1000),
      },
      {
        name: 'quality-gate-junit-1m parse CPU time',
        value: lib.cpuMs / 1000,
        unit: 's',
        reference: domRef(dom.cpuMs / 1000),
      },
      {
        name: 'quality-gate-junit-1m wall time (with node start)',
        value: lib.wallMs / 1000,
        unit: 's',
        reference: domRef(dom.wallMs / 1000),
      },
      {
        name: 'quality-gate-junit-1m peak RSS',
        value: lib.peakRssMb,
        unit: 'MB',
        reference: domRef(dom.peakRssMb),
      },
      {
        name: 'quality-gate-junit-1m bundled action, wall time (node start to exit)',
        value: action.wallMs / 1000,
        unit: 's',
        reference: domRef(dom.wallMs / 1000),
      },
      {
        name: 'quality-gate-junit-1m bundled action, peak RSS',
        value: action.peakRssMb,
        unit: 'MB',
        reference: domRef(dom.peakRssMb),
      },
      {
        name: 'quality-gate-junit-1m speed-up over DOM (parse time)',
        value: dom.parseMs / lib.parseMs,
        unit: '×',
      },
      {
        name: 'quality-gate-junit-1m speed-up over DOM (CPU time)',
        value: dom.cpuMs / lib.cpuMs,
        unit: '×',
      },
      {
        name: 'quality-gate-junit-1m parse time vs the xml2js parse',
        value: lib.parseMs / 1000,
        unit: 's',
        reference: peerRef(peer.parseMs / 1000),
      },
      {
        name: 'quality-gate-junit-1m peak RSS vs the xml2js parse',
        value: lib.peakRssMb,
        unit: 'MB',
        reference: peerRef(peer.peakRssMb),
      },
      {
        name: 'quality-gate-junit-1m speed-up over xml2js DOM (parse time)',
        value: peer.parseMs / lib.parseMs,
        unit: '×',
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  const mode = process.argv[3];
  const file = process.argv[4]!;
  const result =
    mode === 'lib' ? await childLib(file) : mode === 'dom' ? await childDom(file) : await childXml2js(file);
  console.log(JSON.stringify(result));
}
