import {
  type Locale,
  SMALL_CELL,
  type SurveyDefinition,
  type SurveyQuestion,
  type SurveyResults,
  suppressSmallCells,
} from '@gonghui/contract';
import ExcelJS from 'exceljs';
import { type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { ValidationProblem } from '../../platform/errors';
import { csvField, neutraliseWorkbook, safeText } from '../../platform/export-cells';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { startingNode, watchedWithin } from './audience';
import * as notices from './notices.repository';
import * as repo from './surveys.repository';
import type { SurveyDeps } from './surveys.service';

/*
 * A survey's results: counts per question under a node of the tree, crossed by region (the node's
 * children), industry section or the answer to a single-choice question, every published count
 * below SMALL_CELL suppressed with a second one beside it so no hidden count can be worked out from
 * the totals. Exports: the same tables in Excel, and the answers as CSV with a codebook (variable,
 * label, values) for statistical software.
 */

const LABELS = {
  'zh-CN': {
    summary: '汇总',
    crosstab: '交叉表',
    answers: '答卷数',
    question: '题目',
    value: '选项',
    count: '人数',
    mean: '平均值',
    suppressed: '<5',
    total: '合计',
    unit: '单位',
    industry: '行业',
    day: '日期',
    mode: '方式',
    key: '答卷编号',
    variable: '变量',
    type: '题型',
    code: '代码',
    label: '标签',
    note: `少于 ${SMALL_CELL} 人的格不公布，并另隐去一格，以免推算`,
  },
  en: {
    summary: 'Summary',
    crosstab: 'Crosstab',
    answers: 'Answers',
    question: 'Question',
    value: 'Option',
    count: 'Count',
    mean: 'Mean',
    suppressed: '<5',
    total: 'Total',
    unit: 'Unit',
    industry: 'Industry',
    day: 'Day',
    mode: 'Mode',
    key: 'Response key',
    variable: 'Variable',
    type: 'Type',
    code: 'Code',
    label: 'Label',
    note: `Counts under ${SMALL_CELL} are not published, with one more hidden beside them so none can be worked out`,
  },
} satisfies Record<Locale, Record<string, string>>;

const questionsOf = (definition: SurveyDefinition) => definition.sections.flatMap((s) => s.questions);

/** The values a question's counts are kept for, with their labels (a matrix's as `row:column`). */
function valuesOf(question: SurveyQuestion, seen: readonly string[]): { value: string; label: string }[] {
  switch (question.type) {
    case 'single':
    case 'multiple':
      return question.options ?? [];
    case 'matrix':
      return (question.rows ?? []).flatMap((row) =>
        (question.options ?? []).map((o) => ({ value: `${row.value}:${o.value}`, label: `${row.label}: ${o.label}` })),
      );
    case 'scale': {
      const { min = 1, max = 5 } = question;
      return Array.from({ length: max - min + 1 }, (_, i) => ({ value: String(min + i), label: String(min + i) }));
    }
    case 'region':
      return [...new Set(seen)].sort().map((value) => ({ value, label: value }));
    default:
      return [];
  }
}

/** A survey the cadre may see (run in or addressed into their subtree) and the node they look from. */
async function lookAt(deps: SurveyDeps, context: RequestContext, id: number, organisationId: number | undefined) {
  const scope = scopeOf(context.actor, 'survey.read');
  const row = await watchedWithin(deps.db, context, { type: 'survey', id }, scope, {
    inScope: () => repo.surveyInScope(deps.db, id, scope),
    any: () => repo.findSurvey(deps.db, id),
  });
  const nodeId = organisationId ?? (await startingNode(deps.db, row, scope));
  return { row, node: await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, nodeId, scope) };
}

