// A YAML file parsed with positions, so every finding can name file:line.
import { LineCounter, isMap, isScalar, isSeq, parseDocument, type Document, type Node } from 'yaml';

export interface Finding {
  file: string;
  line: number;
  rule: string;
  message: string;
}

export class YamlSource {
  readonly doc: Document.Parsed;
  private readonly lines = new LineCounter();

  constructor(
    readonly file: string,
    readonly text: string,
  ) {
    this.doc = parseDocument(text, { lineCounter: this.lines, keepSourceTokens: true });
  }

  lineOf(node: unknown): number {
    const range = (node as Node | undefined)?.range;
    return range ? this.lines.linePos(range[0]).line : 1;
  }

  finding(node: unknown, rule: string, message: string): Finding {
    return { file: this.file, line: this.lineOf(node), rule, message };
  }
}

/** The value node under `key` of a YAML map node, or undefined. */
export function child(node: unknown, key: string): Node | undefined {
  if (!isMap(node)) return undefined;
  return node.get(key, true) as Node | undefined;
}

export function entries(node: unknown): Array<[string, Node]> {
  if (!isMap(node)) return [];
  return node.items.map((pair) => [
    String(isScalar(pair.key) ? pair.key.value : pair.key),
    pair.value as Node,
  ]);
}

export function items(node: unknown): Node[] {
  return isSeq(node) ? (node.items as Node[]) : [];
}

export function scalar(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && node.value !== undefined ? String(node.value) : undefined;
}
