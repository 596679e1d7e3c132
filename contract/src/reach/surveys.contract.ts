import { z } from 'zod';
import { pageOf, pageQuerySchema } from '../common';
import { noticeAudienceSchema } from './notices.contract';

const timestamp = z.string().describe('ISO 8601 time');

// ---- the questionnaire (问卷) ----

export const QUESTION_TYPES = ['single', 'multiple', 'matrix', 'scale', 'number', 'text', 'region', 'date'] as const;
export type QuestionType = (typeof QUESTION_TYPES)[number];

/** How a condition compares a earlier answer with its value. */
export const CONDITION_OPS = ['eq', 'neq', 'in', 'includes', 'gt', 'gte', 'lt', 'lte', 'answered', 'empty'] as const;
export type ConditionOp = (typeof CONDITION_OPS)[number];

/** A question's id is its variable name in the exported data and the codebook. */
const variable = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, { message: 'validation.survey.variable' });
const code = z.string().trim().min(1).max(32);
const label = z.string().trim().min(1).max(200);

export const surveyOptionSchema = z.strictObject({ value: code, label });
export type SurveyOption = z.infer<typeof surveyOptionSchema>;

export const conditionSchema = z.strictObject({
  questionId: variable,
  op: z.enum(CONDITION_OPS),
  value: z.union([z.string().max(64), z.number(), z.array(z.string().max(64)).max(50)]).optional(),
});
export type Condition = z.infer<typeof conditionSchema>;

/** Conditions joined: every one (all) or one at least (any). */
export const conditionGroupSchema = z.strictObject({
  match: z.enum(['all', 'any']).default('all'),
  conditions: z.array(conditionSchema).min(1).max(10),
});
export type ConditionGroup = z.infer<typeof conditionGroupSchema>;

export const surveyQuestionSchema = z.strictObject({
  id: variable,
  type: z.enum(QUESTION_TYPES),
  /** May pipe an earlier answer in: `{{q1}}` is replaced by what was answered to q1. */
  title: z.string().trim().min(1).max(500),
  description: z.string().max(1000).optional(),
  required: z.boolean().default(false),
  /** single and multiple: the choices; matrix: the columns (one choice per row). */
  options: z.array(surveyOptionSchema).max(50).optional(),
  /** matrix: the rows. */
  rows: z.array(surveyOptionSchema).max(30).optional(),
  /** number: the range; scale: its ends (integers); multiple: at most this many; text: at most this many characters. */
  min: z.number().optional(),
  max: z.number().optional(),
  minLabel: z.string().max(40).optional(),
  maxLabel: z.string().max(40).optional(),
  /** Shown only when this holds for earlier answers. */
  showIf: conditionGroupSchema.optional(),
});
export type SurveyQuestion = z.infer<typeof surveyQuestionSchema>;

/** After a section, the first rule that holds sends the respondent on to a later section, or to the end. */
export const skipRuleSchema = z.strictObject({ when: conditionGroupSchema, to: z.string().max(32) });

export const surveySectionSchema = z.strictObject({
  id: variable,
  title: z.string().trim().max(200).default(''),
  description: z.string().max(1000).optional(),
  questions: z.array(surveyQuestionSchema).min(1).max(100),
  skip: z.array(skipRuleSchema).max(10).default([]),
});
export type SurveySection = z.infer<typeof surveySectionSchema>;

export const SURVEY_END = 'end';

/**
 * A questionnaire: sections of questions. Checked as a whole: ids unique, conditions only on
 * earlier questions, jumps only forward, each type with what it needs.
 */
export const surveyDefinitionSchema = z
  .strictObject({ sections: z.array(surveySectionSchema).min(1).max(30) })
  .superRefine((definition, ctx) => {
    for (const problem of definitionProblems(definition)) ctx.addIssue({ code: 'custom', ...problem });
  });
export type SurveyDefinition = z.infer<typeof surveyDefinitionSchema>;

