import type { SurveyDefinition } from '@gonghui/contract';
import type { TallyMark } from './surveys.repository';

/**
 * The marks answers leave on their survey's tallies (survey_tallies), as `retally` counts them from
 * the stored answers: one on question '' for the answer itself; for each question answered, one on
 * value '' (with the number of a number or scale question) and one on each value chosen (a single,
 * scale or region answer; each choice of a multiple; `row:column` of a matrix).
 */
export function tallyMarks(
  definition: SurveyDefinition,
  responses: readonly {
    organisationId: number;
    industry?: string | null | undefined;
    answers: Readonly<Record<string, unknown>>;
  }[],
): TallyMark[] {
  const questions = definition.sections.flatMap((s) => s.questions);
  const marks: TallyMark[] = [];
  for (const { organisationId, industry, answers } of responses) {
    const at = { organisationId, industry: industry ?? '' };
    marks.push({ ...at, question: '', value: '', x: null });
    for (const question of questions) {
      const answer = answers[question.id];
      if (answer === undefined || answer === null) continue;
      const mark = (value: string, x: string | null = null) => marks.push({ ...at, question: question.id, value, x });
      mark('', question.type === 'number' || question.type === 'scale' ? String(answer) : null);
      if (question.type === 'single' || question.type === 'scale' || question.type === 'region') mark(String(answer));
      else if (question.type === 'multiple' && Array.isArray(answer)) for (const value of answer) mark(String(value));
      else if (question.type === 'matrix' && answer !== null && typeof answer === 'object' && !Array.isArray(answer))
        for (const [row, column] of Object.entries(answer)) mark(`${row}:${String(column)}`);
    }
  }
  return marks;
}
