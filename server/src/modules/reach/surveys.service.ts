import { randomBytes, randomInt, randomUUID } from 'node:crypto';
import {
  type Answers,
  checkAnswers,
  type Locale,
  type NoticeAudience,
  type QuotaInput,
  type SurveyDefinition,
  type SurveyFill,
  type SurveyStatus,
  type SurveyView,
  surveyDefinitionSchema,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { CROCKFORD_BASE32 } from '../../platform/crypto';
import type { AppDeps } from '../../platform/deps';
import { AppError, ValidationProblem } from '../../platform/errors';
import { groupCommit } from '../../platform/group-commit';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope, loadWithin, ORGANISATION, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { todayInChina } from '../../platform/working-days';
import { branchesWithin, remindBranches, startingNode, watchedWithin } from './audience';
import * as notices from './notices.repository';
import { notifyMany } from './notify.service';
import { tallyMarks } from './survey-tallies';
import * as repo from './surveys.repository';
import { workforceDefinition, workforceQuotas, workforceTitle } from './workforce-template';

/*
 * Surveys (问卷调查): a cadre builds a questionnaire (sections, questions of eight types, show-if and
 * skip logic, piping; contract: surveys.contract.ts, which the member app runs too), addresses it as
 * a notice is addressed, sets quotas per organisation, industry or sample cell and shares them down
 * the tree, and opens it. Members answer on their phones (progress saved, encrypted, to resume),
 * once each; no answer is taken that would overfill a quota, whatever arrives at once. Enumerators
 * enter their sampled unit's paper questionnaires.
 *
 * Anonymous surveys (LimeSurvey's sense): who answered is kept (one answer each), what they answered
 * is not kept with them. The answer is sealed with the server's key into survey_answer_box, a table
 * of nothing else; the mixing job opens the box in batches and writes the answers, in random order,
 * into survey_responses, which has no person, no time finer than the day and no ordered key. The
 * write-ahead log of a submission holds the participation and the sealed answer, never the answer.
 */

export type SurveyDeps = Pick<AppDeps, 'db' | 'cipher'>;

/** Anonymous answers are released into the results this many at a time (all at once at close). */
export const MIX_BATCH = 10;

interface SurveyInput {
  title: string;
  description: string;
  definition: SurveyDefinition;
  audience: NoticeAudience;
  anonymous: boolean;
  opensAt: string | null;
  closesAt: string | null;
  quotas: QuotaInput[];
  closeWhenFull: boolean;
}

const isLive = (row: repo.SurveyRow, now = new Date()) =>
  row.status === 'open' && row.opensAt !== null && row.opensAt <= now && (row.closesAt === null || row.closesAt > now);

const definitionOf = (row: repo.SurveyRow) => row.definition as SurveyDefinition;

/** A random key for an answer: says nothing of when it came. */
const responseKey = () => {
  const bytes = randomBytes(13);
  let out = '';
  for (const byte of bytes) out += CROCKFORD_BASE32[byte & 31];
  return out;
};

// ---- views ----

async function toSummaries(db: Executor, rows: repo.SurveyRow[], forCadre: boolean) {
  const names = new Map(
    (await notices.organisationsByIds(db, [...new Set(rows.flatMap((row) => row.audienceOrgIds))])).map((org) => [
      org.id,
      org.name,
    ]),
  );
  const totals = forCadre
    ? await repo.totalsOf(
        db,
        rows.map((row) => row.id),
      )
    : null;
  return rows.map((row) => {
    const total = totals?.get(row.id);
    return {
      id: row.id,
      organisationId: row.organisationId,
      organisationName: row.organisationName,
      title: row.title,
      description: row.description,
      audience: {
        organisationIds: row.audienceOrgIds,
        employmentForms: row.employmentForms as NoticeAudience['employmentForms'],
        industries: row.industries,
        delegatesOnly: row.delegatesOnly,
      },
      audienceNames: row.audienceOrgIds.map((id) => names.get(id) ?? String(id)),
      anonymous: row.anonymous,
      status: row.status as SurveyStatus,
      live: isLive(row),
      opensAt: row.opensAt?.toISOString() ?? null,
      closesAt: row.closesAt?.toISOString() ?? null,
      closeWhenFull: row.closeWhenFull,
      closedReason: row.closedReason as SurveyView['closedReason'],
      template: row.template,
      createdAt: row.createdAt.toISOString(),
      audienceSize: total && row.countedAt ? total.members : null,
      answers: total ? total.answers : null,
      waiting: total && row.anonymous ? total.waiting : null,
      questions: definitionOf(row).sections.reduce((sum, s) => sum + s.questions.length, 0),
      answered: null as boolean | null,
    };
  });
}

async function quotaViews(db: Executor, surveyId: number, within: readonly string[] | null) {
  const rows = await repo.quotasOf(db, surveyId);
  return rows
    .filter((q) => within === null || isWithin(q.path, within))
    .map(({ quota, organisationName }) => ({
      id: quota.id,
      organisationId: quota.organisationId,
      organisationName,
      industry: quota.industry,
      cell: quota.cellQuestion ? { questionId: quota.cellQuestion, value: quota.cellValue! } : null,
      target: quota.target,
      filled: quota.filled,
    }));
}

async function fullView(
  deps: SurveyDeps,
  row: repo.SurveyRow,
  options: {
    forCadre: boolean;
    userId: string;
    /** A cadre below the surveying organisation sees the quotas and enumerators of their own subtree only. */
    within?: readonly string[] | null;
  },
): Promise<SurveyView> {
  const within = options.within ?? null;
  const [summary] = await toSummaries(deps.db, [row], options.forCadre);
  const { questions: _, ...rest } = summary!;
  const [quotas, enumerators, answered, sealed] = await Promise.all([
    options.forCadre ? quotaViews(deps.db, row.id, within) : Promise.resolve([]),
    repo.enumeratorsOf(deps.db, row.id),
    options.forCadre ? Promise.resolve(null) : repo.hasAnswered(deps.db, row.id, options.userId),
    options.forCadre ? Promise.resolve(null) : repo.draftOf(deps.db, row.id, options.userId),
  ]);
  return {
    ...rest,
    definition: definitionOf(row),
    quotas,
    enumerators: options.forCadre
      ? enumerators.filter((e) => within === null || isWithin(e.path, within)).map(({ path: _, ...e }) => e)
      : [],
    answered,
    draft: sealed ? (JSON.parse(deps.cipher.decrypt(sealed)) as SurveyView['draft']) : null,
    enumeratorFor: enumerators
      .filter((e) => e.userId === options.userId)
      .map((e) => ({ organisationId: e.organisationId, organisationName: e.organisationName })),
  };
}

// ---- building ----

/** The audience organisations, each active and within the surveying organisation's subtree. */
async function checkAudience(db: Executor, publisherPath: string, audience: NoticeAudience) {
  const ids = [...new Set(audience.organisationIds)];
  const found = await notices.organisationsByIds(db, ids);
  if (found.filter((org) => org.status === 'active' && isWithin(org.path, [publisherPath])).length !== ids.length)
    throw new ValidationProblem([{ field: 'audience.organisationIds', messageKey: 'problem.reach.audience_outside' }]);
}

const quotaKey = (q: { industry: string | null; cell: { questionId: string; value: string } | null }) =>
  `${q.industry ?? ''}|${q.cell?.questionId ?? ''}|${q.cell?.value ?? ''}`;

/**
 * Quotas checked against the survey: on organisations within it, a cell only on a single-choice
 * question's option (never in an anonymous survey, where it would tie a person to an answer), and
 * under each quota the quotas of the same kind nearest below it sum to no more than it.
 */
async function checkQuotas(
  db: Executor,
  publisherPath: string,
  quotas: readonly QuotaInput[],
  definition: SurveyDefinition,
  anonymous: boolean,
  field = 'quotas',
) {
  const orgs = new Map(
    (await notices.organisationsByIds(db, [...new Set(quotas.map((q) => q.organisationId))])).map((o) => [o.id, o]),
  );
  const questions = definition.sections.flatMap((s) => s.questions);
  const withPaths: (QuotaInput & { path: string })[] = [];
  const keys = new Set<string>();
  for (const [i, quota] of quotas.entries()) {
    const org = orgs.get(quota.organisationId);
    if (!org || !isWithin(org.path, [publisherPath]))
      throw new ValidationProblem([
        { field: `${field}.${i}.organisationId`, messageKey: 'problem.reach.audience_outside' },
      ]);
    if (quota.cell) {
      const question = questions.find((q) => q.id === quota.cell!.questionId);
      if (anonymous)
        throw new ValidationProblem([{ field: `${field}.${i}.cell`, messageKey: 'validation.survey.cell_anonymous' }]);
      if (question?.type !== 'single' || !question.options?.some((o) => o.value === quota.cell!.value))
        throw new ValidationProblem([{ field: `${field}.${i}.cell`, messageKey: 'validation.survey.cell' }]);
    }
    const key = `${quota.organisationId}|${quotaKey(quota)}`;
    if (keys.has(key))
      throw new ValidationProblem([{ field: `${field}.${i}`, messageKey: 'validation.survey.duplicate_id' }]);
    keys.add(key);
    withPaths.push({ ...quota, path: org.path });
  }
  const problem = overAllocated(withPaths);
  if (problem !== null)
    throw new ValidationProblem([
      { field: `${field}.${problem}.target`, messageKey: 'validation.survey.over_allocated' },
    ]);
}

/** The index of a quota whose nearest quotas below (of its kind) sum to more than it, or null. */
export function overAllocated(quotas: readonly (QuotaInput & { path: string })[]) {
  for (const [i, parent] of quotas.entries()) {
    const below = quotas.filter((q) => quotaKey(q) === quotaKey(parent) && q.path.startsWith(`${parent.path}.`));
    // The nearest: no other quota of the kind between it and the parent.
    const nearest = below.filter((q) => !below.some((other) => other !== q && q.path.startsWith(`${other.path}.`)));
    if (nearest.reduce((sum, q) => sum + q.target, 0) > parent.target) return i;
  }
  return null;
}

const columnsOf = (input: SurveyInput) => ({
  title: input.title,
  description: input.description,
  definition: input.definition,
  audienceOrgIds: [...new Set(input.audience.organisationIds)],
  employmentForms: input.audience.employmentForms,
  industries: input.audience.industries,
  delegatesOnly: input.audience.delegatesOnly,
  anonymous: input.anonymous,
  opensAt: input.opensAt ? new Date(input.opensAt) : null,
  closesAt: input.closesAt ? new Date(input.closesAt) : null,
  closeWhenFull: input.closeWhenFull,
});

function checkDates(input: { opensAt: string | null; closesAt: string | null }) {
  if (input.closesAt && new Date(input.closesAt) <= new Date(input.opensAt ?? Date.now()))
    throw new ValidationProblem([{ field: 'closesAt', messageKey: 'validation.survey.closes_before' }]);
}

const quotaRows = (quotas: readonly QuotaInput[]) =>
  quotas.map((q) => ({
    organisationId: q.organisationId,
    industry: q.industry,
    cellQuestion: q.cell?.questionId ?? null,
    cellValue: q.cell?.value ?? null,
    target: q.target,
  }));

export async function createSurvey(
  deps: SurveyDeps,
  context: RequestContext,
  input: Omit<SurveyInput, 'definition'> & {
    organisationId: number;
    definition?: SurveyDefinition | undefined;
    template?: 'workforce' | undefined;
  },
  locale: Locale,
) {
  const publisher = await loadInScope(deps.db, context, ORGANISATION, input.organisationId, 'survey.manage');
  if (!input.definition && !input.template)
    throw new ValidationProblem([{ field: 'definition', messageKey: 'validation.survey.definition' }]);
  let survey = input as SurveyInput;
  if (input.template === 'workforce') {
    const places = await repo.placesUnder(deps.db, publisher.path, ['city', 'county']);
    survey = {
      ...input,
      title: input.title || workforceTitle(locale),
      definition: surveyDefinitionSchema.parse(workforceDefinition(locale)),
      anonymous: false,
      quotas: input.quotas.length > 0 ? input.quotas : workforceQuotas(places).map((q) => ({ ...q, industry: null })),
    };
  }
  await checkAudience(deps.db, publisher.path, survey.audience);
  await checkQuotas(deps.db, publisher.path, survey.quotas, survey.definition, survey.anonymous);
  checkDates(survey);
  const provinceCode = await provinceOfOrganisation(deps.db, publisher.id);
  const id = await deps.db.transaction(async (tx) => {
    const surveyId = await repo.insertSurvey(tx, {
      ...columnsOf(survey),
      provinceCode,
      organisationId: publisher.id,
      status: 'draft',
      template: input.template ?? null,
      createdBy: context.actor.userId,
    });
    await repo.replaceQuotas(tx, surveyId, quotaRows(survey.quotas));
    await recordAudit(tx, context, {
      action: 'survey.draft',
      subjectType: 'survey',
      subjectId: surveyId,
      organisationId: publisher.id,
      changes: {
        title: survey.title,
        anonymous: survey.anonymous,
        quotas: survey.quotas.length,
        template: input.template ?? null,
      },
    });
    return surveyId;
  });
  return fullView(deps, (await repo.findSurvey(deps.db, id))!, { forCadre: true, userId: context.actor.userId });
}

/** A survey its cadres may change (run by an organisation in their subtree), or 404 recorded. */
async function managed(deps: SurveyDeps, context: RequestContext, id: number) {
  const row = await repo.surveyInScope(deps.db, id, scopeOf(context.actor, 'survey.manage'));
  if (row) return row;
  return refuseOutOfScope(deps.db, context, { type: 'survey', id, exists: () => repo.surveyExists(deps.db, id) });
}

async function change(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  apply: (tx: Executor, row: repo.SurveyRow) => Promise<void>,
) {
  await managed(deps, context, id);
  await deps.db.transaction(async (tx) => apply(tx, (await repo.lockSurvey(tx, id))!));
  return fullView(deps, (await repo.findSurvey(deps.db, id))!, { forCadre: true, userId: context.actor.userId });
}

export async function updateSurvey(deps: SurveyDeps, context: RequestContext, id: number, input: SurveyInput) {
  return change(deps, context, id, async (tx, row) => {
    if (row.status !== 'draft') throw new AppError(409, 'reach.survey_not_draft');
    await checkAudience(tx, row.path, input.audience);
    await checkQuotas(tx, row.path, input.quotas, input.definition, input.anonymous);
    checkDates(input);
    await repo.updateSurvey(tx, id, columnsOf(input));
    await repo.replaceQuotas(tx, id, quotaRows(input.quotas));
    await recordAudit(tx, context, {
      action: 'survey.update',
      subjectType: 'survey',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { title: row.title === input.title ? input.title : { from: row.title, to: input.title } },
    });
  });
}

export async function openSurvey(deps: SurveyDeps, context: RequestContext, id: number) {
  return change(deps, context, id, async (tx, row) => {
    if (row.status !== 'draft') throw new AppError(409, 'reach.survey_not_draft');
    const now = new Date();
    if (row.closesAt && row.closesAt <= now)
      throw new ValidationProblem([{ field: 'closesAt', messageKey: 'validation.survey.closes_before' }]);
    await repo.updateSurvey(tx, id, { status: 'open', opensAt: row.opensAt && row.opensAt > now ? row.opensAt : now });
    await recordAudit(tx, context, {
      action: 'survey.open',
      subjectType: 'survey',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { status: { from: 'draft', to: 'open' }, title: row.title },
    });
  });
}

export async function closeSurvey(deps: SurveyDeps, context: RequestContext, id: number) {
  return change(deps, context, id, async (tx, row) => {
    if (row.status !== 'open') throw new AppError(409, 'reach.survey_not_open');
    await repo.updateSurvey(tx, id, { status: 'closed', closedReason: 'manual' });
    await recordAudit(tx, context, {
      action: 'survey.close',
      subjectType: 'survey',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { status: { from: 'open', to: 'closed' }, reason: 'manual' },
    });
  });
}

// ---- cadres watching, sharing quotas and chasing ----

/** A survey a cadre may see: run in their subtree, or (once out of draft) addressed into it. */
async function watched(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  permission: 'survey.read' | 'survey.manage' = 'survey.read',
) {
  const scope = scopeOf(context.actor, permission);
  const row = await watchedWithin(deps.db, context, { type: 'survey', id }, scope, {
    inScope: () => repo.surveyInScope(deps.db, id, scope),
    any: () => repo.findSurvey(deps.db, id),
  });
  return { row, scope };
}

export async function listSurveys(
  deps: SurveyDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; status?: SurveyStatus | undefined },
) {
  const scope = scopeOf(context.actor, 'survey.read');
  const { rows, total } = await repo.surveysPage(
    deps.db,
    { scope, status: query.status },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return { items: await toSummaries(deps.db, rows, true), total, page: query.page, pageSize: query.pageSize };
}

export async function surveyForCadre(deps: SurveyDeps, context: RequestContext, id: number) {
  const { row, scope } = await watched(deps, context, id);
  return fullView(deps, row, {
    forCadre: true,
    userId: context.actor.userId,
    within: isWithin(row.path, scope) ? null : scope,
  });
}

export async function fill(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  organisationId: number | undefined,
): Promise<SurveyFill> {
  const { row, scope } = await watched(deps, context, id);
  const nodeId = organisationId ?? (await startingNode(deps.db, row, scope));
  const node = await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, nodeId, scope);
  const [sums, children, reminded, quotas] = await Promise.all([
    repo.fillUnder(deps.db, id, node.path),
    notices.childrenOf(deps.db, node.id),
    repo.chasedOn(deps.db, id, todayInChina()),
    repo.quotasOf(deps.db, id),
  ]);
  const byChild = new Map(sums.map((sum) => [sum.childId ?? node.id, sum]));
  // A branch's quota: the quotas set on it (the nearest ones of each kind at or below it).
  const quotaOf = (path: string) => {
    const under = quotas.filter((q) => q.path === path || q.path.startsWith(`${path}.`));
    const top = under.filter(
      (q) =>
        !under.some(
          (other) =>
            other !== q &&
            quotaKey(toInput(other.quota)) === quotaKey(toInput(q.quota)) &&
            q.path.startsWith(`${other.path}.`),
        ),
    );
    if (top.length === 0) return { target: null, filled: null };
    return {
      target: top.reduce((sum, q) => sum + q.quota.target, 0),
      filled: top.reduce((sum, q) => sum + q.quota.filled, 0),
    };
  };
  const rows: SurveyFill['rows'] = [];
  const own = byChild.get(node.id);
  if (own && own.members + own.answers > 0)
    rows.push({
      organisationId: node.id,
      name: node.name,
      hasChildren: false,
      audience: Math.max(own.members, own.answers),
      answers: own.answers,
      target: null,
      filled: null,
      remindedToday: reminded.has(node.id),
    });
  for (const child of children) {
    const sum = byChild.get(child.id);
    const quota = quotaOf(child.path);
    if (!sum && quota.target === null) continue;
    rows.push({
      organisationId: child.id,
      name: child.name,
      hasChildren: child.hasChildren,
      audience: Math.max(sum?.members ?? 0, sum?.answers ?? 0),
      answers: sum?.answers ?? 0,
      ...quota,
      remindedToday: reminded.has(child.id),
    });
  }
  const nodeQuotas = quotas.filter(
    (q) =>
      q.path === node.path ||
      (q.path.startsWith(`${node.path}.`) && q.path.split('.').length === node.path.split('.').length + 1),
  );
  return {
    organisation: { id: node.id, name: node.name },
    rows,
    quotas: nodeQuotas.map(({ quota, organisationName }) => ({
      id: quota.id,
      organisationId: quota.organisationId,
      organisationName,
      industry: quota.industry,
      cell: quota.cellQuestion ? { questionId: quota.cellQuestion, value: quota.cellValue! } : null,
      target: quota.target,
      filled: quota.filled,
    })),
  };
}

