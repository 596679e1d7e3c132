import type { NoticeAudience, NoticeKind, NoticeStatus, NoticeView, ReadRate } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { calendarOverrides } from '../../platform/calendar.repository';
import type { AppDeps } from '../../platform/deps';
import { readStoredDocument, storeDocument } from '../../platform/documents';
import { AppError, notFound, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope, loadWithin, ORGANISATION, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { addWorkingDays, isWorkingDay, todayInChina } from '../../platform/working-days';
import { branchesWithin, remindBranches, startingNode, watchedWithin } from './audience';
import * as repo from './notices.repository';
import { type Notice, notifyMany } from './notify.service';
import { cleanRichText, hasContent } from './rich-text';

/*
 * Notices and news (通知公告 / 新闻): a cadre writes one for an audience within their subtree (some
 * organisations' members, narrowed by employment form, industry or congress delegates), publishes
 * it now or at a time, pins or withdraws it. It is one row with its audience rule: a member finds
 * theirs by their organisation's ancestors. Reads are counted per organisation as they happen, so
 * cadres see read rates branch by branch within their own subtree, remind a branch's unread in one
 * step, and a notice still unread some working days on is escalated to each such branch's cadres.
 */

type ReachDeps = Pick<AppDeps, 'db'>;

interface NoticeInput {
  kind: NoticeKind;
  title: string;
  body: string;
  audience: NoticeAudience;
  pinned: boolean;
  publishAt: string | null;
  escalateAfterDays: number | null;
}

const isLive = (row: { status: string; publishAt: Date | null }, now = new Date()) =>
  row.status === 'published' && row.publishAt !== null && row.publishAt <= now;

async function toViews(
  db: Executor,
  rows: (repo.NoticeRow & { readAt?: Date | null })[],
  totals: Map<number, { members: number; reads: number }> | null,
): Promise<NoticeView[]> {
  const names = new Map(
    (await repo.organisationsByIds(db, [...new Set(rows.flatMap((row) => row.audienceOrgIds))])).map((org) => [
      org.id,
      org.name,
    ]),
  );
  return rows.map((row) => ({
    id: row.id,
    organisationId: row.organisationId,
    organisationName: row.organisationName,
    kind: row.kind as NoticeKind,
    title: row.title,
    body: row.body,
    attachments: row.attachments,
    audience: {
      organisationIds: row.audienceOrgIds,
      employmentForms: row.employmentForms as NoticeAudience['employmentForms'],
      industries: row.industries,
      delegatesOnly: row.delegatesOnly,
    },
    audienceNames: row.audienceOrgIds.map((id) => names.get(id) ?? String(id)),
    status: row.status as NoticeStatus,
    live: isLive(row),
    publishAt: row.publishAt?.toISOString() ?? null,
    pinned: row.pinned,
    escalateAfterDays: row.escalateAfterDays,
    withdrawnReason: row.withdrawnReason,
    createdAt: row.createdAt.toISOString(),
    // Until the job has counted it, the audience is not known (null), only the reads so far.
    audienceSize: totals && row.countedAt ? (totals.get(row.id)?.members ?? 0) : null,
    reads: totals ? (totals.get(row.id)?.reads ?? 0) : null,
    readAt: row.readAt?.toISOString() ?? null,
  }));
}

async function cadreView(db: Executor, row: repo.NoticeRow) {
  return (await toViews(db, [row], await repo.totalsOf(db, [row.id])))[0]!;
}

/** The audience organisations: each active and within the publisher's subtree, or a field error. */
async function audiencePaths(db: Executor, publisherPath: string, audience: NoticeAudience) {
  const ids = [...new Set(audience.organisationIds)];
  const found = await repo.organisationsByIds(db, ids);
  const fine = found.filter((org) => org.status === 'active' && isWithin(org.path, [publisherPath]));
  if (fine.length !== ids.length)
    throw new ValidationProblem([{ field: 'audience.organisationIds', messageKey: 'problem.reach.audience_outside' }]);
  return fine.map((org) => org.path);
}

function cleanedBody(body: string) {
  const cleaned = cleanRichText(body);
  if (!hasContent(cleaned)) throw new ValidationProblem([{ field: 'body', messageKey: 'validation.reach.body' }]);
  return cleaned;
}

function publishTime(publishAt: string | null, now: Date) {
  if (publishAt === null) return now;
  const at = new Date(publishAt);
  // A time a minute past is "now": the form's clock and the server's differ a little.
  if (at.getTime() < now.getTime() - 60_000)
    throw new ValidationProblem([{ field: 'publishAt', messageKey: 'validation.reach.publish_past' }]);
  return at < now ? now : at;
}

const audienceColumns = (input: NoticeInput) => ({
  kind: input.kind,
  title: input.title,
  audienceOrgIds: [...new Set(input.audience.organisationIds)],
  employmentForms: input.audience.employmentForms,
  industries: input.audience.industries,
  delegatesOnly: input.audience.delegatesOnly,
  pinned: input.pinned,
  escalateAfterDays: input.escalateAfterDays,
});

/**
 * Once live, the audience is counted per organisation (the read rates' denominators) by the job,
 * off the request: publishing to a province of ten million members stays one row and its rule.
 */
async function countAudience(tx: Executor, id: number) {
  const row = (await repo.lockNotice(tx, id))!;
  if (!isLive(row) || row.countedAt) return;
  const paths = (await repo.organisationsByIds(tx, row.audienceOrgIds)).map((org) => org.path);
  await repo.countAudience(tx, row, paths);
}

export async function createNotice(
  deps: ReachDeps,
  context: RequestContext,
  input: NoticeInput & { organisationId: number; publish: boolean },
) {
  const publisher = await loadInScope(deps.db, context, ORGANISATION, input.organisationId, 'notice.manage');
  await audiencePaths(deps.db, publisher.path, input.audience);
  const body = cleanedBody(input.body);
  const now = new Date();
  const publishAt = input.publish
    ? publishTime(input.publishAt, now)
    : input.publishAt
      ? new Date(input.publishAt)
      : null;
  const provinceCode = await provinceOfOrganisation(deps.db, publisher.id);
  const id = await deps.db.transaction(async (tx) => {
    const noticeId = await repo.insertNotice(tx, {
      ...audienceColumns(input),
      provinceCode,
      organisationId: publisher.id,
      body,
      status: input.publish ? 'published' : 'draft',
      publishAt,
      createdBy: context.actor.userId,
    });
    await recordAudit(tx, context, {
      action: input.publish ? 'notice.publish' : 'notice.draft',
      subjectType: 'notice',
      subjectId: noticeId,
      organisationId: publisher.id,
      changes: { title: input.title, organisations: input.audience.organisationIds.length },
    });
    return noticeId;
  });
  return cadreView(deps.db, (await repo.findNotice(deps.db, id))!);
}

/** A notice its cadres may change (published by an organisation in their subtree), or 404 recorded. */
async function managed(deps: ReachDeps, context: RequestContext, id: number) {
  const scope = scopeOf(context.actor, 'notice.manage');
  const row = await repo.noticeInScope(deps.db, id, scope);
  if (row) return row;
  return refuseOutOfScope(deps.db, context, { type: 'notice', id, exists: () => repo.noticeExists(deps.db, id) });
}

/** Changes a notice in a transaction after locking it and checking it may still change. */
async function change(
  deps: ReachDeps,
  context: RequestContext,
  id: number,
  apply: (tx: Executor, row: repo.NoticeRow) => Promise<void>,
) {
  await managed(deps, context, id);
  await deps.db.transaction(async (tx) => apply(tx, (await repo.lockNotice(tx, id))!));
  return cadreView(deps.db, (await repo.findNotice(deps.db, id))!);
}

export async function updateNotice(deps: ReachDeps, context: RequestContext, id: number, input: NoticeInput) {
  return change(deps, context, id, async (tx, row) => {
    if (row.status === 'withdrawn' || isLive(row)) throw new AppError(409, 'reach.notice_live');
    await audiencePaths(tx, row.path, input.audience);
    const publishAt =
      row.status === 'published'
        ? publishTime(input.publishAt, new Date())
        : input.publishAt
          ? new Date(input.publishAt)
          : null;
    await repo.updateNotice(tx, id, { ...audienceColumns(input), body: cleanedBody(input.body), publishAt });
    await recordAudit(tx, context, {
      action: 'notice.update',
      subjectType: 'notice',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { title: row.title === input.title ? input.title : { from: row.title, to: input.title } },
    });
  });
}

export async function publishNotice(deps: ReachDeps, context: RequestContext, id: number) {
  return change(deps, context, id, async (tx, row) => {
    if (row.status !== 'draft') throw new AppError(409, 'reach.notice_not_draft');
    const now = new Date();
    const publishAt = row.publishAt && row.publishAt > now ? row.publishAt : now;
    await repo.updateNotice(tx, id, { status: 'published', publishAt });
    await recordAudit(tx, context, {
      action: 'notice.publish',
      subjectType: 'notice',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { status: { from: 'draft', to: 'published' }, title: row.title },
    });
  });
}

export async function withdrawNotice(deps: ReachDeps, context: RequestContext, id: number, reason: string) {
  return change(deps, context, id, async (tx, row) => {
    if (row.status !== 'published') throw new AppError(409, 'reach.notice_not_published');
    await repo.updateNotice(tx, id, { status: 'withdrawn', withdrawnAt: new Date(), withdrawnReason: reason });
    await recordAudit(tx, context, {
      action: 'notice.withdraw',
      subjectType: 'notice',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { status: { from: 'published', to: 'withdrawn' }, reason },
    });
  });
}

export async function pinNotice(deps: ReachDeps, context: RequestContext, id: number, pinned: boolean) {
  return change(deps, context, id, async (tx, row) => {
    if (row.status === 'withdrawn') throw new AppError(409, 'reach.notice_not_published');
    if (row.pinned === pinned) return;
    await repo.updateNotice(tx, id, { pinned });
    await recordAudit(tx, context, {
      action: 'notice.pin',
      subjectType: 'notice',
      subjectId: id,
      organisationId: row.organisationId,
      changes: { pinned: { from: row.pinned, to: pinned } },
    });
  });
}

// ---- cadres reading and chasing ----

/**
 * A notice a cadre may see: published in their subtree, or (once out of draft) addressed into it.
 * Answers the notice and the part of the tree they may look into.
 */
async function watched(
  deps: ReachDeps,
  context: RequestContext,
  id: number,
  permission: 'notice.read' | 'notice.manage' = 'notice.read',
) {
  const scope = scopeOf(context.actor, permission);
  const row = await watchedWithin(deps.db, context, { type: 'notice', id }, scope, {
    inScope: () => repo.noticeInScope(deps.db, id, scope),
    any: () => repo.findNotice(deps.db, id),
  });
  return { row, scope };
}

export async function listNotices(
  deps: ReachDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; status?: NoticeStatus | undefined; organisationId?: number | undefined },
) {
  const scope = scopeOf(context.actor, 'notice.read');
  const within = query.organisationId
    ? (await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, query.organisationId, scope)).path
    : undefined;
  const { rows, total } = await repo.noticesPage(
    deps.db,
    { scope, within, status: query.status },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const totals = await repo.totalsOf(
    deps.db,
    rows.map((row) => row.id),
  );
  return { items: await toViews(deps.db, rows, totals), total, page: query.page, pageSize: query.pageSize };
}

