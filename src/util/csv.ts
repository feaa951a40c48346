/**
 * A small strict CSV reader (RFC 4180: comma separator, "…" quoting with "" escapes, LF or CRLF,
 * newlines inside quotes) for the files gnc itself writes with csv-stringify. csv-parse is not a
 * dependency; this keeps each record's 1-based starting line so errors can say
 * "gnc/report: metrics.csv: line 7: …".
 */
import { inputError } from "./errors.js";

export interface CsvRecord {
  /** 1-based line on which the record starts. */
  line: number;
  fields: string[];
}

export interface CsvTable {
  header: string[];
  records: CsvRecord[];
}

/**
 * Parse CSV text with a header row. Every record must have as many fields as the header; a blank
 * line at the end is ignored. Throws GncError naming `file` and the line on malformed input.
 */
export function parseCsv(text: string, file: string, module = "report"): CsvTable {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let inQuotes = false;
  let quotedField = false; // field was quoted: only a separator or line end may follow the closing quote
  let i = 0;
  const n = text.length;
  if (text.charCodeAt(0) === 0xfeff) i = 1; // BOM
  const endRecord = () => {
    fields.push(field);
    // A line holding nothing (not even a separator) is blank: skip it.
    if (!(fields.length === 1 && fields[0] === "" && !quotedField)) records.push({ line: recordLine, fields });
    fields = [];
    field = "";
    quotedField = false;
  };
  while (i < n) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        inQuotes = false;
        i++;
        continue;
      }
      if (ch === "\n") line++;
      field += ch;
      i++;
      continue;
    }
    if (ch === '"') {
      if (field !== "" || quotedField) throw inputError(module, "stray quote inside an unquoted field", file, line);
      inQuotes = true;
      quotedField = true;
      i++;
      continue;
    }
    if (ch === ",") {
      fields.push(field);
      field = "";
      quotedField = false;
      i++;
      continue;
    }
    if (ch === "\r" && text[i + 1] === "\n") i++;
    if (text[i] === "\n" || ch === "\r") {
      endRecord();
      line++;
      recordLine = line;
      i++;
      continue;
    }
    if (quotedField) throw inputError(module, "text after a closing quote", file, line);
    field += ch;
    i++;
  }
  if (inQuotes) throw inputError(module, "unterminated quoted field", file, recordLine);
  if (field !== "" || fields.length > 0 || quotedField) endRecord();
  if (records.length === 0) throw inputError(module, "empty file (expected a header row)", file, 1);
  const header = records.shift()!.fields.map((h) => h.trim());
  for (const r of records) {
    if (r.fields.length !== header.length) {
      throw inputError(module, `expected ${header.length} fields as in the header, got ${r.fields.length}`, file, r.line);
    }
  }
  return { header, records };
}

/** Index of each required column in the header; throws naming the first missing one. */
export function requireColumns(table: CsvTable, names: readonly string[], file: string, module = "report"): Record<string, number> {
  const idx: Record<string, number> = {};
  for (const name of names) {
    const k = table.header.indexOf(name);
    if (k < 0) throw inputError(module, `missing column "${name}" in the header (have: ${table.header.join(", ")})`, file, 1);
    idx[name] = k;
  }
  return idx;
}
