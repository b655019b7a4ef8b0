// Streaming keeps memory flat: after parsing 50,000 test cases (1 % failing) the tally retains a
// few MB, not the report (failure details must not pin the read chunks their strings came from).
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import path from 'node:path';
import v8 from 'node:v8';
import vm from 'node:vm';
import { TestTally, readTestReport } from '@deploy-actions/reports';

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'qg-stream-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function generate(file: string, cases: number): Promise<void> {
  const out = createWriteStream(file);
  out.write('<testsuites>\n');
  for (let s = 0; s < cases / 100; s++) {
    const lines = [`<testsuite name="com.example.Suite${s}Test">`];
    for (let i = 0; i < 100; i++) {
      const attrs = `classname="com.example.Suite${s}Test" name="test${s * 100 + i}_withAVeryLongDescriptiveNameToMakeItRealistic" time="0.001"`;
      lines.push(
        i === 3
          ? `<testcase ${attrs}><failure message="boom ${i}"/><system-out>${'x'.repeat(200)}</system-out></testcase>`
          : `<testcase ${attrs}/>`,
      );
    }
    lines.push('</testsuite>');
    if (!out.write(`${lines.join('\n')}\n`)) await once(out, 'drain');
  }
  out.end('</testsuites>\n');
  await once(out, 'finish');
}

test('50,000 test cases: counted exactly, little retained', async () => {
  const file = path.join(dir, 'big.xml');
  await generate(file, 50_000);
  expect(statSync(file).size).toBeGreaterThan(6e6);
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  gc();
  const before = process.memoryUsage().heapUsed;
  const tally = new TestTally({ allowFlaky: true });
  await readTestReport(file, dir, (t) => tally.add(t));
  gc();
  const retained = process.memoryUsage().heapUsed - before;
  const r = tally.result();
  expect([r.total, r.passed, r.failed, r.failures.length]).toEqual([50_000, 49_500, 500, 500]);
  expect(r.failures[0]).toMatchObject({
    id: 'com.example.Suite0Test::test3_withAVeryLongDescriptiveNameToMakeItRealistic',
    message: 'boom 3',
  });
  // 500 failure details (the states table is outside the heap); pinned read chunks would add the 6 MB file.
  expect(retained).toBeLessThan(3e6);
});