export async function noticeForCadre(deps: ReachDeps, context: RequestContext, id: number) {
  const { row } = await watched(deps, context, id);
  return cadreView(deps.db, row);
}

export async function readRate(
  deps: ReachDeps,
  context: RequestContext,
  id: number,
  organisationId: number | undefined,
): Promise<ReadRate> {
  const { row, scope } = await watched(deps, context, id);
  const nodeId = organisationId ?? (await startingNode(deps.db, row, scope));
  const node = await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, nodeId, scope);
  const [sums, children, reminded] = await Promise.all([
    repo.readRateUnder(deps.db, id, node.path),
    repo.childrenOf(deps.db, node.id),
    repo.chasedOn(deps.db, id, 'remind', todayInChina()),
  ]);
  const byChild = new Map(sums.map((sum) => [sum.childId ?? node.id, sum]));
  const rows: ReadRate['rows'] = [];
  const own = byChild.get(node.id);
  if (own && own.members + own.reads > 0)
    rows.push({
      organisationId: node.id,
      name: node.name,
      hasChildren: false,
      audience: Math.max(own.members, own.reads),
      reads: own.reads,
      remindedToday: reminded.has(node.id),
    });
  for (const child of children) {
    const sum = byChild.get(child.id);
    if (!sum) continue;
    rows.push({
      organisationId: child.id,
      name: child.name,
      hasChildren: child.hasChildren,
      // A member who joined after it went live and read it counts in both.
      audience: Math.max(sum.members, sum.reads),
      reads: sum.reads,
      remindedToday: reminded.has(child.id),
    });
  }
  rows.sort((a, b) => a.reads / (a.audience || 1) - b.reads / (b.audience || 1) || a.name.localeCompare(b.name));
  return {
    organisation: { id: node.id, name: node.name },
    audience: rows.reduce((sum, r) => sum + r.audience, 0),
    reads: rows.reduce((sum, r) => sum + r.reads, 0),
    rows,
  };
}