function definitionProblems(definition: { sections: SurveySection[] }) {
  const problems: { path: (string | number)[]; message: string }[] = [];
  const seen = new Map<string, SurveyQuestion>();
  const sectionIds = definition.sections.map((s) => s.id);
  const checkGroup = (group: ConditionGroup | undefined, path: (string | number)[]) => {
    for (const [i, condition] of (group?.conditions ?? []).entries()) {
      const target = seen.get(condition.questionId);
      if (!target)
        problems.push({ path: [...path, 'conditions', i, 'questionId'], message: 'validation.survey.earlier' });
      else if (!['answered', 'empty'].includes(condition.op) && condition.value === undefined)
        problems.push({ path: [...path, 'conditions', i, 'value'], message: 'validation.survey.condition_value' });
    }
  };
  if (new Set(sectionIds).size !== sectionIds.length)
    problems.push({ path: ['sections'], message: 'validation.survey.duplicate_id' });
  for (const [s, section] of definition.sections.entries()) {
    for (const [q, question] of section.questions.entries()) {
      const path = ['sections', s, 'questions', q];
      checkGroup(question.showIf, [...path, 'showIf']);
      if (seen.has(question.id)) problems.push({ path: [...path, 'id'], message: 'validation.survey.duplicate_id' });
      const needsOptions = ['single', 'multiple', 'matrix'].includes(question.type);
      if (needsOptions && (question.options?.length ?? 0) < 2)
        problems.push({ path: [...path, 'options'], message: 'validation.survey.options' });
      if (needsOptions && new Set(question.options?.map((o) => o.value)).size !== question.options?.length)
        problems.push({ path: [...path, 'options'], message: 'validation.survey.duplicate_id' });
      if (question.type === 'matrix' && (question.rows?.length ?? 0) < 1)
        problems.push({ path: [...path, 'rows'], message: 'validation.survey.rows' });
      if (question.type === 'scale') {
        const { min = 1, max = 5 } = question;
        if (!Number.isInteger(min) || !Number.isInteger(max) || max <= min || max - min > 10)
          problems.push({ path: [...path, 'max'], message: 'validation.survey.scale' });
      }
      if (question.min !== undefined && question.max !== undefined && question.max < question.min)
        problems.push({ path: [...path, 'max'], message: 'validation.survey.range' });
      seen.set(question.id, question);
    }
    for (const [r, rule] of section.skip.entries()) {
      // A condition on this section or an earlier one; a jump forward only.
      checkGroup(rule.when, ['sections', s, 'skip', r, 'when']);
      const to = sectionIds.indexOf(rule.to);
      if (rule.to !== SURVEY_END && to <= s)
        problems.push({ path: ['sections', s, 'skip', r, 'to'], message: 'validation.survey.jump' });
    }
  }
  return problems;
}

// ---- answers and the logic ----

/** An answer: an option's value (single), values (multiple), row → column value (matrix), a number, text, a region code or a date. */
export const answerValueSchema = z.union([
  z.string().max(2000),
  z.number(),
  z.array(z.string().max(64)).max(50),
  z.record(z.string().max(64), z.string().max(64)),
]);
export type AnswerValue = z.infer<typeof answerValueSchema>;
export const answersSchema = z.record(variable, answerValueSchema);
export type Answers = Record<string, AnswerValue>;

const isEmpty = (value: AnswerValue | undefined) =>
  value === undefined ||
  value === '' ||
  (Array.isArray(value) && value.length === 0) ||
  (typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0);

export function conditionHolds(condition: Condition, answers: Answers): boolean {
  const answer = answers[condition.questionId];
  if (condition.op === 'answered') return !isEmpty(answer);
  if (condition.op === 'empty') return isEmpty(answer);
  if (isEmpty(answer)) return false;
  const wanted = condition.value;
  const same = (a: AnswerValue, b: string | number) => String(a) === String(b);
  switch (condition.op) {
    case 'eq':
      return !Array.isArray(answer) && wanted !== undefined && !Array.isArray(wanted) && same(answer!, wanted);
    case 'neq':
      return !(!Array.isArray(answer) && wanted !== undefined && !Array.isArray(wanted) && same(answer!, wanted));
    case 'in':
      return Array.isArray(wanted) && typeof answer !== 'object' && wanted.includes(String(answer));
    case 'includes': {
      const values = Array.isArray(wanted) ? wanted : [String(wanted)];
      return Array.isArray(answer) && values.some((v) => answer.includes(v));
    }
    default: {
      const a = Number(answer);
      const b = Number(wanted);
      if (typeof answer === 'object' || Number.isNaN(a) || Number.isNaN(b)) return false;
      return condition.op === 'gt' ? a > b : condition.op === 'gte' ? a >= b : condition.op === 'lt' ? a < b : a <= b;
    }
  }
}

