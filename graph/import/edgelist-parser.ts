import { InputError } from '../errors.ts';
import { ParsedIds } from '../ids.ts';
import { optionalTime, optionalWeight } from './fields.ts';

/** Called once per edge line, with the endpoints as dense indices in the parser's `ids`. */
export type EdgeLineHandler = (
  source: number,
  target: number,
  weight: number,
  time: number | undefined,
  line: number,
) => void;

const NEWLINE = 10;
const ZERO = 48;
/** What each byte is to the parser: one table read instead of a chain of comparisons per byte. */
/** Any other byte is 0: part of a string id. */
const DIGIT = 1;
const BLANK = 2;
const END = 3;
const COMMENT = 4;
const KIND = new Uint8Array(256);
for (let c = ZERO; c < ZERO + 10; c++) KIND[c] = DIGIT;
KIND[32] = BLANK; // space
KIND[9] = BLANK; // tab
KIND[13] = BLANK; // carriage return
KIND[NEWLINE] = END;
KIND[35] = COMMENT; // '#'
KIND[37] = COMMENT; // '%'
const LONGEST_ID = 256;

/**
 * The SNAP-style edge-list parser (`#` or `%` comment lines, then `source target [weight [time]]` separated by tabs or
 * spaces), working on the file's bytes as they arrive: no line or field becomes a string unless it has to (an id that
 * is not a plain integer, a weight, a time), and integer ids are interned as numbers (ParsedIds). A bad line throws an
 * InputError naming the file, the line and the field.
 */
export class EdgeListParser {
  readonly ids = new ParsedIds();
  private carry: Buffer | null = null;
  private line = 0;
  // Token bounds of the line being parsed: [start, end) of fields 0..3, and per field whether it is a canonical number.
  private readonly starts = new Int32Array(4);
  private readonly ends = new Int32Array(4);
  private readonly numbers = new Float64Array(2);

  constructor(
    private readonly file: string,
    private readonly onEdge: EdgeLineHandler,
  ) {}

  /** Parses the complete lines of `chunk` (with what was left of the previous one); keeps the incomplete last line. */
  push(chunk: Buffer): void {
    let start = 0;
    if (this.carry) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline < 0) {
        this.carry = Buffer.concat([this.carry, chunk]);
        return;
      }
      const joined = Buffer.concat([this.carry, chunk.subarray(0, newline + 1)]);
      this.carry = null;
      this.parse(joined, 0, joined.length);
      start = newline + 1;
    }
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < start) {
      if (start < chunk.length) this.carry = Buffer.from(chunk.subarray(start));
      return;
    }
    this.parse(chunk, start, last + 1);
    if (last + 1 < chunk.length) this.carry = Buffer.from(chunk.subarray(last + 1));
  }

  /** Parses a last line that had no line end. */
  end(): void {
    if (this.carry) {
      const rest = this.carry;
      this.carry = null;
      this.parse(rest, 0, rest.length);
    }
  }

  /** Lines read so far (the last one's number). */
  get lines(): number {
    return this.line;
  }

  private parse(bytes: Buffer, from: number, to: number): void {
    const { starts, ends, numbers } = this;
    let i = from;
    while (i < to) {
      this.line++;
      let fields = 0;
      let comment = false;
      for (;;) {
        let kind = BLANK;
        while (i < to && (kind = KIND[bytes[i]]) === BLANK) i++;
        if (i >= to || kind === END) break;
        if (fields === 0 && kind === COMMENT) {
          comment = true;
          while (i < to && bytes[i] !== NEWLINE) i++;
          break;
        }
        const start = i;
        // A canonical integer id: digits only, no leading zero unless "0", below 2^31.
        let value = 0;
        let digits = true;
        for (; i < to; i++) {
          const c = bytes[i];
          kind = KIND[c];
          if (kind === DIGIT) value = value * 10 + (c - ZERO);
          else if (kind === BLANK || kind === END) break;
          else digits = false;
        }
        if (fields < 4) {
          starts[fields] = start;
          ends[fields] = i;
          if (fields < 2) {
            const length = i - start;
            const canonical = digits && length <= 10 && (length === 1 || bytes[start] !== ZERO) && value <= 0x7fffffff;
            numbers[fields] = canonical ? value : -1;
          }
        }
        fields++;
      }
      i++; // past the line end
      if (comment || fields === 0) continue;
      const line = this.line;
      if (fields < 2)
        throw new InputError(this.file, line, 'target', 'is missing (expected "source target [weight [time]]")');
      if (fields > 4) throw new InputError(this.file, line, 'line', `has ${fields} fields, expected 2 to 4`);
      const source = this.intern(bytes, 0, 'source');
      const target = this.intern(bytes, 1, 'target');
      // Where a bad weight or time is reported; made only for lines that have one.
      const weight =
        fields > 2 ? optionalWeight(bytes.toString('utf8', starts[2], ends[2]), { file: this.file, line }) : 1;
      const time =
        fields > 3 ? optionalTime(bytes.toString('utf8', starts[3], ends[3]), { file: this.file, line }) : undefined;
      this.onEdge(source, target, weight, time, line);
    }
  }

  private intern(bytes: Buffer, field: number, name: string): number {
    const number = this.numbers[field];
    if (number >= 0) return this.ids.internNumber(number);
    const id = bytes.toString('utf8', this.starts[field], this.ends[field]);
    if (id.length > LONGEST_ID)
      throw new InputError(this.file, this.line, name, `is longer than ${LONGEST_ID} characters`);
    if (id.includes('\0')) throw new InputError(this.file, this.line, name, 'contains a NUL character');
    return this.ids.internString(id);
  }
}
