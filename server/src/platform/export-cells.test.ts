import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { csvField, csvIdentity, neutraliseWorkbook, safeCell, safeText } from './export-cells';

describe('export cells', () => {
  it('neutralises every start that office software runs as a formula or command', () => {
    for (const start of ['=', '+', '-', '@', '\t', '\r']) expect(safeText(`${start}1+1`)).toBe(`'${start}1+1`);
    expect(safeText('张三')).toBe('张三');
    expect(safeText(null)).toBe('');
    expect(safeCell(-5)).toBe(-5); // a number is a number, not text that starts with a minus
  });

  it('keeps a number that is a name as text in CSV, quoting what needs it', () => {
    expect(csvIdentity('440106199202028332')).toBe('\t440106199202028332');
    expect(csvIdentity(null)).toBe('');
    expect(csvField('a,"b"')).toBe('"a,""b"""');
  });

  it('neutralises every text cell of a workbook built in memory', () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('a').addRow(['=cmd|x', 3, '正常']);
    workbook.addWorksheet('b').addRow(['@SUM(A1)']);
    neutraliseWorkbook(workbook);
    expect(workbook.getWorksheet('a')!.getRow(1).values).toEqual([undefined, "'=cmd|x", 3, '正常']);
    expect(workbook.getWorksheet('b')!.getRow(1).getCell(1).value).toBe("'@SUM(A1)");
  });
});