export function groupHolds(group: ConditionGroup | undefined, answers: Answers): boolean {
  if (!group) return true;
  return group.match === 'any'
    ? group.conditions.some((c) => conditionHolds(c, answers))
    : group.conditions.every((c) => conditionHolds(c, answers));
}

/**
 * The sections a respondent goes through with these answers, each with the questions shown: from
 * the first section, following the first skip rule that holds after each, and only the questions
 * whose show-if holds on the answers before them.
 */
export function surveyPath(definition: { sections: SurveySection[] }, answers: Answers) {
  const path: { section: SurveySection; questions: SurveyQuestion[] }[] = [];
  // Answers of questions hidden or skipped count as not given.
  const given: Answers = {};
  let at = 0;
  while (at < definition.sections.length) {
    const section = definition.sections[at]!;
    const questions: SurveyQuestion[] = [];
    for (const question of section.questions) {
      if (!groupHolds(question.showIf, given)) continue;
      questions.push(question);
      if (answers[question.id] !== undefined) given[question.id] = answers[question.id]!;
    }
    path.push({ section, questions });
    const jump = section.skip.find((rule) => groupHolds(rule.when, given));
    if (!jump) at += 1;
    else if (jump.to === SURVEY_END) break;
    else at = definition.sections.findIndex((s) => s.id === jump.to);
  }
  return path;
}

export interface AnswerProblem {
  questionId: string;
  messageKey: string;
}

function answerProblem(question: SurveyQuestion, value: AnswerValue): string | null {
  const options = new Set(question.options?.map((o) => o.value));
  switch (question.type) {
    case 'single':
      return typeof value === 'string' && options.has(value) ? null : 'validation.survey.choice';
    case 'multiple':
      if (!Array.isArray(value) || value.some((v) => !options.has(v)) || new Set(value).size !== value.length)
        return 'validation.survey.choice';
      if (question.max !== undefined && value.length > question.max) return 'validation.survey.too_many';
      if (question.min !== undefined && value.length < question.min) return 'validation.survey.too_few';
      return null;
    case 'matrix': {
      if (typeof value !== 'object' || Array.isArray(value)) return 'validation.survey.choice';
      const rows = new Set(question.rows?.map((r) => r.value));
      const entries = Object.entries(value);
      if (entries.some(([row, column]) => !rows.has(row) || !options.has(column))) return 'validation.survey.choice';
      return question.required && entries.length < rows.size ? 'validation.survey.required' : null;
    }
    case 'scale': {
      const { min = 1, max = 5 } = question;
      return typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max
        ? null
        : 'validation.survey.range';
    }
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return 'validation.survey.number';
      if ((question.min !== undefined && value < question.min) || (question.max !== undefined && value > question.max))
        return 'validation.survey.range';
      return null;
    case 'text':
      if (typeof value !== 'string') return 'validation.survey.text';
      return value.length > (question.max ?? 500) ? 'validation.survey.too_long' : null;
    case 'region':
      return typeof value === 'string' && /^\d{6}$/.test(value) ? null : 'validation.survey.region';
    case 'date':
      return typeof value === 'string' &&
        /^\d{4}-\d{2}-\d{2}$/.test(value) &&
        !Number.isNaN(Date.parse(`${value}T00:00:00Z`))
        ? null
        : 'validation.survey.date';
  }
}

/**
 * Checks answers against the questionnaire and its logic: every shown question answered as its type
 * allows, every required shown one answered (unless `partial`, a saved draft). Answers to questions
 * not shown are dropped. Answers the kept answers and the problems, by question.
 */
