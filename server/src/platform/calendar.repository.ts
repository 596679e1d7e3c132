import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { calendarDays } from './calendar.tables';
import type { CalendarOverrides } from './working-days';

// The federation's own calendar overrides (extra holidays, make-up working days): every module's
// deadlines count working days with them.

export async function listCalendarOverrides(db: Executor) {
  return db.select().from(calendarDays).orderBy(asc(calendarDays.day));
}

/** The federation's calendar overrides, as addWorkingDays takes them. */
export async function calendarOverrides(db: Executor): Promise<CalendarOverrides> {
  const rows = await listCalendarOverrides(db);
  return new Map(rows.map((d) => [d.day, d.kind as 'holiday' | 'workday']));
}

export async function upsertCalendarDay(db: Executor, day: typeof calendarDays.$inferInsert) {
  await db
    .insert(calendarDays)
    .values(day)
    .onConflictDoUpdate({ target: calendarDays.day, set: { kind: day.kind, name: day.name } });
}

export async function deleteCalendarDay(db: Executor, day: string) {
  await db.delete(calendarDays).where(eq(calendarDays.day, day));
}
