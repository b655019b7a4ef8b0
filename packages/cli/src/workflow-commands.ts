// Turns the workflow commands an action prints (::add-mask::, ::error::, ::group:: …) into what a
// terminal user should see, applying masks the way the runner does.

export interface CommandSink {
  write(line: string): void;
}

const LEVEL_PREFIX: Record<string, string> = { error: 'error: ', warning: 'warning: ', notice: 'notice: ' };

export class WorkflowCommandFilter {
  private readonly masks: string[] = [];
  readonly errors: string[] = [];

  constructor(
    private readonly sink: CommandSink,
    private readonly verbose = false,
  ) {}

  line(raw: string): void {
    const command = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(raw);
    if (!command) return this.sink.write(this.mask(raw));
    const [, name, , encoded] = command;
    const value = decodeCommandValue(encoded ?? '');
    switch (name) {
      case 'add-mask':
        if (value && !this.masks.includes(value)) {
          this.masks.push(value);
          this.masks.sort((a, b) => b.length - a.length);
        }
        return;
      case 'group':
        return this.sink.write(`▶ ${this.mask(value)}`);
      case 'endgroup':
        return;
      case 'debug':
        if (this.verbose) this.sink.write(`debug: ${this.mask(value)}`);
        return;
      case 'error':
      case 'warning':
      case 'notice': {
        const text = this.mask(value);
        if (name === 'error') this.errors.push(text);
        return this.sink.write(`${LEVEL_PREFIX[name]}${text}`);
      }
      default:
        return this.sink.write(this.mask(raw));
    }
  }

  mask(text: string): string {
    let out = text;
    for (const m of this.masks) if (out.includes(m)) out = out.split(m).join('***');
    return out;
  }
}

export function decodeCommandValue(value: string): string {
  return value.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}
