// Streams an XML file through saxes (SAX-style, namespace-unaware) so memory stays flat whatever the
// file size; a well-formedness error becomes `file:line: what is wrong`.
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ReportError } from './errors.js';

export interface XmlHandler {
  /** `line` is where the start tag ends. Element names keep no namespace prefix. */
  open(name: string, attributes: Record<string, string>, line: number): void;
  close(name: string): void;
  /** Character data (text and CDATA) inside the current element; only called when `capturing()` is true. */
  text?(text: string): void;
  capturing?(): boolean;
}

export async function parseXmlFile(path: string, displayName: string, handler: XmlHandler): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on('opentag', (tag: SaxesTagPlain) =>
    handler.open(localName(tag.name), tag.attributes, parser.line),
  );
  parser.on('closetag', (tag) => handler.close(localName(tag.name)));
  if (handler.text) {
    const onText = (text: string) => {
      if (handler.capturing?.() ?? true) handler.text!(text);
    };
    parser.on('text', onText);
    parser.on('cdata', onText);
  }
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let first = true;
  try {
    for await (const chunk of stream as AsyncIterable<string>) {
      parser.write(first ? chunk.replace(/^\uFEFF/, '') : chunk);
      first = false;
    }
    parser.close();
  } catch (err) {
    stream.destroy();
    if (err instanceof ReportError) throw err;
    const message = err instanceof Error ? err.message : String(err);
    // saxes prefixes its messages with line:column.
    const m = /^(\d+):(\d+): ([\s\S]*)$/.exec(message);
    if (m) throw new ReportError(displayName, Number(m[1]), `malformed XML: ${m[3]}`);
    throw new ReportError(displayName, parser.line, message);
  }
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