const toInput = (quota: repo.QuotaRow) => ({
  industry: quota.industry,
  cell: quota.cellQuestion ? { questionId: quota.cellQuestion, value: quota.cellValue! } : null,
});

/**
 * Shares a node's quota out to organisations below it: the node must be where the cadre manages
 * surveys and hold a quota of each kind shared; what its nearest quotas below add up to never
 * exceeds it, and no target drops below what is already filled. Cells are set with the survey.
 */
export async function allocateQuotas(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  input: { organisationId: number; allocations: QuotaInput[] },
) {
  const { row, scope } = await watched(deps, context, id, 'survey.manage');
  const node = await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, input.organisationId, scope);
  if (row.status === 'closed') throw new AppError(409, 'reach.survey_not_open');
  const targets = await notices.organisationsByIds(deps.db, [
    ...new Set(input.allocations.map((a) => a.organisationId)),
  ]);
  for (const [i, allocation] of input.allocations.entries()) {
    const org = targets.find((o) => o.id === allocation.organisationId);
    if (!org?.path.startsWith(`${node.path}.`))
      throw new ValidationProblem([
        { field: `allocations.${i}.organisationId`, messageKey: 'validation.survey.below_node' },
      ]);
    if (allocation.cell)
      throw new ValidationProblem([{ field: `allocations.${i}.cell`, messageKey: 'validation.survey.cell_open' }]);
  }
  await deps.db.transaction(async (tx) => {
    await repo.lockSurvey(tx, id);
    const existing = (await repo.quotasOf(tx, id)).filter((q) => q.quota.cellQuestion === null);
    if (!existing.some((q) => q.quota.organisationId === node.id))
      throw new ValidationProblem([{ field: 'organisationId', messageKey: 'validation.survey.no_quota' }]);
    // The quotas as they will be: the existing ones with these set.
    const merged = existing.map((q) => ({
      organisationId: q.quota.organisationId,
      industry: q.quota.industry,
      cell: null,
      target: q.quota.target,
      filled: q.quota.filled,
      path: q.path,
    }));
    for (const [i, allocation] of input.allocations.entries()) {
      const at = merged.find(
        (q) => q.organisationId === allocation.organisationId && q.industry === allocation.industry,
      );
      if (at && allocation.target < at.filled)
        throw new ValidationProblem([
          { field: `allocations.${i}.target`, messageKey: 'validation.survey.below_filled' },
        ]);
      if (at) at.target = allocation.target;
      else
        merged.push({
          ...allocation,
          cell: null,
          filled: 0,
          path: targets.find((o) => o.id === allocation.organisationId)!.path,
        });
    }
    const over = overAllocated(merged);
    if (over !== null) {
      // Named on the allocation over the limit, or else the first one shared under that quota.
      const parent = merged[over]!;
      const own = input.allocations.findIndex((a) => a.organisationId === parent.organisationId);
      const i =
        own >= 0
          ? own
          : input.allocations.findIndex((a) =>
              targets.find((o) => o.id === a.organisationId)?.path.startsWith(`${parent.path}.`),
            );
      throw new ValidationProblem([
        { field: i >= 0 ? `allocations.${i}.target` : 'allocations', messageKey: 'validation.survey.over_allocated' },
      ]);
    }
    for (const allocation of input.allocations) await repo.upsertQuota(tx, id, allocation);
    await recordAudit(tx, context, {
      action: 'survey.quotas',
      subjectType: 'survey',
      subjectId: id,
      organisationId: node.id,
      changes: { quotas: input.allocations.length, total: input.allocations.reduce((s, a) => s + a.target, 0) },
    });
  });
  return fullView(deps, (await repo.findSurvey(deps.db, id))!, { forCadre: true, userId: context.actor.userId });
}

