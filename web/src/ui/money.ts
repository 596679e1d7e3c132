// Money in the console and the member app: integer fen on the wire, yuan on the screen.

/** Yuan with two decimals from integer fen, in the reader's locale. */
export function formatFen(fen: number, locale: string): string {
  return (fen / 100).toLocaleString(locale, { style: 'currency', currency: 'CNY' });
}

/** Integer fen from a yuan amount typed in a form, exactly (no floating point). */
export function fenOfYuan(yuan: string | number): number {
  const [whole = '0', fraction = ''] = String(yuan).split('.');
  return Number(whole) * 100 + Number(fraction.padEnd(2, '0').slice(0, 2));
}
