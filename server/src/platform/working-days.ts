import chineseDays from 'chinese-days';

export type CalendarOverrides = ReadonlyMap<string, 'holiday' | 'workday'>;

function isoDay(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** Whether a YYYY-MM-DD day in China is a working day (the federation's overrides first). */
export function isWorkingDay(day: string, overrides: CalendarOverrides = new Map()): boolean {
  const override = overrides.get(day);
  return override ? override === 'workday' : chineseDays.isWorkday(day);
}

/**
 * The date `count` working days after `from` (a YYYY-MM-DD day in China), skipping weekends
 * and official holidays while counting official make-up working days (chinese-days), with a
 * federation's own overrides taking precedence (e.g. a year not yet published).
 */
export function addWorkingDays(from: string, count: number, overrides: CalendarOverrides = new Map()): string {
  const day = new Date(`${from}T00:00:00Z`);
  let remaining = count;
  while (remaining > 0) {
    day.setUTCDate(day.getUTCDate() + 1);
    const iso = isoDay(day);
    if (isWorkingDay(iso, overrides)) remaining -= 1;
  }
  return isoDay(day);
}

/** Today's date in China (UTC+8), as YYYY-MM-DD. */
export function todayInChina(now: Date = new Date()): string {
  return isoDay(new Date(now.getTime() + 8 * 3600_000));
}
