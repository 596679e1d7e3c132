import { sql } from 'drizzle-orm';
import { check, date, pgTable, text } from 'drizzle-orm/pg-core';

/** Overrides of the official calendar: extra public holidays or working days of a federation. */
export const calendarDays = pgTable(
  'calendar_days',
  {
    day: date('day', { mode: 'string' }).primaryKey(),
    kind: text('kind').notNull(),
    name: text('name').notNull(),
  },
  (t) => [check('calendar_days_kind_check', sql`${t.kind} IN ('holiday','workday')`)],
);
