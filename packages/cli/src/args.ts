// Command-line arguments: `<action> --<input> value …`, `--input=value`, a bare `--flag` meaning true.
import { InputError } from '@deploy-actions/action-kit';

export interface CliArgs {
  action?: string;
  help: boolean;
  verbose: boolean;
  summaryFile?: string;
  inputs: Record<string, string>;
}

const OWN_FLAGS = new Set(['help', 'verbose', 'summary']);

export function parseArgs(argv: string[]): CliArgs {
  const args: CliArgs = { help: false, verbose: false, inputs: {} };
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '-h') {
      args.help = true;
      continue;
    }
    if (!token.startsWith('--')) {
      if (args.action !== undefined)
        throw new InputError('arguments', token, 'expected --<input> value after the action name');
      args.action = token;
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq === -1 ? undefined : eq);
    let value: string;
    if (eq !== -1) value = token.slice(eq + 1);
    else if (i + 1 < argv.length && !argv[i + 1]!.startsWith('--')) value = argv[++i]!;
    else value = 'true';
    if (name === 'help') args.help = true;
    else if (name === 'verbose') args.verbose = true;
    else if (name === 'summary') args.summaryFile = value;
    else if (!OWN_FLAGS.has(name)) args.inputs[name] = value;
  }
  return args;
}