export async function setEnumerators(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  enumerators: { organisationId: number; userId: string }[],
) {
  return change(deps, context, id, async (tx, row) => {
    if (row.status === 'closed') throw new AppError(409, 'reach.survey_not_open');
    const units = await notices.organisationsByIds(
      tx,
      enumerators.map((e) => e.organisationId),
    );
    const people = await repo.usersExist(
      tx,
      enumerators.map((e) => e.userId),
    );
    for (const [i, e] of enumerators.entries()) {
      const unit = units.find((u) => u.id === e.organisationId);
      if (!unit || !isWithin(unit.path, [row.path]))
        throw new ValidationProblem([
          { field: `enumerators.${i}.organisationId`, messageKey: 'problem.reach.audience_outside' },
        ]);
      if (!people.has(e.userId))
        throw new ValidationProblem([{ field: `enumerators.${i}.userId`, messageKey: 'validation.survey.no_user' }]);
    }
    if (new Set(enumerators.map((e) => e.organisationId)).size !== enumerators.length)
      throw new ValidationProblem([{ field: 'enumerators', messageKey: 'validation.survey.duplicate_id' }]);
    await repo.replaceEnumerators(tx, id, enumerators);
    await recordAudit(tx, context, {
      action: 'survey.enumerators',
      subjectType: 'survey',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { enumerators: enumerators.length },
    });
  });
}

