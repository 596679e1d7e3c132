import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import yazl from 'yazl';
import { checkSpreadsheet } from './uploads';

const directory = fs.mkdtempSync(path.join(os.tmpdir(), 'gonghui-uploads-test-'));
afterAll(() => fs.rmSync(directory, { recursive: true, force: true }));

function zipOf(name: string, entries: [string, Buffer][]): Promise<string> {
  const target = path.join(directory, name);
  const zip = new yazl.ZipFile();
  for (const [entryName, content] of entries) zip.addBuffer(content, entryName);
  zip.end();
  return new Promise((resolve, reject) => {
    zip.outputStream
      .pipe(fs.createWriteStream(target))
      .on('close', () => resolve(target))
      .on('error', reject);
  });
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'accepted',
    (error: { code?: string }) => error.code,
  );

describe('an uploaded spreadsheet is checked before any parser reads it', () => {
  it('accepts a real workbook and a CSV', async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('名册').addRow(['姓名', '身份证号']);
    const real = path.join(directory, 'real.xlsx');
    await workbook.xlsx.writeFile(real);
    expect(await codeOf(checkSpreadsheet(real, 'xlsx'))).toBe('accepted');
    const csv = path.join(directory, 'real.csv');
    fs.writeFileSync(csv, '姓名,身份证号\n');
    expect(await codeOf(checkSpreadsheet(csv, 'csv'))).toBe('accepted');
  });

  it('refuses a zip bomb by what it would expand to, without writing it anywhere', async () => {
    // 200 MB of zeros deflate to about 200 KB: a ratio of some 1,000.
    const bomb = await zipOf('bomb.xlsx', [
      ['xl/workbook.xml', Buffer.from('<workbook/>')],
      ['xl/worksheets/sheet1.xml', Buffer.alloc(200 * 1024 * 1024)],
    ]);
    expect(fs.statSync(bomb).size).toBeLessThan(1024 * 1024);
    const before = fs.readdirSync(os.tmpdir()).length;
    expect(await codeOf(checkSpreadsheet(bomb, 'xlsx'))).toBe('upload.expands_too_far');
    expect(fs.readdirSync(os.tmpdir()).length).toBe(before);
  });

  it('names an empty file, an old .xls renamed to .xlsx, and anything else that is not a workbook', async () => {
    const empty = path.join(directory, 'empty.xlsx');
    fs.writeFileSync(empty, '');
    expect(await codeOf(checkSpreadsheet(empty, 'xlsx'))).toBe('upload.empty');
    const emptyCsv = path.join(directory, 'empty.csv');
    fs.writeFileSync(emptyCsv, '');
    expect(await codeOf(checkSpreadsheet(emptyCsv, 'csv'))).toBe('upload.empty');
    const xls = path.join(directory, 'old.xlsx');
    fs.writeFileSync(xls, Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(512)]));
    expect(await codeOf(checkSpreadsheet(xls, 'xlsx'))).toBe('upload.xls_not_xlsx');
    const text = path.join(directory, 'text.xlsx');
    fs.writeFileSync(text, '姓名,身份证号\n');
    expect(await codeOf(checkSpreadsheet(text, 'xlsx'))).toBe('membership.file_unreadable');
    const otherZip = await zipOf('other.xlsx', [['word/document.xml', Buffer.from('<w/>')]]);
    expect(await codeOf(checkSpreadsheet(otherZip, 'xlsx'))).toBe('membership.file_unreadable');
    const cut = path.join(directory, 'cut.xlsx');
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('名册').addRow(['姓名']);
    const whole = Buffer.from(await workbook.xlsx.writeBuffer());
    fs.writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    expect(await codeOf(checkSpreadsheet(cut, 'xlsx'))).toBe('membership.file_unreadable');
  });
});
