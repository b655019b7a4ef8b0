// The logging surface library code receives, so it never needs @actions/core to be testable.

export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warning(message: string, location?: { file: string; line?: number }): void;
  error(message: string, location?: { file: string; line?: number }): void;
}

export const silentLogger: Logger = { debug() {}, info() {}, warning() {}, error() {} };

/** Collects log lines in memory: handy in tests. */
export class MemoryLogger implements Logger {
  readonly lines: Array<{ level: 'debug' | 'info' | 'warning' | 'error'; message: string }> = [];
  debug(message: string) {
    this.lines.push({ level: 'debug', message });
  }
  info(message: string) {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string) {
    this.lines.push({ level: 'warning', message });
  }
  error(message: string) {
    this.lines.push({ level: 'error', message });
  }
  text(): string {
    return this.lines.map((l) => `${l.level}: ${l.message}`).join('\n');
  }
}
