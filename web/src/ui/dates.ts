import { i18n } from '../i18n';

// One format per locale for every date and time the app shows: the medium date style (2026年12月6日,
// Dec 6, 2026), with a short time where the time matters. Every screen formats through these.
//
// The patterns are each language's words (the catalogues' `dates`) rather than Intl.DateTimeFormat:
// they are all the app needs, and the first Intl formatter a page makes loads the locale's data, a
// long task on a slow phone's first screen. (The test holds them to what Intl writes.)

type When = string | number | Date;

/** A calendar date ('2026-12-06') is read as that day where the reader is, not as UTC midnight. */
function toDate(value: When): Date {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const [year, month, day] = value.split('-').map(Number) as [number, number, number];
    return new Date(year, month - 1, day);
  }
  return new Date(value);
}

const twoDigits = (value: number) => String(value).padStart(2, '0');

function date(at: Date, locale: string) {
  const t = i18n.getFixedT(locale);
  const monthName = t(`dates.months.${at.getMonth()}`);
  return t('dates.date', { year: at.getFullYear(), monthName, day: at.getDate() });
}

function time(at: Date, locale: string) {
  const t = i18n.getFixedT(locale);
  return t('dates.time', {
    hours24: twoDigits(at.getHours()),
    hours12: at.getHours() % 12 || 12,
    minutes: twoDigits(at.getMinutes()),
    period: at.getHours() < 12 ? t('dates.am') : t('dates.pm'),
  });
}

/** A date: 2026年12月6日 / Dec 6, 2026. */
export const formatDate = (value: When, locale: string) => date(toDate(value), locale);

/** A date and time: 2026年12月6日 14:05 / Dec 6, 2026, 2:05 PM. */
export const formatDateTime = (value: When, locale: string) => {
  const at = toDate(value);
  return i18n.getFixedT(locale)('dates.dateTime', { date: date(at, locale), time: time(at, locale) });
};

/** A time of day: 14:05 / 2:05 PM. */
export const formatTime = (value: When, locale: string) => time(toDate(value), locale);
