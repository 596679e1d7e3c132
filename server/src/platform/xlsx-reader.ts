import { createRequire, Module } from 'node:module';
import path from 'node:path';
import { TextDecoder } from 'node:util';

/**
 * exceljs 4.4's streaming reader decodes each inflated chunk on its own, so a Chinese character
 * split across two chunks becomes "��" (exceljs issues #2084, #2316; a fix is unreleased). This
 * loads a private copy of its WorkbookReader whose XML parser decodes with a streaming decoder.
 * The copy is independent of whether and when the rest of the app loaded exceljs.
 */
const require = createRequire(import.meta.url);
const parseSaxPath = require.resolve('exceljs/lib/utils/parse-sax.js');
const libDir = path.resolve(path.dirname(parseSaxPath), '..');

type SaxEvent = { eventType: 'opentag' | 'text' | 'closetag'; value: unknown };
type SaxesParserClass = new () => {
  on(event: string, listener: (value: unknown) => void): void;
  write(text: string): void;
};

function loadFixedWorkbookReader() {
  const { SaxesParser } = require('saxes') as { SaxesParser: SaxesParserClass };
  async function* parseSax(iterable: AsyncIterable<Buffer | string>) {
    const parser = new SaxesParser();
    const decoder = new TextDecoder('utf-8');
    let error: unknown;
    let events: SaxEvent[] = [];
    parser.on('error', (err) => {
      error = err;
    });
    parser.on('opentag', (value) => events.push({ eventType: 'opentag', value }));
    parser.on('text', (value) => events.push({ eventType: 'text', value }));
    parser.on('closetag', (value) => events.push({ eventType: 'closetag', value }));
    for await (const chunk of iterable) {
      parser.write(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }));
      if (error) throw error;
      yield events;
      events = [];
    }
    const rest = decoder.decode();
    if (rest) {
      parser.write(rest);
      if (error) throw error;
      yield events;
    }
  }
  const saved = new Map<string, NodeJS.Module | undefined>();
  for (const key of Object.keys(require.cache)) {
    if (key.startsWith(libDir)) {
      saved.set(key, require.cache[key]);
      delete require.cache[key];
    }
  }
  const fixed = new Module(parseSaxPath);
  fixed.filename = parseSaxPath;
  fixed.loaded = true;
  fixed.exports = parseSax;
  require.cache[parseSaxPath] = fixed;
  try {
    return require(
      path.join(libDir, 'stream/xlsx/workbook-reader.js'),
    ) as typeof import('exceljs').stream.xlsx.WorkbookReader;
  } finally {
    // Put back whatever the app had loaded, so its own exceljs stays as it was.
    for (const key of Object.keys(require.cache)) if (key.startsWith(libDir)) delete require.cache[key];
    for (const [key, module] of saved) if (module) require.cache[key] = module;
  }
}

export const Utf8SafeWorkbookReader = loadFixedWorkbookReader();
