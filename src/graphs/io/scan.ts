/**
 * A byte-level line tokenizer for the text formats (edge lists, Matrix Market, labels files).
 *
 * Why not `text.split("\n").map(l => l.split(/[\s,]+/))`: for a 1e6-edge file that allocates
 * millions of short strings and dominates the read time. Here the file stays one Uint8Array; each
 * line is cut into token offsets (start/end) and integers are parsed straight from the bytes. Only
 * tokens that end up in an error message or a header are decoded to strings.
 *
 * Separators: space, tab, comma (and '\r' before '\n'); runs of them count as one. A line whose first
 * non-blank byte is one of the comment characters is a comment; a comment character later on a line
 * ends the data part of that line.
 */

const SPACE = 0x20, TAB = 0x09, COMMA = 0x2c, CR = 0x0d, LF = 0x0a;
const MAX_TOKENS = 16;

const decoder = new TextDecoder("utf-8");

export class LineScanner {
  /** 1-based number of the current line (0 before the first call to next()). */
  line = 0;
  /** Number of tokens on the current line (0 for blank and comment lines). */
  count = 0;
  /** Whether the current line is a comment line. */
  comment = false;
  /** Byte range [lineStart, lineEnd) of the current line, without its line break. */
  lineStart = 0;
  lineEnd = 0;
  private readonly starts = new Int32Array(MAX_TOKENS);
  private readonly ends = new Int32Array(MAX_TOKENS);
  private pos = 0;
  private readonly isComment = new Uint8Array(256);

  constructor(readonly buf: Uint8Array, commentChars = "#%") {
    for (const ch of commentChars) this.isComment[ch.charCodeAt(0)] = 1;
    // A UTF-8 byte-order mark would otherwise glue itself to the first token.
    if (buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf) this.pos = 3;
  }

  /** Advance to the next line; false at the end of the input. */
  next(): boolean {
    const buf = this.buf, len = buf.length;
    let p = this.pos;
    if (p >= len) return false;
    this.line++;
    this.lineStart = p;
    this.count = 0;
    this.comment = false;
    const isComment = this.isComment;
    let n = 0;
    let first = true;
    while (p < len) {
      const b = buf[p];
      if (b === LF) break;
      if (b === SPACE || b === TAB || b === COMMA || b === CR) { p++; continue; }
      if (isComment[b] === 1) {
        if (first) this.comment = true;
        while (p < len && buf[p] !== LF) p++;
        break;
      }
      first = false;
      const s = p;
      while (p < len) {
        const c = buf[p];
        if (c === SPACE || c === TAB || c === COMMA || c === CR || c === LF || isComment[c] === 1) break;
        p++;
      }
      if (n < MAX_TOKENS) { this.starts[n] = s; this.ends[n] = p; }
      n++;
    }
    let e = p;
    if (e > this.lineStart && buf[e - 1] === CR) e--;
    this.lineEnd = e;
    this.count = n;
    this.pos = p < len ? p + 1 : p;
    return true;
  }

  /**
   * Token k as a non-negative integer, or −1 when it is not a plain run of decimal digits
   * (sign, decimal point, exponent, letters). Values beyond 2^53 lose precision; callers bound them.
   */
  uint(k: number): number {
    const buf = this.buf;
    const s = this.starts[k], e = this.ends[k];
    let v = 0;
    for (let p = s; p < e; p++) {
      const d = buf[p] - 0x30;
      if (d < 0 || d > 9) return -1;
      v = v * 10 + d;
    }
    return v;
  }

  /** Token k as a string (for messages and non-numeric fields). */
  text(k: number): string {
    return decoder.decode(this.buf.subarray(this.starts[k], this.ends[k]));
  }

  /** The whole current line as a string. */
  lineText(): string {
    return decoder.decode(this.buf.subarray(this.lineStart, this.lineEnd));
  }
}

/**
 * Why a token is not a non-negative integer, for error messages: "is negative", "is not an
 * integer" (a number with a fraction or exponent) or "is not a number".
 */
export function whyNotUint(text: string): string {
  const x = Number(text);
  if (text.trim() === "" || !Number.isFinite(x)) return "is not a number";
  if (x < 0 || text.trim().startsWith("-")) return "is negative";
  if (!Number.isInteger(x)) return "is not an integer";
  return "is not a plain decimal integer (write it without sign, decimal point or exponent)";
}

/** Whether the buffer holds nothing but whitespace (an "empty" file). */
export function isBlank(buf: Uint8Array): boolean {
  for (let p = 0; p < buf.length; p++) {
    const b = buf[p];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return false;
  }
  return true;
}