export function checkAnswers(
  definition: { sections: SurveySection[] },
  answers: Answers,
  options: { partial?: boolean } = {},
): { answers: Answers; problems: AnswerProblem[] } {
  const kept: Answers = {};
  const problems: AnswerProblem[] = [];
  const known = new Set(definition.sections.flatMap((s) => s.questions.map((q) => q.id)));
  for (const id of Object.keys(answers))
    if (!known.has(id)) problems.push({ questionId: id, messageKey: 'validation.survey.unknown' });
  for (const { questions } of surveyPath(definition, answers)) {
    for (const question of questions) {
      const value = answers[question.id];
      if (isEmpty(value)) {
        if (question.required && !options.partial)
          problems.push({ questionId: question.id, messageKey: 'validation.survey.required' });
        continue;
      }
      const problem = answerProblem(question, value!);
      if (problem && !(options.partial && problem === 'validation.survey.required'))
        problems.push({ questionId: question.id, messageKey: problem });
      else kept[question.id] = typeof value === 'string' ? value.trim() : value!;
    }
  }
  return { answers: kept, problems };
}

/** The text of an answer, for piping and for the codebook's labels: option labels, not codes. */
export function answerText(question: SurveyQuestion, value: AnswerValue | undefined): string {
  if (isEmpty(value)) return '';
  const labelOf = (v: string) => question.options?.find((o) => o.value === v)?.label ?? v;
  if (Array.isArray(value)) return value.map(labelOf).join('、');
  if (typeof value === 'object')
    return Object.entries(value)
      .map(([row, column]) => `${question.rows?.find((r) => r.value === row)?.label ?? row}: ${labelOf(column)}`)
      .join('；');
  return question.type === 'single' ? labelOf(String(value)) : String(value);
}

/** A title with earlier answers piped in: `{{q1}}` becomes what was answered to q1 (empty when not yet). */
export function pipeText(definition: { sections: SurveySection[] }, text: string, answers: Answers) {
  return text.replace(/\{\{([a-z][a-z0-9_]{0,31})\}\}/g, (_, id: string) => {
    const question = definition.sections.flatMap((s) => s.questions).find((q) => q.id === id);
    return question ? answerText(question, answers[id]) : '';
  });
}

// ---- the survey ----

export const SURVEY_STATUSES = ['draft', 'open', 'closed'] as const;
export type SurveyStatus = (typeof SURVEY_STATUSES)[number];

/**
 * A quota: how many answers are wanted from under an organisation, optionally from one industry
 * section or one answer to a single-choice question (a sample cell). A quota on a node is shared
 * out to its children by the node's own cadres; no answer is taken that would overfill any quota.
 */
export const quotaSchema = z.strictObject({
  organisationId: z.number().int().positive(),
  industry: z
    .string()
    .regex(/^[A-T]$/, { message: 'validation.reach.industry' })
    .nullable()
    .default(null),
  cell: z.strictObject({ questionId: variable, value: code }).nullable().default(null),
  target: z.number().int().min(1).max(10_000_000),
});
export type QuotaInput = z.infer<typeof quotaSchema>;

const surveyFields = {
  title: z.string().trim().min(2).max(120),
  description: z.string().max(2000).default(''),
  definition: surveyDefinitionSchema,
  audience: noticeAudienceSchema,
  /** Anonymous: no answer can be linked to a person (LimeSurvey's sense); one answer each is still enforced. */
  anonymous: z.boolean().default(false),
  opensAt: z.iso.datetime({ offset: true }).nullable().default(null).describe('Open now when null'),
  closesAt: z.iso.datetime({ offset: true }).nullable().default(null),
  quotas: z.array(quotaSchema).max(500).default([]),
  closeWhenFull: z.boolean().default(false).describe('Close once every quota is filled'),
};

export const createSurveyBodySchema = z.strictObject({
  organisationId: z.number().int().positive().describe('The surveying organisation; the audience lies within it'),
  ...surveyFields,
  definition: surveyDefinitionSchema.optional().describe('Required unless a template gives it'),
  template: z.enum(['workforce']).optional().describe('Start from a template (its questions and sampling plan)'),
});
export const updateSurveyBodySchema = z.strictObject(surveyFields);

