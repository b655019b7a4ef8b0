// Coverage merge across reports and tools (path normalisation, a line covered anywhere counts once),
// and diff coverage against a base ref in a real temporary git repository.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { collectReports, parseUnifiedDiff, pathNormaliser } from '@deploy-actions/reports';

let dir: string;
beforeAll(() => (dir = mkdtempSync(path.join(tmpdir(), 'qg-cov-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function write(name: string, text: string): string {
  const file = path.join(dir, name);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
}

test('path normalisation: workspace prefix, runner paths, ./, Windows separators, file:// URIs, Go module', () => {
  const n = pathNormaliser({ workspace: '/work/repo', goModule: 'example.com/app' });
  expect(n('/work/repo/src/a.ts')).toBe('src/a.ts');
  expect(n('./src/a.ts')).toBe('src/a.ts');
  expect(n('src\\lib\\a.ts')).toBe('src/lib/a.ts');
  expect(n('D:\\a\\app\\app\\src\\a.ts')).toBe('src/a.ts');
  expect(n('/home/runner/work/app/app/src/a.ts')).toBe('src/a.ts');
  expect(n('/__w/app/app/src/a.ts')).toBe('src/a.ts');
  expect(n('file:///home/runner/work/app/app/src/a.ts')).toBe('src/a.ts');
  expect(n('example.com/app/pkg/x.go')).toBe('pkg/x.go');
  expect(n('src/../lib/b.ts')).toBe('lib/b.ts');
});

test('a test matrix: three tools, three path styles, one merged file where any covered line counts once', async () => {
  write(
    'linux/lcov.info',
    [
      'TN:',
      'SF:/home/runner/work/app/app/src/a.js',
      'DA:1,1',
      'DA:2,0',
      'DA:3,0',
      'BRDA:2,0,0,1',
      'BRDA:2,0,1,0',
      'end_of_record',
      '',
    ].join('\n'),
  );
  write(
    'windows/cobertura.xml',
    `<?xml version="1.0"?><coverage line-rate="0.5"><sources><source>D:\\a\\app\\app</source></sources><packages><package name="src"><classes>
     <class name="a.js" filename="src\\a.js"><methods><method name="f"><lines><line number="3" hits="9"/></lines></method></methods>
       <lines><line number="1" hits="0"/><line number="2" hits="1" branch="true" condition-coverage="50% (1/2)"/><line number="3" hits="0"/></lines></class>
     </classes></package></packages></coverage>`,
  );
  write(
    'mac/clover.xml',
    `<?xml version="1.0"?><coverage generated="1" clover="3.2.0"><project><file name="a.js" path="./src/a.js"><line num="4" count="0" type="stmt"/></file></project></coverage>`,
  );
  const r = await collectReports({
    cwd: dir,
    coverage: ['linux/lcov.info', 'windows/*.xml', 'mac/clover.xml'],
  });
  expect([...r.coverage!.map.files.keys()]).toEqual(['src/a.js']);
  // lines 1 (lcov), 2 (cobertura) covered; 3 uncovered (the <methods> copy is ignored); 4 uncovered
  expect(r.coverage!.line).toBe(50);
  // lcov's two BRDA on line 2 and Cobertura's "(1/2)" are the same two branches: 1 of 2, not 2 of 4
  expect(r.coverage!.map.totals().branches).toEqual({ covered: 1, total: 2 });
  expect(r.files.map((f) => f.format)).toEqual(['lcov', 'cobertura', 'clover']);
});

test('the same tool on two matrix legs: each listed branch covered anywhere counts once', async () => {
  write('leg1.info', ['SF:src/b.js', 'DA:5,1', 'BRDA:5,0,0,1', 'BRDA:5,0,1,0', 'end_of_record'].join('\n'));
  write(
    'leg2.info',
    [
      'SF:./src/b.js',
      'DA:5,1',
      'BRDA:5,0,0,0',
      'BRDA:5,0,1,4',
      'end_of_record',
      'SF:src/b.js',
      'BRDA:5,0,0,0',
      'BRDA:5,0,1,0',
      'end_of_record',
    ].join('\n'),
  );
  const r = await collectReports({ cwd: dir, coverage: ['leg1.info', 'leg2.info'] });
  expect(r.coverage!.map.totals().branches).toEqual({ covered: 2, total: 2 });
});

test('coverage by top-level folder', async () => {
  write(
    'multi.info',
    [
      'SF:src/a.js',
      'DA:1,1',
      'DA:2,0',
      'end_of_record',
      'SF:lib/b.js',
      'DA:1,1',
      'end_of_record',
      'SF:c.js',
      'DA:1,0',
      'end_of_record',
    ].join('\n'),
  );
  const r = await collectReports({ cwd: dir, coverage: ['multi.info'] });
  const folders = Object.fromEntries(
    [...r.coverage!.map.byFolder()].map(([k, v]) => [k, `${v.lines.covered}/${v.lines.total}`]),
  );
  expect(folders).toEqual({ '.': '0/1', lib: '1/1', src: '1/2' });
});

test('a malformed lcov record fails with file:line', async () => {
  write('bad.info', 'SF:a.js\nDA:1,1\nDA:x,1\nend_of_record\n');
  await expect(collectReports({ cwd: dir, coverage: ['bad.info'] })).rejects.toThrow(
    'bad.info:3: expected DA:<line>,<hits>, got DA:x,1',
  );
});

test('malformed JSON fails with file:line', async () => {
  write('final.json', '{"/a.js": {"path": "/a.js",\n "statementMap": {},\n "s": {,}}}');
  await expect(collectReports({ cwd: dir, coverage: ['final.json'] })).rejects.toThrow(
    /^final\.json:3: malformed JSON: /,
  );
});

test('unified diff: added lines per file, deletions and /dev/null ignored, quoted names', () => {
  const changed = parseUnifiedDiff(
    [
      'diff --git a/src/a.js b/src/a.js',
      '--- a/src/a.js',
      '+++ b/src/a.js',
      '@@ -1,0 +2,3 @@',
      '@@ -10 +13 @@ x',
      '@@ -20,2 +22,0 @@',
      '--- a/gone.js',
      '+++ /dev/null',
      '@@ -1,3 +0,0 @@',
      '+++ "b/caf\\303\\251.js"',
      '@@ -0,0 +1 @@',
    ]
      .join('\n')
      .split('\n'),
  );
  expect(Object.fromEntries([...changed].map(([f, s]) => [f, [...s]]))).toEqual({
    'src/a.js': [2, 3, 4, 13],
    'café.js': [1],
  });
});

describe('diff coverage in a git repository', () => {
  let repo: string;
  const git = (...args: string[]) =>
    execFileSync('git', args, {
      cwd: repo,
      encoding: 'utf8',
      env: {
        ...process.env,
        GIT_AUTHOR_NAME: 't',
        GIT_AUTHOR_EMAIL: 't@t',
        GIT_COMMITTER_NAME: 't',
        GIT_COMMITTER_EMAIL: 't@t',
      },
    });
  beforeAll(() => {
    repo = path.join(dir, 'repo');
    mkdirSync(path.join(repo, 'src'), { recursive: true });
    git('init', '-q', '-b', 'main');
    writeFileSync(path.join(repo, 'src/a.js'), 'line1\nline2\nline3\n');
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    git('checkout', '-q', '-b', 'feature');
    writeFileSync(path.join(repo, 'src/a.js'), 'line1\nline2 changed\nline3\nnew4\nnew5\n# comment6\n');
    writeFileSync(path.join(repo, 'README.md'), 'docs\n');
    git('add', '.');
    git('commit', '-q', '-m', 'change');
    writeFileSync(
      path.join(repo, 'lcov.info'),
      ['SF:src/a.js', 'DA:1,1', 'DA:2,1', 'DA:3,1', 'DA:4,0', 'DA:5,3', 'end_of_record', ''].join('\n'),
    );
  });

  test('changed coverable lines 2, 4, 5 → 2 of 3 covered', async () => {
    const r = await collectReports({ cwd: repo, coverage: ['lcov.info'], baseRef: 'main' });
    expect(r.coverage!.diffPercent!.toFixed(2)).toBe('66.67');
    expect(r.coverage!.diff!.files).toEqual([{ file: 'src/a.js', covered: 2, total: 3, uncovered: [4] }]);
  });

  test('a base ref that does not exist names the fix', async () => {
    await expect(
      collectReports({ cwd: repo, coverage: ['lcov.info'], baseRef: 'origin/nope' }),
    ).rejects.toThrow(/git diff origin\/nope\.\.\.HEAD failed \(exit 128\).*fetch-depth: 0/);
  });

  test('no coverable changed line leaves diff coverage empty', async () => {
    const r = await collectReports({ cwd: repo, coverage: ['lcov.info'], baseRef: 'HEAD' });
    expect(r.coverage!.diffPercent).toBeUndefined();
  });
});
