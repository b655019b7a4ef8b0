// The deploy-actions command line: run any action's bundle outside GitHub Actions.
export { main } from './main.js';
export { parseArgs } from './args.js';
export { parseOutputFile } from './output-file.js';
export { WorkflowCommandFilter, decodeCommandValue } from './workflow-commands.js';
export { runActionBundle } from './run-action.js';