/** Reminds the members of each branch who have not answered, once a day per branch. */
export async function remind(deps: SurveyDeps, context: RequestContext, id: number, organisationIds: number[]) {
  const { row, scope } = await watched(deps, context, id, 'survey.manage');
  if (!isLive(row)) throw new AppError(409, 'reach.survey_not_open');
  const branches = await branchesWithin(deps.db, context, organisationIds, scope);
  const audience = (await notices.organisationsByIds(deps.db, row.audienceOrgIds)).map((org) => org.path);
  const day = todayInChina();
  return deps.db.transaction(async (tx) => {
    const done = await remindBranches(tx, branches, {
      waiting: (branchPath) => repo.notAnsweredUnder(tx, row, audience, branchPath),
      record: (organisationId, people) =>
        repo.recordChase(tx, { surveyId: id, organisationId, day, people, createdBy: context.actor.userId }),
      message: (organisationId, recipients) => ({
        kind: 'survey.remind',
        recipients,
        params: { title: row.title },
        link: `/app/surveys/${id}`,
        organisationId,
        source: { type: 'survey', id },
      }),
    });
    if (done.organisations > 0)
      await recordAudit(tx, context, {
        action: 'survey.remind',
        subjectType: 'survey',
        subjectId: id,
        organisationId: row.organisationId,
        changes: { organisations: done.organisations, people: done.reminded },
      });
    return done;
  });
}

