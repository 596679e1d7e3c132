import { describeIssues, type Locale } from '@gonghui/contract';
import type { z } from 'zod';
import { ApiError } from '../../api/client';
import { currentLocale } from '../../i18n';

/** A form's errors by field name (a path's dotted form: `address.city`). */
export type FieldErrors = Partial<Record<string, string>>;

/**
 * Checks a form's values with the same contract schema the server uses, so the page says what the
 * server would, in the reader's language, before sending. `required` fields that are empty say
 * "required" (the schema's own word on an empty string is about its length).
 */
export function checkWith(
  schema: z.ZodType,
  values: Record<string, unknown>,
  required: readonly string[],
  requiredText: string,
) {
  const errors: FieldErrors = {};
  const result = schema.safeParse(values);
  if (!result.success)
    for (const issue of describeIssues(result.error.issues, currentLocale() as Locale))
      errors[issue.field] ??= issue.message;
  for (const name of required) if (!values[name]) errors[name] = requiredText;
  return errors;
}

/** The server's answer to a refused write: its field errors, for their fields, and its title for the rest. */
export function serverErrors(error: unknown): { fields: FieldErrors; title: string } {
  if (!(error instanceof ApiError)) return { fields: {}, title: String(error) };
  const fields: FieldErrors = {};
  for (const e of error.problem.errors ?? []) fields[e.field] ??= e.message;
  return { fields, title: error.problem.title };
}