/** Reminds the unread members of each branch, once a day per branch; answers how many were reminded. */
export async function remind(deps: ReachDeps, context: RequestContext, id: number, organisationIds: number[]) {
  // A write: the branches must be where the cadre manages notices (an auditor only looks).
  const { row, scope } = await watched(deps, context, id, 'notice.manage');
  if (!isLive(row)) throw new AppError(409, 'reach.notice_not_published');
  const branches = await branchesWithin(deps.db, context, organisationIds, scope);
  const audience = (await repo.organisationsByIds(deps.db, row.audienceOrgIds)).map((org) => org.path);
  const day = todayInChina();
  return deps.db.transaction(async (tx) => {
    const done = await remindBranches(tx, branches, {
      waiting: (branchPath) => repo.unreadUnder(tx, row, audience, branchPath),
      record: (organisationId, people) =>
        repo.recordChase(tx, {
          noticeId: id,
          organisationId,
          kind: 'remind',
          day,
          people,
          createdBy: context.actor.userId,
        }),
      message: (organisationId, recipients) => ({
        kind: 'notice.remind',
        recipients,
        params: { title: row.title },
        link: `/app/notices/${id}`,
        organisationId,
        source: { type: 'notice', id },
      }),
    });
    if (done.organisations > 0)
      await recordAudit(tx, context, {
        action: 'notice.remind',
        subjectType: 'notice',
        subjectId: id,
        organisationId: row.organisationId,
        changes: { organisations: done.organisations, people: done.reminded },
      });
    return done;
  });
}