// ---- answering ----

function answerProblems(problems: readonly { questionId: string; messageKey: string }[]) {
  return new ValidationProblem(problems.map((p) => ({ field: `answers.${p.questionId}`, messageKey: p.messageKey })));
}

interface Respondent {
  organisationId: number;
  organisationPath: string;
  industry: string | null;
  employmentForm: string | null;
}

interface Answer {
  /** The respondent's account; a paper questionnaire's is a random stand-in (no person is recorded). */
  userId: string;
  person: boolean;
  respondent: Respondent;
  answers: Answers;
  mode: 'online' | 'paper';
}
type Taken = 'taken' | 'answered' | 'quota_full' | 'not_open';

const quotaTakes = (quota: repo.QuotaRow, answer: Answer, ancestors: readonly number[]) =>
  ancestors.includes(quota.organisationId) &&
  (quota.industry === null || quota.industry === answer.respondent.industry) &&
  (quota.cellQuestion === null || answer.answers[quota.cellQuestion] === quota.cellValue);

/**
 * Takes a batch of answers to one survey in one transaction (group commit: under load, the answers
 * that arrive while one batch runs go in as the next). Each answer is judged alone, in order: once
 * per person, and only while every quota it counts against (on the respondent's organisation or
 * above, of their industry, of their answer) has room, the quotas locked in id order for the whole
 * batch; then counted, tallied and written, or sealed into the box when the survey is anonymous.
 * Two round trips, a read and a write, whatever the batch's size. Once per person is the
 * participation's key: should another server take the same person's answer between the read and
 * the write, the write fails and group commit takes the batch's answers one by one, where the read
 * finds that person answered. A survey whose quotas are all filled by the batch closes, if it is to.
 */
