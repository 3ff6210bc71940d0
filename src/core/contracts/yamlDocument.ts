import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node, type Pair } from 'yaml';

/** A place in a contract file: offsets into its text. */
export interface TextRange {
  readonly start: number;
  readonly end: number;
}

/** A step into a YAML value: a key of a mapping or an index of a sequence. */
export type PathSegment = string | number;

/**
 * A YAML file read with the positions of what it holds: the plain value (as JSON would give it),
 * its syntax errors, and where each key and value is.
 */
export class YamlFile {
  readonly value: unknown;
  readonly syntaxErrors: readonly { readonly message: string; readonly range: TextRange }[];
  private readonly doc: Document;

  constructor(readonly text: string) {
    this.doc = parseDocument(text, { lineCounter: new LineCounter(), prettyErrors: false, uniqueKeys: true });
    this.syntaxErrors = [...this.doc.errors, ...this.doc.warnings].map((e) => ({ message: e.message.split('\n')[0] ?? e.message, range: { start: e.pos[0], end: Math.max(e.pos[1], e.pos[0] + 1) } }));
    this.value = this.doc.errors.length ? undefined : (this.doc.toJS({ maxAliasCount: 100 }) as unknown);
  }

  /** What can be read of the value while the text has errors (a key being typed): for help, not for checks. */
  get partialValue(): unknown {
    if (this.value !== undefined) return this.value;
    try {
      return this.doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch {
      return undefined;
    }
  }

  /** The node at `path`, and the mapping pair whose value it is (when it is one). */
  private find(path: readonly PathSegment[]): { node: Node | null | undefined; pair?: Pair } {
    let node: Node | null | undefined = this.doc.contents;
    let pair: Pair | undefined;
    for (const step of path) {
      pair = undefined;
      if (isMap(node)) {
        pair = node.items.find((p) => (isScalar(p.key) ? String(p.key.value) : String(p.key)) === String(step));
        if (!pair) return { node: undefined };
        node = isPair(pair) ? (pair.value as Node | null) : undefined;
      } else if (isSeq(node) && typeof step === 'number') {
        node = node.items[step] as Node | undefined;
      } else return { node: undefined };
    }
    return pair ? { node, pair } : { node };
  }

  /** Where the value at `path` is (its key's place when it has no value of its own). */
  valueRange(path: readonly PathSegment[]): TextRange | undefined {
    const { node, pair } = this.find(path);
    const range = node?.range ?? (pair?.key as Node | undefined)?.range;
    return range ? { start: range[0], end: Math.max(range[1], range[0] + 1) } : undefined;
  }

  /** Where the key of the value at `path` is (the value's place for an item of a sequence). */
  keyRange(path: readonly PathSegment[]): TextRange | undefined {
    const { node, pair } = this.find(path);
    const key = pair?.key as Node | undefined;
    const range = key?.range ?? node?.range;
    return range ? { start: range[0], end: Math.max(range[1], range[0] + 1) } : undefined;
  }

  /**
   * The path of the mapping key or value at `offset`, and whether the offset is on a key; for a
   * place with no key yet (an empty line of a mapping) the path of that mapping and `key: true`.
   */
  pathAt(offset: number): { readonly path: readonly PathSegment[]; readonly onKey: boolean } | undefined {
    const walk = (node: Node | null | undefined, path: PathSegment[]): { path: PathSegment[]; onKey: boolean } | undefined => {
      if (!node?.range || offset < node.range[0] || offset > node.range[2]) return undefined;
      if (isMap(node)) {
        for (const p of node.items) {
          const key = p.key as Node | null;
          const name = isScalar(key) ? String(key.value) : undefined;
          if (name === undefined) continue;
          if (key?.range && offset >= key.range[0] && offset <= key.range[1]) return { path: [...path, name], onKey: true };
          const inner = walk(p.value as Node | null, [...path, name]);
          if (inner) return inner;
        }
        return { path, onKey: true };
      }
      if (isSeq(node)) {
        for (const [i, item] of node.items.entries()) {
          const inner = walk(item as Node | null, [...path, i]);
          if (inner) return inner;
        }
        return { path, onKey: false };
      }
      // A scalar: only on its own text, not the blank lines after it.
      return offset <= node.range[1] ? { path, onKey: false } : undefined;
    };
    const found = walk(this.doc.contents, []);
    // Not on a key (a blank line of a mapping, say): the mapping whose keys start at the cursor's column.
    if (found && (!found.onKey || (found.path.length > 0 && this.onKeyText(offset, found.path)))) return found;
    return this.byIndent(offset) ?? found;
  }

  private onKeyText(offset: number, path: readonly PathSegment[]): boolean {
    if (typeof path[path.length - 1] !== 'string') return false;
    const r = this.keyRange(path);
    return r !== undefined && offset >= r.start && offset <= r.end;
  }

  /** The last mapping starting before `offset` whose keys are at the column of `offset`. */
  private byIndent(offset: number): { path: PathSegment[]; onKey: boolean } | undefined {
    const lineStart = this.text.lastIndexOf('\n', offset - 1) + 1;
    const before = this.text.slice(lineStart, offset);
    if (before.trim() !== '' && !/^\s*-?\s*[\w$.-]*$/.test(before)) return undefined;
    // The column where the key being typed starts (after any `- ` of a new item).
    const column = before.length - (/[\w$.-]*$/.exec(before)?.[0].length ?? 0);
    let best: { path: PathSegment[]; start: number } | undefined;
    const visit = (node: Node | null | undefined, path: PathSegment[]): void => {
      if (!node?.range || node.range[0] > offset) return;
      if (isMap(node)) {
        const first = node.items[0]?.key as Node | null | undefined;
        if (first?.range) {
          const start = first.range[0];
          const col = start - (this.text.lastIndexOf('\n', start - 1) + 1);
          if (col === column && (!best || start >= best.start)) best = { path, start };
        }
        for (const p of node.items) if (isScalar(p.key)) visit(p.value as Node | null, [...path, String(p.key.value)]);
      } else if (isSeq(node)) node.items.forEach((item, i) => visit(item as Node | null, [...path, i]));
    };
    visit(this.doc.contents, []);
    return best ? { path: best.path, onKey: true } : undefined;
  }
}