/**
 * Escalates each notice whose set number of working days has passed since it went live: every
 * organisation of its audience with unread members is named to its cadres (a branch without its own
 * goes to the nearest one above it, within the publisher), once, and only on a working day.
 */
export async function escalateDue(deps: ReachDeps, now = new Date()) {
  const overrides = await calendarOverrides(deps.db);
  const today = todayInChina(now);
  if (!isWorkingDay(today, overrides)) return 0;
  let escalated = 0;
  for (const notice of await repo.escalationsPending(deps.db)) {
    const due = addWorkingDays(todayInChina(notice.publishAt!), notice.escalateAfterDays!, overrides);
    if (due > today) continue;
    await deps.db.transaction(async (tx) => {
      const locked = await repo.lockNotice(tx, notice.id);
      if (!locked || locked.escalatedAt || locked.status !== 'published') return;
      const unread = await repo.unreadOrganisations(tx, notice.id);
      const ancestors = [...new Set(unread.flatMap((org) => org.path.split('.').map(Number)))];
      const cadres = await repo.cadresAt(tx, ancestors);
      const told: Notice[] = [];
      for (const org of unread) {
        // The nearest organisation with cadres, from the branch up to the publisher.
        const chain = org.path.split('.').map(Number).reverse();
        const stop = chain.indexOf(locked.organisationId);
        const target = chain
          .slice(0, stop === -1 ? chain.length : stop + 1)
          .find((orgId) => cadres.some((c) => c.organisationId === orgId));
        if (target === undefined) continue;
        if (
          !(await repo.recordChase(tx, {
            noticeId: notice.id,
            organisationId: org.id,
            kind: 'escalate',
            day: today,
            people: org.members - org.reads,
          }))
        )
          continue;
        told.push({
          kind: 'notice.escalated',
          recipients: cadres.filter((c) => c.organisationId === target).map((c) => c.userId),
          params: { title: locked.title, unread: Math.max(0, org.members - org.reads) },
          link: `/admin/notices/${notice.id}?organisationId=${org.id}`,
          organisationId: org.id,
          source: { type: 'notice-escalation', id: `${notice.id}:${org.id}`, once: true },
        });
      }
      await notifyMany(tx, told, now);
      await repo.updateNotice(tx, notice.id, { escalatedAt: now });
      escalated += told.length;
    });
  }
  return escalated;
}