async function takeTogether(deps: SurveyDeps, surveyId: number, batch: Answer[]): Promise<Taken[]> {
  try {
    return await takeInOne(deps, surveyId, batch);
  } catch (error) {
    // Another server took this person's answer after the read: alone, the answer is a second one
    // (a batch's answers are taken again one by one, by group commit).
    const cause = ((error as { cause?: unknown }).cause ?? error) as { code?: string; constraint?: string };
    if (batch.length === 1 && cause.code === '23505' && cause.constraint === 'survey_participants_pkey')
      return ['answered'];
    throw error;
  }
}

async function takeInOne(deps: SurveyDeps, surveyId: number, batch: Answer[]): Promise<Taken[]> {
  const day = todayInChina();
  return deps.db.transaction(async (tx) => {
    const ancestorsOf = batch.map((a) => a.respondent.organisationPath.split('.').map(Number));
    const opened = await repo.openBatch(
      tx,
      surveyId,
      [...new Set(ancestorsOf.flat())],
      batch.filter((a) => a.person).map((a) => a.userId),
    );
    if (!opened || !isLive(opened.survey)) return batch.map(() => 'not_open' as const);
    const { survey: row, quotas, answered } = opened;
    const keys = batch.map(() => responseKey());
    const filled = new Map(quotas.map((q) => [q.id, q.filled]));
    const outcomes: Taken[] = batch.map((a, i) => {
      if (a.person && answered.has(a.userId)) return 'answered';
      const counted = quotas.filter((q) => quotaTakes(q, a, ancestorsOf[i]!));
      if (counted.some((q) => filled.get(q.id)! >= q.target)) return 'quota_full';
      for (const q of counted) filled.set(q.id, filled.get(q.id)! + 1);
      return 'taken';
    });
    const taken = batch.filter((_, i) => outcomes[i] === 'taken');
    const byOrganisation = new Map<number, number>();
    for (const a of taken)
      byOrganisation.set(a.respondent.organisationId, (byOrganisation.get(a.respondent.organisationId) ?? 0) + 1);
    const responses = batch.flatMap((a, i) =>
      outcomes[i] === 'taken'
        ? [
            {
              surveyId,
              responseKey: keys[i]!,
              organisationId: a.respondent.organisationId,
              industry: a.respondent.industry,
              employmentForm: a.respondent.employmentForm,
              day,
              mode: a.mode,
              answers: a.answers,
            },
          ]
        : [],
    );
    await repo.recordTaken(tx, surveyId, {
      claims: batch.flatMap((a, i) =>
        a.person && outcomes[i] === 'taken'
          ? [
              {
                surveyId,
                userId: a.userId,
                organisationId: a.respondent.organisationId,
                industry: a.respondent.industry,
                day,
                responseKey: row.anonymous ? null : keys[i]!,
              },
            ]
          : [],
      ),
      fills: quotas.filter((q) => filled.get(q.id) !== q.filled).map((q) => ({ id: q.id, filled: filled.get(q.id)! })),
      byOrganisation,
      ...(row.anonymous
        ? {
            sealed: responses.map((r) => ({ slot: responseKey(), sealed: deps.cipher.encrypt(JSON.stringify(r)) })),
          }
        : { responses, marks: tallyMarks(definitionOf(row), responses) }),
      answeredBy: taken.filter((a) => a.person).map((a) => a.userId),
      paths: new Map(taken.map((a) => [a.respondent.organisationId, a.respondent.organisationPath])),
    });
    if (row.closeWhenFull && quotas.length > 0 && taken.length > 0 && (await repo.quotasAllFull(tx, surveyId)))
      await repo.updateSurvey(tx, surveyId, { status: 'closed', closedReason: 'quota' });
    return outcomes;
  });
}

