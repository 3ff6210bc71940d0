/**
 * Athena's result CSV, read as it streams: a header record, then one record per row, every
 * non-NULL value in double quotes (a quote inside doubled), NULL as an empty field with no quotes,
 * records ending in `\n` (a `\r\n` is accepted). Quoted values may hold commas and line breaks.
 */
export type CsvField = string | null;

export class AthenaCsvParser {
  /** Text of a record that a chunk boundary cut; parsed again once the rest arrives. */
  private carry = '';
  private recordNumber = 0;

  /** Parses `text` (continuing earlier chunks) and appends every complete record to `out`. */
  push(text: string, out: CsvField[][]): void {
    const buf = this.carry ? this.carry + text : text;
    this.carry = buf.slice(this.parse(buf, false, out));
  }

  /** Ends the input: a last record without a final line break is complete too. */
  end(out: CsvField[][]): void {
    if (this.carry) this.parse(this.carry, true, out);
    this.carry = '';
  }

  /** Returns the offset of the first record that is not complete in `buf`. */
  private parse(buf: string, final: boolean, out: CsvField[][]): number {
    const len = buf.length;
    let pos = 0;
    while (pos < len) {
      const fields: CsvField[] = [];
      let i = pos;
      let complete = false;
      for (;;) {
        let value: CsvField;
        if (buf.charCodeAt(i) === QUOTE) {
          let j = i + 1;
          let parts = '';
          for (;;) {
            const k = buf.indexOf('"', j);
            if (k < 0) {
              if (final) throw new Error(`result CSV record ${this.recordNumber + 1}: a quoted value is not closed`);
              return pos;
            }
            if (k + 1 >= len && !final) return pos; // cannot tell `"` from `""` yet
            if (buf.charCodeAt(k + 1) === QUOTE) {
              parts += buf.slice(j, k + 1);
              j = k + 2;
              continue;
            }
            value = parts + buf.slice(j, k);
            i = k + 1;
            break;
          }
        } else {
          let k = i;
          while (k < len) {
            const c = buf.charCodeAt(k);
            if (c === COMMA || c === LF || c === CR) break;
            k++;
          }
          value = k === i ? null : buf.slice(i, k);
          i = k;
        }
        fields.push(value);
        if (i >= len) {
          if (!final) return pos;
          complete = true;
          break;
        }
        const c = buf.charCodeAt(i);
        if (c === COMMA) {
          i++;
          continue;
        }
        if (c === CR) {
          if (i + 1 >= len && !final) return pos;
          i += buf.charCodeAt(i + 1) === LF ? 2 : 1;
        } else if (c === LF) {
          i++;
        } else {
          throw new Error(`result CSV record ${this.recordNumber + 1}: unexpected character after a quoted value`);
        }
        complete = true;
        break;
      }
      if (complete) {
        out.push(fields);
        this.recordNumber++;
        pos = i;
      }
    }
    return pos;
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;