/** Counts the audience of the notices that went live since the job last ran (published now or scheduled). */
export async function countLive(deps: ReachDeps) {
  const due = await repo.uncounted(deps.db);
  for (const notice of due) await deps.db.transaction(async (tx) => countAudience(tx, notice.id));
  return due.length;
}

// ---- attachments and images ----

export async function addDocument(
  deps: ReachDeps,
  context: RequestContext,
  id: number,
  file: { fileName: string; content: Buffer },
) {
  const row = await managed(deps, context, id);
  return deps.db.transaction(async (tx) => {
    const locked = (await repo.lockNotice(tx, id))!;
    if (locked.status === 'withdrawn' || isLive(locked)) throw new AppError(409, 'reach.notice_live');
    const stored = await storeDocument(
      tx,
      context,
      { provinceCode: row.provinceCode, organisationId: row.organisationId, subjectType: 'notice', subjectId: id },
      file,
      { action: 'notice.document', wrongType: 'reach.document_type' },
    );
    const attachment = {
      documentId: stored.id,
      fileName: file.fileName.slice(0, 200),
      mediaType: stored.mediaType,
      size: stored.size,
    };
    await repo.updateNotice(tx, id, { attachments: [...locked.attachments, attachment] });
    return attachment;
  });
}

/** A notice's file, for a cadre who may see the notice or a member it is addressed to (each read audited). */
export async function readDocument(deps: ReachDeps, context: RequestContext, id: number, documentId: string) {
  const reader = await repo.readerOf(deps.db, context.actor.userId);
  let row: repo.NoticeRow;
  if (reader && (await repo.isAddressedTo(deps.db, id, reader))) row = (await repo.findNotice(deps.db, id))!;
  else if (context.actor.grants.has('notice.read')) row = (await watched(deps, context, id)).row;
  else return refuseOutOfScope(deps.db, context, { type: 'notice', id, exists: () => repo.noticeExists(deps.db, id) });
  const attachment = row.attachments.find((a) => a.documentId === documentId);
  if (!attachment) throw notFound();
  const document = await readStoredDocument(
    deps.db,
    context,
    { provinceCode: row.provinceCode, organisationId: row.organisationId, subjectType: 'notice', subjectId: id },
    documentId,
    'notice.document_read',
  );
  return { mediaType: document.mediaType, fileName: attachment.fileName, content: document.content };
}

// ---- members ----

/** The notices addressed to the signed-in member, pinned first; none when they are not a member. */
export async function myNotices(
  deps: ReachDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; kind?: NoticeKind | undefined },
) {
  const reader = await repo.readerOf(deps.db, context.actor.userId);
  if (!reader) return { items: [], total: 0, page: query.page, pageSize: query.pageSize };
  const { rows, total } = await repo.readerNoticesPage(
    deps.db,
    reader,
    { kind: query.kind },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  return { items: await toViews(deps.db, rows, null), total, page: query.page, pageSize: query.pageSize };
}

/** One notice addressed to the signed-in member, its read recorded; 404 (recorded) otherwise. */
export async function myNotice(deps: ReachDeps, context: RequestContext, id: number) {
  const reader = await repo.readerOf(deps.db, context.actor.userId);
  if (!reader || !(await repo.isAddressedTo(deps.db, id, reader)))
    return refuseOutOfScope(deps.db, context, { type: 'notice', id, exists: () => repo.noticeExists(deps.db, id) });
  await deps.db.transaction(async (tx) => repo.recordReads(tx, reader, [id]));
  const [row, readAt] = await Promise.all([repo.findNotice(deps.db, id), repo.readAtOf(deps.db, reader.userId, id)]);
  return (await toViews(deps.db, [{ ...row!, readAt }], null))[0]!;
}