// One group commit per database (a test's or the server's), made on first use.
const answering = new WeakMap<object, (surveyId: number, answer: Answer) => Promise<Taken>>();

/** Takes one answer in the next batch for its survey; refuses it (409) when it cannot be taken. */
async function takeAnswer(deps: SurveyDeps, surveyId: number, answer: Answer) {
  let take = answering.get(deps.db);
  if (!take) {
    // Two batches of a survey at once: the next opens its transaction while the last one writes
    // and commits (the quotas' locks still take them in turn).
    take = groupCommit((id: number, batch: Answer[]) => takeTogether(deps, id, batch), 200, 2);
    answering.set(deps.db, take);
  }
  const outcome = await take(surveyId, answer);
  if (outcome === 'answered') throw new AppError(409, 'reach.survey_answered');
  if (outcome === 'quota_full') throw new AppError(409, 'reach.survey_quota_full');
  if (outcome === 'not_open') throw new AppError(409, 'reach.survey_not_open');
}

/** Whether a survey's audience takes this reader (as `audienceTakes` says it in SQL). */
function takesReader(row: repo.SurveyRow, reader: notices.Reader) {
  const ancestors = reader.organisationPath.split('.').map(Number);
  return (
    row.audienceOrgIds.some((id) => ancestors.includes(id)) &&
    (row.employmentForms.length === 0 || row.employmentForms.includes(reader.employmentForm)) &&
    (row.industries.length === 0 || (reader.industry !== null && row.industries.includes(reader.industry))) &&
    (!row.delegatesOnly || reader.delegate)
  );
}

// Open surveys as answers find them: the questionnaire and the audience no longer change once a
// survey is out of draft, and whether it is still open is read again where the answer is taken.
const SURVEY_SECONDS = 10;
const openSurveys = new WeakMap<object, Map<number, { row: repo.SurveyRow; until: number }>>();

async function answerable(deps: SurveyDeps, id: number) {
  let cache = openSurveys.get(deps.db);
  if (!cache) {
    cache = new Map();
    openSurveys.set(deps.db, cache);
  }
  const known = cache.get(id);
  if (known && known.until > Date.now()) return known.row;
  const row = await repo.findSurvey(deps.db, id);
  if (row && row.status !== 'draft') cache.set(id, { row, until: Date.now() + SURVEY_SECONDS * 1000 });
  return row;
}

// Respondents as the survey found them when they opened it, for as long as a session is cached:
// the answer that follows a few seconds later takes them from here.
const READER_SECONDS = 30;
const respondents = new WeakMap<object, Map<string, { reader: notices.Reader | null; until: number }>>();

async function readerOf(deps: SurveyDeps, userId: string) {
  let cache = respondents.get(deps.db);
  if (!cache) {
    cache = new Map();
    respondents.set(deps.db, cache);
  }
  const now = Date.now();
  const known = cache.get(userId);
  if (known && known.until > now) return known.reader;
  const reader = await notices.readerOf(deps.db, userId);
  if (cache.size >= 20_000)
    for (const [key, entry] of cache) if (entry.until <= now || cache.size >= 20_000) cache.delete(key);
  cache.set(userId, { reader, until: now + READER_SECONDS * 1000 });
  return reader;
}

/** The signed-in member and a survey out of draft addressed to them; 404 (recorded) when it is not theirs. */
async function respondentFor(deps: SurveyDeps, context: RequestContext, id: number) {
  const [reader, row] = await Promise.all([readerOf(deps, context.actor.userId), answerable(deps, id)]);
  if (!reader || !row || row.status === 'draft' || !takesReader(row, reader))
    return refuseOutOfScope(deps.db, context, { type: 'survey', id, exists: async () => row !== null });
  return { reader, row };
}

export async function submit(deps: SurveyDeps, context: RequestContext, id: number, answers: Answers) {
  const { reader, row } = await respondentFor(deps, context, id);
  if (!isLive(row)) throw new AppError(409, 'reach.survey_not_open');
  const checked = checkAnswers(definitionOf(row), answers);
  if (checked.problems.length > 0) throw answerProblems(checked.problems);
  await takeAnswer(deps, id, {
    userId: reader.userId,
    person: true,
    respondent: {
      organisationId: reader.organisationId,
      organisationPath: reader.organisationPath,
      industry: reader.industry,
      employmentForm: reader.employmentForm,
    },
    answers: checked.answers,
    mode: 'online',
  });
  return { answered: true as const };
}

export async function saveDraft(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  input: { answers: Answers; section: string | null },
) {
  const { row } = await respondentFor(deps, context, id);
  if (!isLive(row)) throw new AppError(409, 'reach.survey_not_open');
  if (await repo.hasAnswered(deps.db, id, context.actor.userId)) throw new AppError(409, 'reach.survey_answered');
  const checked = checkAnswers(definitionOf(row), input.answers, { partial: true });
  if (checked.problems.length > 0) throw answerProblems(checked.problems);
  const sealed = deps.cipher.encrypt(JSON.stringify({ answers: checked.answers, section: input.section }));
  await deps.db.transaction(async (tx) => repo.saveDraft(tx, id, context.actor.userId, sealed));
  return { answered: false as const };
}