async function resultsFor(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  query: {
    by?: 'region' | 'industry' | 'question' | undefined;
    against?: string | undefined;
    question?: string | undefined;
    organisationId?: number | undefined;
  },
) {
  const { row, node } = await lookAt(deps, context, id, query.organisationId);
  const definition = row.definition as SurveyDefinition;
  const all = questionsOf(definition);
  const questions = query.question ? all.filter((q) => q.id === query.question) : all;
  if (query.question && questions.length === 0)
    throw new ValidationProblem([{ field: 'question', messageKey: 'validation.survey.unknown' }]);
  const against = query.by === 'question' ? all.find((q) => q.id === query.against) : undefined;
  if (query.by === 'question' && (!against || !['single', 'scale'].includes(against.type)))
    throw new ValidationProblem([{ field: 'against', messageKey: 'validation.survey.against' }]);
  const kind = query.by ?? 'none';
  // Row labels: the node's children by name, industry letters, or the other question's options.
  const children = kind === 'region' ? await notices.childrenOf(deps.db, node.id) : [];
  const rowLabel = (key: string) =>
    kind === 'region'
      ? (children.find((c) => String(c.id) === key)?.name ?? node.name)
      : kind === 'question'
        ? (valuesOf(against!, []).find((v) => v.value === key)?.label ?? key)
        : key;
  // Answers under the node and, question by question, counts summed from the survey's tallies;
  // crossed by another question's answer, read from the answers themselves.
  const countsOf = (question: SurveyQuestion) =>
    kind === 'question'
      ? repo.crossedBy(deps.db, id, question, against!.id, node.path)
      : repo.counted(deps.db, id, question.id, kind, node.path);
  const total = (await repo.counted(deps.db, id, '', 'none', node.path)).reduce((sum, c) => sum + c.n, 0);
  const out: SurveyResults['questions'] = [];
  for (const question of questions) {
    const counts = await countsOf(question);
    const cells = counts.filter((c) => c.v !== '');
    const respondents = counts.filter((c) => c.v === '');
    const values = valuesOf(
      question,
      cells.map((c) => c.v),
    );
    const answeredBy = new Map<string, number>();
    for (const c of respondents) answeredBy.set(c.d, (answeredBy.get(c.d) ?? 0) + c.n);
    const answered = [...answeredBy.values()].reduce((a, b) => a + b, 0);
    const overall = values.map((v) => cells.filter((c) => c.v === v.value).reduce((sum, c) => sum + c.n, 0));
    const [shownOverall] = suppressSmallCells([overall]);
    const sum = respondents.reduce((acc, c) => acc + (c.s ?? 0), 0);
    let crosstab: SurveyResults['questions'][number]['crosstab'] = null;
    if (kind !== 'none') {
      const keys = [...answeredBy.keys()].sort();
      const table = keys.map((d) => values.map((v) => cells.find((c) => c.d === d && c.v === v.value)?.n ?? 0));
      const shown = suppressSmallCells(table.map((r, i) => [...r, answeredBy.get(keys[i]!) ?? 0]));
      crosstab = {
        rows: keys.map((key, i) => ({
          key,
          label: rowLabel(key),
          total: shown[i]!.at(-1) ?? null,
          counts: shown[i]!.slice(0, -1),
        })),
      };
    }
    out.push({
      id: question.id,
      type: question.type,
      title: question.title,
      answered: answered > 0 && answered < SMALL_CELL ? null : answered,
      counts: values.map((v, i) => ({ value: v.value, label: v.label, count: shownOverall![i] ?? null })),
      mean:
        ['number', 'scale'].includes(question.type) && answered >= SMALL_CELL
          ? Math.round((sum / answered) * 100) / 100
          : null,
      crosstab,
    });
  }
  return { row, node, results: { answers: total, smallCell: SMALL_CELL, questions: out } satisfies SurveyResults };
}

export async function results(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  query: Parameters<typeof resultsFor>[3],
): Promise<SurveyResults> {
  return (await resultsFor(deps, context, id, query)).results;
}

const shown = (n: number | null, locale: Locale) => (n === null ? LABELS[locale].suppressed : n);

/** The results as a workbook: the summary of every question, and each crossed by region. */
async function workbookOf(deps: SurveyDeps, context: RequestContext, id: number, locale: Locale) {
  const L = LABELS[locale];
  const { row, results: summary } = await resultsFor(deps, context, id, {});
  const { results: byRegion } = await resultsFor(deps, context, id, { by: 'region' });
  const workbook = new ExcelJS.Workbook();
  const first = workbook.addWorksheet(L.summary);
  first.addRow([row.title]);
  first.addRow([L.answers, summary.answers]);
  first.addRow([L.note]);
  for (const question of summary.questions) {
    first.addRow([]);
    first.addRow([`${question.id} ${question.title}`, L.count]).font = { bold: true };
    for (const count of question.counts) first.addRow([count.label, shown(count.count, locale)]);
    if (question.mean !== null) first.addRow([L.mean, question.mean]);
    first.addRow([L.total, shown(question.answered, locale)]);
  }
  first.getColumn(1).width = 48;
  const cross = workbook.addWorksheet(L.crosstab);
  for (const question of byRegion.questions) {
    if (!question.crosstab || question.counts.length === 0) continue;
    cross.addRow([`${question.id} ${question.title}`]).font = { bold: true };
    cross.addRow([L.unit, ...question.counts.map((c) => c.label), L.total]);
    for (const r of question.crosstab.rows)
      cross.addRow([r.label, ...r.counts.map((n) => shown(n, locale)), shown(r.total, locale)]);
    cross.addRow([]);
  }
  cross.getColumn(1).width = 32;
  neutraliseWorkbook(workbook);
  return { row, content: Buffer.from(await workbook.xlsx.writeBuffer()) };
}