export const allocateQuotasBodySchema = z.strictObject({
  organisationId: z.number().int().positive().describe('The node whose quota is shared out'),
  allocations: z.array(quotaSchema).min(1).max(200),
});

export const enumeratorsBodySchema = z.strictObject({
  enumerators: z
    .array(z.strictObject({ organisationId: z.number().int().positive(), userId: z.uuid() }))
    .max(500)
    .describe('One per sampled unit; the list replaces the one before'),
});

export const quotaViewSchema = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  industry: z.string().nullable(),
  cell: z.object({ questionId: z.string(), value: z.string() }).nullable(),
  target: z.number().int(),
  filled: z.number().int(),
});
export type QuotaView = z.infer<typeof quotaViewSchema>;

export const surveySchema = z.object({
  id: z.number().int(),
  organisationId: z.number().int(),
  organisationName: z.string(),
  title: z.string(),
  description: z.string(),
  definition: surveyDefinitionSchema,
  audience: noticeAudienceSchema,
  audienceNames: z.array(z.string()),
  anonymous: z.boolean(),
  status: z.enum(SURVEY_STATUSES),
  /** Open and its time come. */
  live: z.boolean(),
  opensAt: timestamp.nullable(),
  closesAt: timestamp.nullable(),
  closeWhenFull: z.boolean(),
  closedReason: z.enum(['date', 'quota', 'manual']).nullable(),
  template: z.string().nullable(),
  createdAt: timestamp,
  /** For cadres: the audience counted when it opened, and the answers so far. */
  audienceSize: z.number().int().nullable(),
  answers: z.number().int().nullable(),
  /** Anonymous answers waiting to be mixed into the results (released in batches). */
  waiting: z.number().int().nullable(),
  quotas: z.array(quotaViewSchema),
  enumerators: z.array(
    z.object({
      organisationId: z.number().int(),
      organisationName: z.string(),
      userId: z.string(),
      displayName: z.string(),
    }),
  ),
  /** For a member: whether they answered, and the saved progress. */
  answered: z.boolean().nullable(),
  draft: z.object({ answers: answersSchema, section: z.string().nullable() }).nullable(),
  /** For the signed-in person: the units they enter paper questionnaires for. */
  enumeratorFor: z.array(z.object({ organisationId: z.number().int(), organisationName: z.string() })),
});
export type SurveyView = z.infer<typeof surveySchema>;
export const surveySummarySchema = surveySchema
  .omit({ definition: true, quotas: true, enumerators: true, draft: true, enumeratorFor: true })
  .extend({ questions: z.number().int() });
export const surveyPageSchema = pageOf(surveySummarySchema);
export type SurveySummary = z.infer<typeof surveySummarySchema>;

export const surveyQuerySchema = pageQuerySchema.extend({ status: z.enum(SURVEY_STATUSES).optional() });

export const saveDraftBodySchema = z.strictObject({ answers: answersSchema, section: z.string().max(32).nullable() });
export const submitSurveyBodySchema = z.strictObject({ answers: answersSchema });
export const paperAnswerBodySchema = z.strictObject({
  organisationId: z.number().int().positive().describe('The sampled unit the questionnaire comes from'),
  industry: z
    .string()
    .regex(/^[A-T]$/, { message: 'validation.reach.industry' })
    .nullable()
    .default(null),
  answers: answersSchema,
});
export const submitResultSchema = z.object({ answered: z.literal(true) });

// ---- fill and results ----

export const fillQuerySchema = z.object({
  organisationId: z.coerce.number().int().positive().optional().describe('The node whose children are listed'),
});
export const fillSchema = z.object({
  organisation: z.object({ id: z.number().int(), name: z.string() }),
  rows: z.array(
    z.object({
      organisationId: z.number().int(),
      name: z.string(),
      hasChildren: z.boolean(),
      audience: z.number().int(),
      answers: z.number().int(),
      target: z.number().int().nullable().describe('The sum of the quotas set on this branch'),
      filled: z.number().int().nullable(),
      remindedToday: z.boolean(),
    }),
  ),
  quotas: z.array(quotaViewSchema).describe('The quotas on the node and its children'),
});
export type SurveyFill = z.infer<typeof fillSchema>;

