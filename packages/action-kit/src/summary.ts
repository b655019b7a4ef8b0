// Job summary builder: Markdown/HTML assembled here with every piece of user data escaped, then
// written by the runtime (core.summary on GitHub, a file or stderr in the CLI).

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

/** Escapes text for a Markdown table cell (pipes and newlines would break the row). */
export function escapeCell(text: string): string {
  return escapeHtml(text).replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

export type Cell = string | number | boolean | null | undefined;

export class Summary {
  private readonly parts: string[] = [];

  heading(text: string, level: 1 | 2 | 3 | 4 = 2): this {
    this.parts.push(`${'#'.repeat(level)} ${escapeHtml(text)}`);
    return this;
  }

  paragraph(text: string): this {
    this.parts.push(escapeHtml(text));
    return this;
  }

  /** Trusted Markdown written by this project (never user data). */
  markdown(trusted: string): this {
    this.parts.push(trusted);
    return this;
  }

  table(header: string[], rows: Cell[][]): this {
    const line = (cells: Cell[]) =>
      `| ${cells.map((c) => escapeCell(c === null || c === undefined ? '' : String(c))).join(' | ')} |`;
    this.parts.push([line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n'));
    return this;
  }

  list(items: string[]): this {
    this.parts.push(items.map((i) => `- ${escapeHtml(i)}`).join('\n'));
    return this;
  }

  /** A collapsible section; `body` is built by a nested Summary so its content is escaped too. */
  details(title: string, body: Summary | string): this {
    const inner = typeof body === 'string' ? `<pre>${escapeHtml(body)}</pre>` : body.toString();
    this.parts.push(`<details><summary>${escapeHtml(title)}</summary>\n\n${inner}\n\n</details>`);
    return this;
  }

  code(text: string, language = ''): this {
    const fence = text.includes('```') ? '~~~~' : '```';
    this.parts.push(`${fence}${language}\n${text}\n${fence}`);
    return this;
  }

  /** A mermaid diagram; labels inside must already be sanitised with `mermaidLabel`. */
  mermaid(diagram: string): this {
    return this.code(diagram, 'mermaid');
  }

  get isEmpty(): boolean {
    return this.parts.length === 0;
  }

  toString(): string {
    return this.parts.join('\n\n') + '\n';
  }
}

/** Makes a string safe inside a quoted mermaid label. */
export function mermaidLabel(text: string): string {
  return text.replace(/["`\\]/g, "'").replace(/[\r\n]+/g, ' ');
}
