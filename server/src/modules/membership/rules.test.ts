import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { delayUntil } from '../../platform/jobs';
import { dateOf, fenOf, findHeader, idNumberOf, readRows } from '../../platform/spreadsheet';
import { addWorkingDays } from '../../platform/working-days';
import { FirstSeen } from './first-seen';
import { duesOfWage, nameSearchFields, queryTokens } from './member-record';
import { lapseWindowStart } from './members.service';

describe('pure membership rules', () => {
  it('counts working days past weekends, official holidays and make-up days, with overrides', () => {
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08'); // National Day holiday
    expect(addWorkingDays('2026-11-20', 15)).toBe('2026-12-11');
    expect(addWorkingDays('2026-12-31', 1, new Map([['2027-01-01', 'holiday']]))).toBe('2027-01-04');
    expect(addWorkingDays('2026-11-20', 1, new Map([['2026-11-21', 'workday']]))).toBe('2026-11-21');
  });

  it('remembers the first row of each 48-bit key, across growth and colliding low bits', () => {
    const seen = new FirstSeen(16);
    const keys = Array.from({ length: 5000 }, (_, i) => (i % 7) * 2 ** 32 + ((i * 2654435761) >>> 0));
    keys.forEach((key, i) => {
      expect(seen.claim(key, i + 2)).toBeUndefined();
    });
    keys.forEach((key, i) => {
      expect(seen.claim(key, 99_999)).toBe(i + 2);
    });
    // Same low 32 bits, different high bits: different keys.
    expect(seen.claim(2 ** 40 + 5, 3)).toBeUndefined();
    expect(seen.claim(2 ** 41 + 5, 4)).toBeUndefined();
    expect(seen.claim(2 ** 40 + 5, 9)).toBe(3);
  });

  it('computes dues as 0.5% of the wage in whole fen, half up', () => {
    expect(duesOfWage(600_000, 50)).toBe(3000);
    expect(duesOfWage(600_100, 50)).toBe(3001); // 3000.5 → 3001
    expect(duesOfWage(600_099, 50)).toBe(3000);
    expect(duesOfWage(null, 50)).toBe(0);
  });

  it('indexes names for fuzzy search by characters, pairs and pinyin', () => {
    const { nameSearch, nameTokens } = nameSearchFields('欧阳晓明');
    expect(nameSearch).toBe('ouyangxiaoming oyxm');
    expect(nameTokens).toEqual(
      expect.arrayContaining([
        'oyxm',
        'ouyangxiaoming',
        'xiaoming',
        'ouyang',
        'ming',
        '欧',
        '欧阳',
        '阳晓',
        '晓明',
        '明',
      ]),
    );
    expect(queryTokens('晓明')).toEqual(['晓明']);
    expect(queryTokens('欧阳晓')).toEqual(['欧阳', '阳晓']);
    expect(nameSearchFields('吕绿').nameSearch).toBe('lvlv ll');
  });

  it('reads the cells people actually send', () => {
    expect(idNumberOf(Number('110105199001011234'))).toEqual({ scientific: '1.10105E+17' });
    expect(idNumberOf('1.10105E+17')).toEqual({ scientific: '1.10105E+17' });
    expect(idNumberOf(' １１０１０５１９９００１０１１２３ｘ ')).toEqual({ value: '11010519900101123X' });
    expect(dateOf(45000)).toBe('2023-03-15');
    expect(dateOf('45000')).toBe('2023-03-15');
    expect(dateOf('2023年5月6日')).toBe('2023-05-06');
    expect(dateOf('2023/5/6')).toBe('2023-05-06');
    expect(dateOf('20230506')).toBe('2023-05-06');
    expect(dateOf('2023-02-30')).toBeNull();
    expect(dateOf(new Date(Date.UTC(2022, 0, 3)))).toBe('2022-01-03');
    // A serial with a time of day is that day (six in the evening was read as the next day).
    expect(dateOf(45000.75)).toBe('2023-03-15');
    expect(dateOf(45000.999)).toBe('2023-03-15');
    expect(dateOf('2021-03-05 00:00:00')).toBe('2021-03-05');
    expect(dateOf('2021/3/5 8:30')).toBe('2021-03-05');
    expect(dateOf('2021-03-05T08:30:00')).toBe('2021-03-05');
    expect(fenOf('6,000.50')).toBe(600_050);
    expect(fenOf('￥5000')).toBe(500_000);
    expect(fenOf(0.1 + 0.2)).toBe(30);
    expect(fenOf('五千')).toBeNull();
    expect(fenOf('1.234')).toBeNull();
  });

  it('recognises a GBK file whose first non-ASCII byte is far past the first chunk', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'csv-'));
    const file = path.join(dir, 'gbk.csv');
    const digits = Array.from({ length: 20_000 }, (_, i) => `${i},${i}`).join('\r\n'); // ~200 KB of ASCII
    fs.writeFileSync(
      file,
      Buffer.concat([
        Buffer.from(`a,b\r\n${digits}\r\n`),
        Buffer.from('d5c5c8fd2cc0eecbc40d0a', 'hex') /* 张三,李四 in GBK */,
      ]),
    );
    const rows: unknown[][] = [];
    for await (const { cells } of readRows(file, 'csv')) rows.push(cells);
    expect(rows.at(-1)).toEqual(['张三', '李四']);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('finds the header below title rows', () => {
    const columns = [
      { key: 'name', headers: ['姓名'], required: true },
      { key: 'id', headers: ['身份证号'], required: true },
    ] as const;
    expect(findHeader([['名册'], [null], ['姓名*', ' 身份证号（18位） ']], columns)).toMatchObject({ headerIndex: 2 });
    expect(findHeader([['名字', '证件']], columns)).toEqual({ missing: ['姓名', '身份证号'] });
  });

  it('opens the lapse window six whole months back', () => {
    expect(lapseWindowStart('2026-11-20', 6)).toBe('2026-05-01');
    expect(lapseWindowStart('2026-03-01', 6)).toBe('2025-09-01');
  });

  it('schedules daily jobs in China time', () => {
    expect(delayUntil('03:00', new Date('2026-11-20T18:00:00Z'))).toBe(3_600_000);
    expect(delayUntil('03:00', new Date('2026-11-20T19:00:00Z'))).toBe(86_400_000);
  });

  it('reads Chinese text from a large .xlsx without breaking characters at chunk boundaries', async () => {
    // exceljs's own streaming reader turns some of these into "��" (its issue #2084)
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'xlsx-')), 'names.xlsx');
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: file, useSharedStrings: false });
    const sheet = workbook.addWorksheet('名册');
    const names = ['欧阳晓明', '司马建国', '诸葛丽华', '上官婉儿', '王小二'];
    for (let i = 0; i < 20_000; i++) sheet.addRow([names[i % names.length], `广州市天河区第${i}号`]).commit();
    sheet.commit();
    await workbook.commit();
    let rows = 0;
    for await (const { cells } of readRows(file, 'xlsx')) {
      expect(cells[0]).toBe(names[rows % names.length]);
      rows++;
    }
    expect(rows).toBe(20_000);
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  });
});
