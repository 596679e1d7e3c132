import fs from 'node:fs';
import { Transform } from 'node:stream';
import { TextDecoder } from 'node:util';
import { normaliseCode } from '@gonghui/contract';
import { parse } from 'csv-parse';
import type { SpreadsheetFormat } from './uploads';
import { Utf8SafeWorkbookReader } from './xlsx-reader';

/** A cell as read from either format, before a column's own parsing. */
export type Cell = string | number | Date | null;
export type FileFormat = SpreadsheetFormat;

function cellOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || value instanceof Date) return value;
  if (typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const v = value as { richText?: { text: string }[]; result?: unknown; text?: string; error?: string };
    if (v.richText) return v.richText.map((part) => part.text).join('');
    if ('result' in v) return cellOf(v.result);
    if (typeof v.text === 'string') return v.text;
  }
  return String(value);
}

/**
 * Decodes a CSV as UTF-8, or as GB18030 when it is not UTF-8 (what Excel on a Chinese Windows
 * writes). The choice is made on the first chunk that holds a byte beyond ASCII, however far into
 * the file (a roster may begin with many rows of digits); ASCII reads the same either way.
 */
function decodeChinese(): Transform {
  let decoder: TextDecoder | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      if (!decoder && !chunk.some((byte) => byte >= 0x80)) {
        callback(null, chunk.toString('latin1'));
        return;
      }
      if (!decoder) {
        try {
          // streaming mode tolerates a character cut at the chunk's end
          new TextDecoder('utf-8', { fatal: true }).decode(chunk, { stream: true });
          decoder = new TextDecoder('utf-8');
        } catch {
          decoder = new TextDecoder('gb18030');
        }
      }
      callback(null, decoder.decode(chunk, { stream: true }));
    },
    flush(callback) {
      callback(null, decoder?.decode() ?? '');
    },
  });
}

/** Rows of the first worksheet or of the CSV, streamed; row numbers are 1-based as in the file. */
export async function* readRows(
  filePath: string,
  format: FileFormat,
  /** Counts the bytes of the file read so far: an import's progress is this over the file's size. */
  progress: { bytes: number } = { bytes: 0 },
): AsyncGenerator<{ rowNumber: number; cells: Cell[] }> {
  const file = fs.createReadStream(filePath);
  file.on('data', (chunk) => {
    progress.bytes += chunk.length;
  });
  if (format === 'csv') {
    const parser = file
      .pipe(decodeChinese())
      .pipe(parse({ bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false }));
    let rowNumber = 0;
    for await (const record of parser as AsyncIterable<string[]>) {
      rowNumber += 1;
      yield { rowNumber, cells: record.map((v) => (v === '' ? null : v)) };
    }
    return;
  }
  const workbook = new Utf8SafeWorkbookReader(file, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  for await (const worksheet of workbook) {
    for await (const row of worksheet) {
      const values = row.values as unknown[];
      yield { rowNumber: row.number, cells: values.slice(1).map(cellOf) };
    }
    return; // the first sheet only
  }
}

/** A header as typed by people: trimmed, full-width folded, without "*" marks or units in brackets. */
export function normaliseHeader(value: Cell): string {
  if (value === null) return '';
  return normaliseCode(String(value))
    .replace(/[\s\u3000*＊]/g, '')
    .replace(/[（(].*?[)）]/g, '')
    .toLowerCase();
}

/**
 * A text cell: trimmed, full-width spaces folded; numbers written as they look. The quote an
 * export puts before a cell that could run as a formula is taken off again, so an export re-imports
 * as it was.
 */
export function textOf(value: Cell): string {
  if (value === null) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  return String(value)
    .replace(/\u3000/g, ' ')
    .replace(/^'(?=[=+\-@\t\r])/, '')
    .trim();
}

const SCIENTIFIC = /^\d(\.\d+)?E\+?\d+$/i;

/**
 * An ID number cell. A spreadsheet that took it for a number kept only 15 digits (1.10105E+17):
 * that is reported, never guessed.
 */
export function idNumberOf(value: Cell): { value: string } | { scientific: string } {
  if (typeof value === 'number') {
    if (value >= 1e15) return { scientific: value.toExponential(5).toUpperCase().replace('E+', 'E+') };
    return { value: String(value) };
  }
  const text = normaliseCode(textOf(value)).replace(/\s/g, '');
  if (SCIENTIFIC.test(text)) return { scientific: text };
  return { value: text.replace(/^'/, '') };
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/**
 * Dates as Excel stores them (a Date, or a serial number whose fraction is the time of day) or as
 * people type them, with or without a time ("2021-03-05 00:00:00", "2021/3/5 8:30").
 */
export function dateOf(value: Cell): string | null {
  if (value === null) return null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString().slice(0, 10);
  if (typeof value === 'number') {
    if (value < 1 || value > 2_958_465) return null;
    // The day is the whole part: 45000.75 is six in the evening of day 45000, not the next day.
    return new Date(EXCEL_EPOCH + Math.floor(value) * 86_400_000).toISOString().slice(0, 10);
  }
  const text = normaliseCode(textOf(value)).replace(/[\sT]+\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?$/, '');
  if (/^\d{5}(\.\d+)?$/.test(text)) return dateOf(Number(text));
  const match = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(text) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return date.toISOString().slice(0, 10);
}

/** Yuan to integer fen, exactly: "5,000.5", "￥5000", 5000.5 → 500050. Null if not an amount. */
export function fenOf(value: Cell): number | null {
  if (value === null) return null;
  const text = (typeof value === 'number' ? value.toFixed(2) : normaliseCode(textOf(value)))
    .replace(/[,，\s]/g, '')
    .replace(/^[¥￥]/, '')
    .replace(/元$/, '');
  const match = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text);
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
}

export interface ColumnSpec<K extends string> {
  key: K;
  /** Accepted headers after normaliseHeader, Chinese first. */
  headers: readonly string[];
  required: boolean;
}

/**
 * Finds the header row among the first rows (title rows and merged cells above it are skipped)
 * and maps each known column to its index.
 */
export function findHeader<K extends string>(
  rows: readonly Cell[][],
  columns: readonly ColumnSpec<K>[],
): { headerIndex: number; indexes: Map<K, number> } | { missing: string[] } {
  let best: { headerIndex: number; indexes: Map<K, number> } | null = null;
  rows.forEach((cells, headerIndex) => {
    const normalised = cells.map(normaliseHeader);
    const indexes = new Map<K, number>();
    for (const column of columns) {
      const at = normalised.findIndex((h) => h !== '' && column.headers.includes(h));
      if (at >= 0) indexes.set(column.key, at);
    }
    if (!best || indexes.size > best.indexes.size) best = { headerIndex, indexes };
  });
  const found = best as { headerIndex: number; indexes: Map<K, number> } | null;
  const missing = columns.filter((c) => c.required && !found?.indexes.has(c.key)).map((c) => c.headers[0]!);
  if (!found || missing.length > 0) return { missing };
  return found;
}
