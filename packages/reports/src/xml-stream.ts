// Streams an XML file through saxes (SAX-style, namespace-unaware) so memory stays flat whatever the
// file size; a well-formedness error becomes `file:line: what is wrong`. Line tracking inside saxes
// costs ~40 % of its time, so it is off: events carry character offsets, and the few offsets that
// need a line (errors, failed tests) are turned into lines afterwards with `linesOfOffsets`.
// Why saxes (measured on the 1M-testcase bench file): htmlparser2's tokenizer is ~10 % faster bare but
// lenient (no tag-balance, entity or syntax errors); sax-wasm does not decode entities, turns a
// mismatched close tag into text and costs more than saxes once tags are delivered to JS; expat-wasm is
// 2x slower. 64 KB chunks: 1 MB ones gained nothing and cost 55 MB of RSS.
import { createReadStream } from 'node:fs';
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { ReportError } from './errors.js';

export interface XmlHandler {
  /** `offset` is the character offset where the start tag ends. Element names keep no namespace prefix. */
  open(name: string, attributes: Record<string, string>, offset: number): void;
  close(name: string): void;
  /** Character data (text and CDATA); only called while `capturing()` (checked after each tag) is true. */
  text?(text: string): void;
  capturing?(): boolean;
}

function readText(path: string): AsyncIterable<string> & { destroy(): void } {
  return createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 1 << 16,
  }) as unknown as AsyncIterable<string> & { destroy(): void };
}

export async function parseXmlFile(path: string, displayName: string, handler: XmlHandler): Promise<void> {
  const parser = new SaxesParser({ xmlns: false, position: false });
  // Text events cost a string per whitespace run between tags: listen only while the handler captures.
  // Looked up once: these listeners run for every tag of the file.
  const capturing = handler.text && handler.capturing ? handler.capturing : undefined;
  const onText = (text: string) => handler.text!(text);
  let listening = false;
  const toggleText = () => {
    listening = !listening;
    if (listening) {
      parser.on('text', onText);
      parser.on('cdata', onText);
    } else {
      parser.off('text');
      parser.off('cdata');
    }
  };
  parser.on('opentag', (tag: SaxesTagPlain) => {
    handler.open(localName(tag.name), tag.attributes, parser.position);
    if (capturing !== undefined && capturing() !== listening) toggleText();
  });
  parser.on('closetag', (tag) => {
    handler.close(localName(tag.name));
    if (capturing !== undefined && capturing() !== listening) toggleText();
  });
  const stream = readText(path);
  let first = true;
  try {
    for await (const chunk of stream) {
      parser.write(first ? chunk.replace(/^\uFEFF/, '') : chunk);
      first = false;
    }
    parser.close();
  } catch (err) {
    stream.destroy();
    if (err instanceof ReportError) throw err;
    const offset = parser.position;
    const line = (await linesOfOffsets(path, [offset])).get(offset);
    throw new ReportError(
      displayName,
      line,
      `malformed XML: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
}

/** 1-based line numbers of character offsets (counted on the BOM-stripped text, as the parser saw it). */
export async function linesOfOffsets(path: string, offsets: number[]): Promise<Map<number, number>> {
  const wanted = [...new Set(offsets)].sort((a, b) => a - b);
  const lines = new Map<number, number>();
  let base = 0;
  let line = 1;
  let next = 0;
  let first = true;
  const stream = readText(path);
  try {
    for await (const raw of stream) {
      const chunk = first ? raw.replace(/^\uFEFF/, '') : raw;
      first = false;
      // Newlines counted with indexOf (native) rather than char by char: this may scan a whole 250 MB file.
      let i = 0;
      while (next < wanted.length && wanted[next]! < base + chunk.length) {
        line += countNewlines(chunk, i, wanted[next]! - base);
        i = wanted[next]! - base;
        lines.set(wanted[next++]!, line);
      }
      if (next >= wanted.length) break;
      line += countNewlines(chunk, i, chunk.length);
      base += chunk.length;
    }
  } finally {
    stream.destroy();
  }
  for (; next < wanted.length; next++) lines.set(wanted[next]!, line);
  return lines;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function localName(name: string): string {
  const colon = name.indexOf(':');
  return colon < 0 ? name : name.slice(colon + 1);
}
