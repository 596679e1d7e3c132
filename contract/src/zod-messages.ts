import { z } from 'zod';
import type { Locale } from './locales';
import { isMessageKey, translate } from './messages';

const zodLocales: Record<Locale, ReturnType<typeof z.locales.en>> = {
  'zh-CN': z.locales.zhCN(),
  en: z.locales.en(),
};

export interface FieldError {
  /** Dotted path of the field, e.g. `address.city`; empty for the whole body. */
  field: string;
  message: string;
  code: string;
}

/**
 * Turns Zod issues into field errors in the given language. Custom refinements carry a message
 * key from messages.ts; built-in checks are worded by Zod's own locale for that language.
 */
export function describeIssues(issues: readonly z.core.$ZodIssue[], locale: Locale): FieldError[] {
  const errors: FieldError[] = [];
  for (const issue of issues) {
    const base = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) {
        errors.push({
          field: base ? `${base}.${key}` : key,
          code: issue.code,
          message: translate(locale, 'validation.unknownField', { field: key }),
        });
      }
      continue;
    }
    let message: string;
    if (isMessageKey(issue.message)) {
      message = translate(locale, issue.message, (issue as { params?: Record<string, string> }).params ?? {});
    } else {
      // Zod's locale maps want the raw issue; a finished issue has the same fields but `input`.
      const worded = zodLocales[locale].localeError(issue as unknown as z.core.$ZodRawIssue);
      message = (typeof worded === 'string' ? worded : worded?.message) ?? issue.message;
    }
    errors.push({ field: base, code: issue.code, message });
  }
  return errors;
}
