import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { i18n } from '../i18n';
import { SOURCE_ROOT, sourceFilesUnder } from '../source-files';
import { formatDate, formatDateTime, formatTime } from './dates';
import { describeDevice } from './devices';

const root = SOURCE_ROOT;
const files = (dir: string) => sourceFilesUnder(dir);

describe('dates', () => {
  it('have one format per locale, and a calendar date is that day wherever the reader is', () => {
    expect(formatDate('2026-12-06', 'zh-CN')).toBe('2026年12月6日');
    expect(formatDate('2026-12-06', 'en')).toBe('Dec 6, 2026');
    const at = new Date(2026, 11, 6, 14, 5);
    expect(formatDateTime(at, 'zh-CN')).toBe('2026年12月6日 14:05');
    expect(formatTime(at, 'zh-CN')).toBe('14:05');
    expect(formatDateTime(at, 'en')).toMatch(/^Dec 6, 2026, 2:05\sPM$/);
  });

  it('write what Intl writes, at every hour of a year and in both languages', () => {
    const intl = (locale: string, options: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(locale, options);
    for (const locale of ['zh-CN', 'en']) {
      const [day, dayTime, clock] = [
        intl(locale, { dateStyle: 'medium' }),
        intl(locale, { dateStyle: 'medium', timeStyle: 'short' }),
        intl(locale, { timeStyle: 'short' }),
      ];
      for (
        let at = new Date(2026, 0, 1, 0, 7);
        at.getFullYear() === 2026;
        at = new Date(at.getTime() + 3_600_000 * 7 + 60_000)
      ) {
        expect(formatDate(at, locale)).toBe(day.format(at));
        expect(formatDateTime(at, locale)).toBe(dayTime.format(at));
        expect(formatTime(at, locale)).toBe(clock.format(at));
      }
    }
  });

  it('are formatted through ui/dates alone', () => {
    const offenders = files(root)
      .filter((file) => !file.endsWith(`${path.sep}ui${path.sep}dates.ts`))
      .filter((file) =>
        /toLocaleDateString|toLocaleTimeString|Intl\.DateTimeFormat|Date\([^)]*\)\.toLocaleString/.test(
          fs.readFileSync(file, 'utf8'),
        ),
      )
      .map((file) => path.relative(root, file));
    expect(offenders).toEqual([]);
  });
});

describe('devices', () => {
  it('are named as a person names them, not by their user agent', () => {
    const t = i18n.getFixedT('zh-CN');
    expect(
      describeDevice(
        'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.6778.135 Mobile Safari/537.36',
        t,
      ),
    ).toBe('Chrome 131 · Android 14 · 手机');
    expect(
      describeDevice(
        'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
        i18n.getFixedT('en'),
      ),
    ).toBe('Chrome 131 · Windows 10 · computer');
    expect(describeDevice(null, t)).toBe('未知设备');
  });
});
