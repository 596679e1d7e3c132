import { describeIssues, type Locale } from '@gonghui/contract';
import type { FormInstance } from 'antd';
import type { Rule } from 'antd/es/form';
import type { z } from 'zod';
import { ApiError } from '../api/client';
import { currentLocale } from '../i18n';

/** An antd rule that checks a field with the same contract schema the server uses. */
export function schemaRule(schema: z.ZodType): Rule {
  return {
    validator: async (_rule, value) => {
      if (value === undefined || value === '' || value === null) return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(describeIssues(result.error.issues, currentLocale() as Locale)[0]?.message);
    },
  };
}

/** Puts the server's field errors on the form's fields; returns the problem title for the rest. */
export function showServerErrors(form: FormInstance, error: unknown): string {
  if (!(error instanceof ApiError)) return String(error);
  const fields = (error.problem.errors ?? []).map((e) => ({ name: e.field.split('.'), errors: [e.message] }));
  if (fields.length > 0) form.setFields(fields);
  return error.problem.title;
}
