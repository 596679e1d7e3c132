// One format per locale for every date and time the app shows: the medium date style (2026年12月6日,
// Dec 6, 2026), with a short time where the time matters. Every screen formats through these.

type When = string | number | Date;

/** A calendar date ('2026-12-06') is read as that day where the reader is, not as UTC midnight. */
function toDate(value: When): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return new Date(year, month - 1, day);
  }
  return new Date(value);
}

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, options: Intl.DateTimeFormatOptions) {
  const key = `${locale}|${JSON.stringify(options)}`;
  let found = cache.get(key);
  if (!found) {
    found = new Intl.DateTimeFormat(locale, options);
    cache.set(key, found);
  }
  return found;
}

/** A date: 2026年12月6日 / Dec 6, 2026. */
export const formatDate = (value: When, locale: string) =>
  formatter(locale, { dateStyle: 'medium' }).format(toDate(value));

/** A date and time: 2026年12月6日 14:05 / Dec 6, 2026, 2:05 PM. */
export const formatDateTime = (value: When, locale: string) =>
  formatter(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(toDate(value));

/** A time of day: 14:05 / 2:05 PM. */
export const formatTime = (value: When, locale: string) =>
  formatter(locale, { timeStyle: 'short' }).format(toDate(value));