export const RESULT_DIMENSIONS = ['region', 'industry', 'question'] as const;
export const resultsQuerySchema = z.object({
  by: z.enum(RESULT_DIMENSIONS).optional().describe('Cross every question (or `question`) by this'),
  against: z.string().max(32).optional().describe('With by=question: the question the rows come from'),
  question: z.string().max(32).optional().describe('Only this question'),
  organisationId: z.coerce.number().int().positive().optional().describe('Answers from under this node'),
});

/** A count, or null when it is too small to publish (or would give a small one away). */
const cell = z.number().int().nullable();
export const surveyResultsSchema = z.object({
  answers: z.number().int(),
  /** Counts below this are suppressed. */
  smallCell: z.number().int(),
  questions: z.array(
    z.object({
      id: z.string(),
      type: z.enum(QUESTION_TYPES),
      title: z.string(),
      answered: cell,
      /** Choice questions (a matrix row by row as `row:column`): count per value. */
      counts: z.array(z.object({ value: z.string(), label: z.string(), count: cell })),
      /** Numbers and scales. */
      mean: z.number().nullable(),
      /** The crosstab by the chosen dimension: a row per region, industry or answer. */
      crosstab: z
        .object({
          rows: z.array(z.object({ key: z.string(), label: z.string(), total: cell, counts: z.array(cell) })),
        })
        .nullable(),
    }),
  ),
});
export type SurveyResults = z.infer<typeof surveyResultsSchema>;

export const surveyExportQuerySchema = z.object({
  format: z.enum(['xlsx', 'csv', 'codebook']).default('xlsx'),
});

/** Below this many answers a published count is suppressed (and a second cell with it, so it cannot be worked out). */
export const SMALL_CELL = 5;

/**
 * Suppresses small cells in a table of counts: each count below `k` (but above 0) becomes null,
 * then, where a row or column total is shown and exactly one cell of it is hidden, the next
 * smallest cell of it is hidden too, so no hidden count is the total less the rest. Repeats until
 * nothing changes.
 */
export function suppressSmallCells(table: readonly (readonly number[])[], k = SMALL_CELL): (number | null)[][] {
  const out: (number | null)[][] = table.map((row) => row.map((n) => (n > 0 && n < k ? null : n)));
  const lines = (): { cells: [number, number][] }[] => {
    const rows = out.map((row, r) => ({ cells: row.map((_, c) => [r, c] as [number, number]) }));
    const width = Math.max(0, ...out.map((row) => row.length));
    const columns = Array.from({ length: width }, (_, c) => ({
      cells: out.map((_, r) => [r, c] as [number, number]).filter(([r]) => c < out[r]!.length),
    }));
    return [...rows, ...columns];
  };
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines()) {
      const hidden = line.cells.filter(([r, c]) => out[r]![c] === null);
      if (hidden.length !== 1) continue;
      const candidates = line.cells
        .filter(([r, c]) => out[r]![c] !== null && (table[r]![c] ?? 0) > 0)
        .sort(([r1, c1], [r2, c2]) => table[r1]![c1]! - table[r2]![c2]!);
      const next = candidates[0];
      if (!next) continue;
      out[next[0]]![next[1]] = null;
      changed = true;
    }
  }
  return out;
}

// ---- the workforce status survey (职工队伍状况调查) ----

/**
 * The sampling plan of the workforce status survey as data (the 2017 round): per city so many
 * unionised workers, union chairs and non-union workers; per county so many unionised workers and
 * chairs. The respondent's cell is the answer to the template's screening question `identity`.
 */
export const WORKFORCE_SAMPLING_PLAN = {
  screeningQuestion: 'identity',
  city: { worker: 400, chair: 40, non_union: 100 },
  county: { worker: 100, chair: 10 },
} as const;
