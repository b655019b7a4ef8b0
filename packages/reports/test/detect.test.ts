// Format detection looks at content only: names and extensions lie.
import { detectFormat } from '@deploy-actions/reports';

test.each([
  ['<?xml version="1.0"?>\n<!-- c -->\n<!DOCTYPE x>\n<testsuites>', 'junit'],
  ['\n  <testsuite name="a">', 'junit'],
  ['<test-run id="2">', 'nunit3'],
  ['<TestRun xmlns="http://microsoft.com/schemas/VisualStudio/TeamTest/2010">', 'trx'],
  [
    '<?xml version="1.0"?><!DOCTYPE report PUBLIC "-//JACOCO//DTD Report 1.1//EN" "report.dtd"><report name="x"><sessioninfo',
    'jacoco',
  ],
  ['<?xml version="1.0" ?>\n<coverage version="7.4" line-rate="0.5" branch-rate="0"><sources>', 'cobertura'],
  ['<?xml version="1.0"?>\n<coverage generated="1" clover="3.2.0">\n  <project timestamp="1">', 'clover'],
  ['{"Time":"2024-01-01T00:00:00Z","Action":"start","Package":"x"}\n', 'go-test-json'],
  ['{"Action":"run","Package":"x","Test":"TestA"}\n', 'go-test-json'],
  ['{"numFailedTestSuites":0,"numTotalTests":3,"testResults":[]}', 'jest-json'],
  ['{"version":"2.1.0","$schema":"https://json.schemastore.org/sarif-2.1.0.json","runs":[]}', 'sarif'],
  ['{"runs":[],"version":"2.1.0"}', 'sarif'],
  ['{"total": {"lines":{"total":1}}}', 'istanbul-summary'],
  ['{"/a.js":{"path":"/a.js","statementMap":{}}}', 'istanbul-final'],
  ['mode: atomic\nx.go:1.1,2.2 1 0\n', 'go-cover'],
  ['TN:\nSF:a.js\n', 'lcov'],
  ['SF:a.js\nDA:1,1\n', 'lcov'],
])('%j → %s', (head, format) => {
  expect(detectFormat(head)).toBe(format);
});

test.each(['', 'hello', '<html><body>', '{"name":"pkg"}', '<report><foo/></report>'])(
  '%j is no known format',
  (head) => {
    expect(detectFormat(head)).toBeUndefined();
  },
);
