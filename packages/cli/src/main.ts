// `deploy-actions <action> --<input> value …`: the same bundles the runner runs, from a terminal.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { errorMessage } from '@deploy-actions/action-kit';
import { parseArgs } from './args.js';
import { findRoot, loadCatalog } from './catalog.js';
import { actionHelp, generalHelp } from './help.js';
import { runActionBundle } from './run-action.js';

export interface MainOptions {
  env?: NodeJS.ProcessEnv;
  /** The deploy-actions root (action folders and dist/); found from this file by default. */
  root?: string;
  stdout?: (text: string) => void;
  stderr?: (text: string) => void;
}

export async function main(argv: string[], options: MainOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const out = options.stdout ?? ((text: string) => process.stdout.write(text));
  const err = options.stderr ?? ((text: string) => process.stderr.write(text));
  const stderr = (line: string) => err(`${line}\n`);
  try {
    const args = parseArgs(argv);
    const catalog = loadCatalog(options.root ?? findRoot());
    if (!args.action) {
      (args.help ? out : err)(`${generalHelp(catalog)}\n`);
      return args.help ? 0 : 2;
    }
    const entry = catalog.find((c) => c.name === args.action);
    if (!entry) {
      stderr(
        `deploy-actions: unknown action '${args.action}'; one of: ${catalog.map((c) => c.name).join(', ')}`,
      );
      return 2;
    }
    if (args.help) {
      out(`${actionHelp(entry)}\n`);
      return 0;
    }
    const known = Object.keys(entry.metadata.inputs ?? {});
    const unknown = Object.keys(args.inputs).filter((n) => !known.includes(n));
    if (unknown.length > 0) {
      stderr(`deploy-actions: ${entry.name} has no input '${unknown[0]}'; its inputs: ${known.join(', ')}`);
      return 2;
    }
    if (!existsSync(entry.bundle)) {
      stderr(`deploy-actions: ${entry.bundle} is missing; run \`npm run bundle\` first`);
      return 2;
    }
    const result = await runActionBundle({
      bundle: entry.bundle,
      inputs: args.inputs,
      env,
      log: { write: stderr },
      verbose: args.verbose,
    });
    out(`${JSON.stringify(result.outputs, null, 2)}\n`);
    if (args.summaryFile) await writeFile(args.summaryFile, result.summary);
    else if (result.summary.trim()) stderr(`\n${result.summary}`);
    return result.exitCode;
  } catch (error) {
    stderr(`deploy-actions: ${errorMessage(error)}`);
    return 2;
  }
}
