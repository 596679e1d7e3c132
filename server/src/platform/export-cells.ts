// What every spreadsheet export writes into a cell, so that opening it is safe and the numbers that
// are names (ID numbers, mobiles, member numbers, bank accounts) survive Excel, WPS and LibreOffice.

// OWASP CSV injection: a cell a spreadsheet could take for a formula, or for a command after a tab
// or a line break, starts with a quote instead, and is then shown as the text it was.
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell of free text (names, reasons, file cells): neutralised if it could run as a formula. */
export function safeText(value: string | null | undefined): string {
  if (!value) return '';
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** Any cell: numbers as they are, text neutralised. */
export function safeCell(value: string | number | null | undefined): string | number {
  return typeof value === 'number' ? value : safeText(value);
}

/**
 * A number that is a name, for CSV: office software reads a bare 18-digit cell as a number and
 * keeps 15 digits (1.10105E+17), so it leads with a tab, which every one of them keeps as text and
 * which an import trims. (A tab that the data itself begins with is neutralised by `safeText`.)
 */
export function csvIdentity(value: string | null | undefined): string {
  return value ? `\t${value}` : '';
}

/** One CSV field, quoted when it holds a quote, a comma or a line break. */
export function csvField(value: string | number): string {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Neutralises every text cell of a workbook built in memory, just before it is written. */
export function neutraliseWorkbook(workbook: {
  eachSheet(
    callback: (sheet: {
      eachRow(callback: (row: { eachCell(callback: (cell: { value: unknown }) => void): void }) => void): void;
    }) => void,
  ): void;
}) {
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        if (typeof cell.value === 'string') cell.value = safeText(cell.value);
      }),
    ),
  );
}
