import type { QuietHours } from '@gonghui/contract';

const DAY = 24 * 60;
const CHINA_OFFSET = 8 * 60;
const minutesOf = (clock: string) => {
  const [hours, minutes] = clock.split(':').map(Number) as [number, number];
  return hours * 60 + minutes;
};

/**
 * When a message may be sent to someone with these quiet hours (China time, possibly past midnight):
 * at once (null) outside them, else at their end, to the minute.
 */
export function quietUntil(now: Date, quiet: QuietHours | null): Date | null {
  if (!quiet) return null;
  const start = minutesOf(quiet.start);
  const end = minutesOf(quiet.end);
  const minute = (now.getUTCHours() * 60 + now.getUTCMinutes() + CHINA_OFFSET) % DAY;
  const inside = start < end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside) return null;
  const until = new Date(now);
  until.setUTCSeconds(0, 0);
  return new Date(until.getTime() + ((end - minute + DAY) % DAY) * 60_000);
}