/** Variables of the answers file: one per question, a 0/1 per option of a multiple, one per matrix row. */
function variablesOf(definition: SurveyDefinition) {
  return questionsOf(definition).flatMap((question) => {
    if (question.type === 'multiple')
      return (question.options ?? []).map((o) => ({
        name: `${question.id}_${o.value}`,
        question,
        label: `${question.title}: ${o.label}`,
        read: (answers: Record<string, unknown>) => {
          const chosen = answers[question.id];
          return Array.isArray(chosen) ? (chosen.includes(o.value) ? '1' : '0') : '';
        },
      }));
    if (question.type === 'matrix')
      return (question.rows ?? []).map((r) => ({
        name: `${question.id}_${r.value}`,
        question,
        label: `${question.title}: ${r.label}`,
        read: (answers: Record<string, unknown>) =>
          String((answers[question.id] as Record<string, string> | undefined)?.[r.value] ?? ''),
      }));
    return [
      {
        name: question.id,
        question,
        label: question.title,
        read: (answers: Record<string, unknown>) => {
          const value = answers[question.id];
          return value === undefined ? '' : String(value);
        },
      },
    ];
  });
}

/** The codebook: each variable, its question and type, and each code with its label. */
function codebookOf(definition: SurveyDefinition, locale: Locale) {
  const L = LABELS[locale];
  const lines = [[L.variable, L.label, L.type, L.code, L.value].map(csvField).join(',')];
  for (const variable of variablesOf(definition)) {
    const q = variable.question;
    const codes =
      q.type === 'multiple'
        ? [
            { value: '1', label: '✓' },
            { value: '0', label: '—' },
          ]
        : q.type === 'matrix' || q.type === 'single'
          ? (q.options ?? [])
          : q.type === 'scale'
            ? valuesOf(q, [])
            : [];
    lines.push([variable.name, safeText(variable.label), q.type, '', ''].map(csvField).join(','));
    for (const code of codes) lines.push(['', '', '', code.value, safeText(code.label)].map(csvField).join(','));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** The answers under the cadre's node, a row each, by random key (no order of arrival). */
async function answersCsv(deps: SurveyDeps, row: repo.SurveyRow, nodePath: string, locale: Locale) {
  const L = LABELS[locale];
  const variables = variablesOf(row.definition as SurveyDefinition);
  const lines = [[L.key, L.unit, L.industry, L.day, L.mode, ...variables.map((v) => v.name)].map(csvField).join(',')];
  let after = '';
  for (;;) {
    const page = await repo.responsesAfter(deps.db, row.id, nodePath, after, 5000);
    for (const r of page)
      lines.push(
        [
          r.responseKey,
          safeText(r.organisationName),
          r.industry ?? '',
          r.day,
          r.mode,
          ...variables.map((v) => safeText(v.read(r.answers))),
        ]
          .map(csvField)
          .join(','),
      );
    if (page.length < 5000) break;
    after = page.at(-1)!.responseKey;
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** An export of a survey (audited): the suppressed tables in Excel, or the answers as CSV, or its codebook. */
export async function exportSurvey(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  format: 'xlsx' | 'csv' | 'codebook',
  locale: Locale,
) {
  let file: { fileName: string; mediaType: string; content: Buffer };
  let row: repo.SurveyRow;
  if (format === 'xlsx') {
    const made = await workbookOf(deps, context, id, locale);
    row = made.row;
    file = {
      fileName: `survey-${id}.xlsx`,
      mediaType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      content: made.content,
    };
  } else {
    const found = await lookAt(deps, context, id, undefined);
    row = found.row;
    const text =
      format === 'codebook'
        ? codebookOf(row.definition as SurveyDefinition, locale)
        : await answersCsv(deps, row, found.node.path, locale);
    file = {
      fileName: `survey-${id}-${format === 'codebook' ? 'codebook' : 'answers'}.csv`,
      mediaType: 'text/csv; charset=utf-8',
      content: Buffer.from(text, 'utf8'),
    };
  }
  await recordAudit(deps.db, context, {
    action: 'survey.export',
    subjectType: 'survey',
    subjectId: id,
    organisationId: row.organisationId,
    changes: { format },
  });
  return file;
}