/** An enumerator enters a paper questionnaire from their sampled unit (no person is recorded). */
export async function enterPaper(
  deps: SurveyDeps,
  context: RequestContext,
  id: number,
  input: { organisationId: number; industry: string | null; answers: Answers },
) {
  const row = await repo.findSurvey(deps.db, id);
  const units = row ? await repo.enumeratorsOf(deps.db, id) : [];
  if (!row || !units.some((u) => u.userId === context.actor.userId && u.organisationId === input.organisationId))
    return refuseOutOfScope(deps.db, context, { type: 'survey', id, exists: async () => row !== null });
  if (!isLive(row)) throw new AppError(409, 'reach.survey_not_open');
  const checked = checkAnswers(definitionOf(row), input.answers);
  if (checked.problems.length > 0) throw answerProblems(checked.problems);
  const [unit] = await notices.organisationsByIds(deps.db, [input.organisationId]);
  await takeAnswer(deps, id, {
    userId: `paper:${randomUUID()}`,
    person: false,
    respondent: {
      organisationId: unit!.id,
      organisationPath: unit!.path,
      industry: input.industry,
      employmentForm: null,
    },
    answers: checked.answers,
    mode: 'paper',
  });
  await recordAudit(deps.db, context, {
    action: 'survey.paper',
    subjectType: 'survey',
    subjectId: id,
    organisationId: unit!.id,
    changes: {},
  });
  return { answered: true as const };
}

export async function mySurveys(
  deps: SurveyDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; status?: SurveyStatus | undefined },
) {
  const reader = await notices.readerOf(deps.db, context.actor.userId);
  if (!reader) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const { rows, total } = await repo.readerSurveysPage(
    deps.db,
    reader,
    query.status,
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const summaries = await toSummaries(deps.db, rows, false);
  return {
    items: summaries.map((s, i) => ({ ...s, answered: rows[i]!.answered })),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function mySurvey(deps: SurveyDeps, context: RequestContext, id: number) {
  const row = await repo.findSurvey(deps.db, id);
  // An enumerator opens the survey of their units to enter paper questionnaires.
  if (
    row &&
    row.status !== 'draft' &&
    (await repo.enumeratorsOf(deps.db, id)).some((e) => e.userId === context.actor.userId)
  )
    return fullView(deps, row, { forCadre: false, userId: context.actor.userId });
  await respondentFor(deps, context, id);
  // The row read above, not the answers' cached one: an answer can wait a few seconds for a
  // closing, a page should not.
  return fullView(deps, row!, { forCadre: false, userId: context.actor.userId });
}

// ---- the jobs ----

/**
 * Opens each survey's box once it holds a batch (or the survey closed) and writes its answers, in
 * random order, in one transaction: they share one transaction id and land shuffled in the heap.
 */
export async function mixDue(deps: SurveyDeps) {
  let mixed = 0;
  for (const surveyId of await repo.boxesToMix(deps.db, MIX_BATCH)) {
    await deps.db.transaction(async (tx) => {
      const sealed = await repo.emptyBox(tx, surveyId);
      const rows = sealed.map((s) => JSON.parse(deps.cipher.decrypt(s)) as repo.ResponseInsert);
      for (let i = rows.length - 1; i > 0; i--) {
        const j = randomInt(i + 1);
        [rows[i], rows[j]] = [rows[j]!, rows[i]!];
      }
      const survey = await repo.findSurvey(tx, surveyId);
      await repo.recordTaken(tx, surveyId, { responses: rows, marks: tallyMarks(definitionOf(survey!), rows) });
      mixed += rows.length;
    });
  }
  return mixed;
}

/** Counts the audience of surveys that opened and invites it (a message each, in the survey category). */
export async function inviteOpened(deps: SurveyDeps) {
  const due = await repo.uncounted(deps.db);
  for (const survey of due) {
    const paths = (await notices.organisationsByIds(deps.db, survey.audienceOrgIds)).map((org) => org.path);
    await deps.db.transaction(async (tx) => repo.countAudience(tx, survey, paths));
    // Invitations in batches, each its own transaction. The survey counts as done only after the
    // last, so a job stopped half-way starts again, and `once` keeps the rerun from inviting twice.
    let after: string | null = null;
    for (;;) {
      const batch = await repo.notAnsweredUnder(deps.db, survey, paths, null, after, 5000);
      if (batch.length === 0) break;
      await deps.db.transaction(async (tx) =>
        notifyMany(tx, [
          {
            kind: 'survey.invited',
            recipients: batch,
            params: { title: survey.title },
            link: `/app/surveys/${survey.id}`,
            organisationId: survey.organisationId,
            source: { type: 'survey', id: survey.id, once: true },
          },
        ]),
      );
      after = batch.at(-1)!;
    }
    await repo.markCounted(deps.db, survey.id);
  }
  return due.length;
}

/** Closes the surveys whose closing time has come. */
export async function closeDue(deps: SurveyDeps) {
  const due = await repo.pastClosing(deps.db);
  for (const id of due)
    await deps.db.transaction(async (tx) => {
      const row = await repo.lockSurvey(tx, id);
      if (row?.status === 'open') await repo.updateSurvey(tx, id, { status: 'closed', closedReason: 'date' });
    });
  return due.length;
}
