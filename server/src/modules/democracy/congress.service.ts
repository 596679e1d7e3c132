import { randomBytes } from 'node:crypto';
import type { CongressSession, CongressSessionDetail, Delegate } from '@gonghui/contract';
import { meets } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext, scopeOf } from '../../platform/access';
import { diffFields, recordAudit, refuseOutOfScope } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { type DocumentOwner, readStoredDocument, storeDocument } from '../../platform/documents';
import { AppError, ValidationProblem } from '../../platform/errors';
import { provinceOfOrganisation } from '../../platform/organisation-tree.repository';
import { loadInScope, loadWithin, ORGANISATION, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import * as repo from './congress.repository';

export type DemocracyDeps = Pick<AppDeps, 'db' | 'cipher' | 'config'>;

/** ⌈delegates × num / den⌉: the smallest attendance that meets the quorum. */
export function quorumRequired(delegates: number, quorum: { num: number; den: number }) {
  return Math.floor((delegates * quorum.num + quorum.den - 1) / quorum.den);
}

const EMPTY_COUNTS: repo.SessionCounts = { total: 0, checkedIn: 0, frontline: 0, managers: 0, women: 0 };

export function toSession(view: repo.SessionView, counts: repo.SessionCounts, showCode: boolean): CongressSession {
  const s = view.session;
  const quorum = { num: s.quorumNum, den: s.quorumDen };
  const warnings: string[] = [];
  if (counts.total > 0) {
    if (counts.frontline * 100 < s.frontlineMinPercent * counts.total) warnings.push('frontline');
    if (counts.managers * 100 > s.managersMaxPercent * counts.total) warnings.push('managers');
    if (s.womenMinPercent !== null && counts.women * 100 < s.womenMinPercent * counts.total) warnings.push('women');
  }
  return {
    id: s.id,
    organisationId: s.organisationId,
    organisationName: view.organisationName,
    term: s.term,
    meeting: s.meeting,
    title: s.title,
    meetingDate: s.meetingDate,
    venue: s.venue,
    status: s.status as CongressSession['status'],
    onlineCheckIn: s.onlineCheckIn,
    quorum,
    frontlineMinPercent: s.frontlineMinPercent,
    managersMaxPercent: s.managersMaxPercent,
    womenMinPercent: s.womenMinPercent,
    minCosigners: s.minCosigners,
    delegates: counts.total,
    checkedIn: counts.checkedIn,
    quorumRequired: quorumRequired(counts.total, quorum),
    quorumMet: counts.total > 0 && meets(counts.checkedIn, quorum, counts.total, 'inclusive'),
    composition: {
      total: counts.total,
      frontline: counts.frontline,
      managers: counts.managers,
      women: counts.women,
      warnings,
    },
    checkInCode: showCode ? s.checkInCode : null,
    createdAt: s.createdAt.toISOString(),
  };
}

/** A session seen by a cadre in scope or by one of its delegates; the delegate row when it is one. */
export async function sessionForReader(deps: DemocracyDeps, context: RequestContext, id: number) {
  const view = await repo.findSession(deps.db, id);
  if (view && isWithin(view.path, context.actor.grants.get('democracy.read') ?? [])) {
    return { view, delegate: null };
  }
  const delegate = view ? await repo.findDelegateOfUser(deps.db, id, context.actor.userId) : null;
  if (view && delegate) return { view, delegate };
  return refuseOutOfScope(deps.db, context, { type: 'congress_session', id, exists: async () => view !== null });
}

function assertNotClosed(view: repo.SessionView) {
  if (view.session.status === 'closed') throw new AppError(409, 'democracy.session_closed');
}

async function sessionOut(deps: DemocracyDeps, context: RequestContext, id: number) {
  const view = (await repo.findSession(deps.db, id))!;
  const counts = (await repo.sessionCounts(deps.db, [id])).get(id) ?? EMPTY_COUNTS;
  return toSession(view, counts, isWithin(view.path, context.actor.grants.get('democracy.manage') ?? []));
}

export async function listSessions(
  deps: DemocracyDeps,
  context: RequestContext,
  query: { page: number; pageSize: number; organisationId?: number | undefined },
) {
  const scope = scopeOf(context.actor, 'democracy.read');
  if (query.organisationId) await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, query.organisationId, scope);
  const { rows, total } = await repo.sessionsPage(
    deps.db,
    { scope, organisationId: query.organisationId },
    query.pageSize,
    (query.page - 1) * query.pageSize,
  );
  const counts = await repo.sessionCounts(
    deps.db,
    rows.map((r) => r.session.id),
  );
  const manage = context.actor.grants.get('democracy.manage') ?? [];
  return {
    items: rows.map((r) => toSession(r, counts.get(r.session.id) ?? EMPTY_COUNTS, isWithin(r.path, manage))),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function getSessionDetail(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
): Promise<CongressSessionDetail> {
  await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.read');
  const [session, constituencies, delegates, agenda] = await Promise.all([
    sessionOut(deps, context, id),
    repo.listConstituencies(deps.db, id),
    repo.listDelegates(deps.db, id),
    repo.listAgenda(deps.db, id),
  ]);
  return { ...session, constituencies, delegateList: delegates.map(toDelegate), agenda };
}

function toDelegate(row: Awaited<ReturnType<typeof repo.listDelegates>>[number]): Delegate {
  return {
    id: row.delegate.id,
    memberId: row.delegate.memberId,
    memberNumber: row.memberNumber,
    name: row.name,
    gender: row.gender as Delegate['gender'],
    memberStatus: row.memberStatus,
    constituencyId: row.delegate.constituencyId,
    category: row.delegate.category as Delegate['category'],
    checkedInAt: row.delegate.checkedInAt?.toISOString() ?? null,
    checkInMethod: row.delegate.checkInMethod as Delegate['checkInMethod'],
    presidiumPosition: row.delegate.presidiumPosition,
  };
}

export interface SessionInput {
  term?: number | undefined;
  meeting?: number | undefined;
  title?: string | undefined;
  meetingDate?: string | undefined;
  venue?: string | null | undefined;
  onlineCheckIn?: boolean | undefined;
  quorum?: { num: number; den: number } | undefined;
  frontlineMinPercent?: number | undefined;
  managersMaxPercent?: number | undefined;
  womenMinPercent?: number | null | undefined;
  minCosigners?: number | undefined;
  status?: 'preparing' | 'open' | 'closed' | undefined;
}

function sessionValues(input: SessionInput) {
  const { quorum, ...rest } = input;
  return {
    ...rest,
    ...(quorum ? { quorumNum: quorum.num, quorumDen: quorum.den } : {}),
  };
}

export async function createSession(
  deps: DemocracyDeps,
  context: RequestContext,
  input: SessionInput & { organisationId: number; term: number; meeting: number; title: string; meetingDate: string },
) {
  const organisation = await loadInScope(deps.db, context, ORGANISATION, input.organisationId, 'democracy.manage');
  const provinceCode = await provinceOfOrganisation(deps.db, organisation.id);
  const id = await deps.db.transaction(async (tx) => {
    const row = await repo.insertSession(tx, {
      ...sessionValues(input),
      term: input.term,
      meeting: input.meeting,
      title: input.title,
      meetingDate: input.meetingDate,
      organisationId: organisation.id,
      provinceCode,
      checkInCode: randomBytes(12).toString('base64url'),
      createdBy: context.actor.userId,
    });
    if (!row) throw new AppError(409, 'democracy.session_exists');
    await recordAudit(tx, context, {
      action: 'congress.create',
      subjectType: 'congress_session',
      subjectId: row.id,
      organisationId: organisation.id,
      changes: { title: row.title, term: row.term, meeting: row.meeting },
    });
    return row.id;
  });
  return sessionOut(deps, context, id);
}

const STATUS_ORDER = ['preparing', 'open', 'closed'];

export async function updateSession(deps: DemocracyDeps, context: RequestContext, id: number, input: SessionInput) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  assertNotClosed(view);
  // A session moves forward only: preparing → open → closed.
  if (input.status && STATUS_ORDER.indexOf(input.status) < STATUS_ORDER.indexOf(view.session.status)) {
    throw new AppError(409, 'democracy.session_started');
  }
  const values = sessionValues(input);
  await deps.db.transaction(async (tx) => {
    await repo.updateSession(tx, id, values);
    await recordAudit(tx, context, {
      action: 'congress.update',
      subjectType: 'congress_session',
      subjectId: id,
      organisationId: view.session.organisationId,
      changes: diffFields(view.session as unknown as Record<string, unknown>, values),
    });
  });
  return sessionOut(deps, context, id);
}

/** A new venue code: printed or displayed QR codes with the old one stop working. */
export async function rotateCheckInCode(deps: DemocracyDeps, context: RequestContext, id: number) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  assertNotClosed(view);
  await deps.db.transaction(async (tx) => {
    await repo.updateSession(tx, id, { checkInCode: randomBytes(12).toString('base64url') });
    await recordAudit(tx, context, {
      action: 'congress.rotate_code',
      subjectType: 'congress_session',
      subjectId: id,
      organisationId: view.session.organisationId,
    });
  });
  return sessionOut(deps, context, id);
}

export async function addConstituency(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  input: { name: string; seats: number },
) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  assertNotClosed(view);
  await deps.db.transaction(async (tx) => {
    const row = await repo.insertConstituency(tx, { ...input, sessionId: id, provinceCode: view.session.provinceCode });
    if (!row) throw new AppError(409, 'conflict');
    await recordAudit(tx, context, {
      action: 'congress.constituency_add',
      subjectType: 'congress_session',
      subjectId: id,
      organisationId: view.session.organisationId,
      changes: input,
    });
  });
  return repo.listConstituencies(deps.db, id);
}

/** Records an elected delegate: an active member of the session's union or its branches. */
export async function addDelegate(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  input: { memberNumber: string; constituencyId?: number | null | undefined; category: Delegate['category'] },
) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  assertNotClosed(view);
  const member = await repo.findMemberInSubtree(deps.db, input.memberNumber, view.path);
  if (!member)
    throw new ValidationProblem([{ field: 'memberNumber', messageKey: 'problem.democracy.member_not_found' }]);
  if (member.status !== 'active') {
    throw new ValidationProblem([{ field: 'memberNumber', messageKey: 'problem.democracy.delegate_not_eligible' }]);
  }
  await deps.db.transaction(async (tx) => {
    if (input.constituencyId) {
      const found = await repo.lockConstituency(tx, id, input.constituencyId);
      if (!found) throw new ValidationProblem([{ field: 'constituencyId', messageKey: 'problem.not_found' }]);
      if (found.taken >= found.constituency.seats) throw new AppError(409, 'democracy.constituency_full');
    }
    const row = await repo.insertDelegate(tx, {
      sessionId: id,
      provinceCode: view.session.provinceCode,
      memberId: member.id,
      constituencyId: input.constituencyId ?? null,
      category: input.category,
    });
    if (!row) throw new AppError(409, 'democracy.delegate_exists');
    await recordAudit(tx, context, {
      action: 'congress.delegate_add',
      subjectType: 'congress_session',
      subjectId: id,
      organisationId: view.session.organisationId,
      changes: { member: member.id, category: input.category, constituency: input.constituencyId ?? null },
    });
  });
  return getSessionDetail(deps, context, id);
}

/**
 * Sets the session's presidium (主席团), elected at its preparatory meeting, from its delegates in
 * order. The first three of them with accounts become the trustees of the secret votes created in
 * the session afterwards (any two of them needed to decrypt), unless the cadre names others.
 */
export async function setPresidium(deps: DemocracyDeps, context: RequestContext, id: number, delegateIds: number[]) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  assertNotClosed(view);
  const delegates = new Set((await repo.listDelegates(deps.db, id)).map((row) => row.delegate.id));
  const strangers = delegateIds.flatMap((delegateId, at) =>
    delegates.has(delegateId)
      ? []
      : [{ field: `delegateIds.${at}`, messageKey: 'problem.democracy.not_a_delegate' as const }],
  );
  if (strangers.length > 0) throw new ValidationProblem(strangers);
  await deps.db.transaction(async (tx) => {
    await repo.setPresidium(tx, id, delegateIds);
    await recordAudit(tx, context, {
      action: 'congress.presidium',
      subjectType: 'congress_session',
      subjectId: id,
      organisationId: view.session.organisationId,
      changes: { presidium: delegateIds },
    });
  });
  return getSessionDetail(deps, context, id);
}

export async function removeDelegate(deps: DemocracyDeps, context: RequestContext, id: number, delegateId: number) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  if (view.session.status !== 'preparing') throw new AppError(409, 'democracy.session_started');
  await deps.db.transaction(async (tx) => {
    const row = await repo.deleteDelegate(tx, id, delegateId);
    if (!row) throw new AppError(404, 'not_found');
    await recordAudit(tx, context, {
      action: 'congress.delegate_remove',
      subjectType: 'congress_session',
      subjectId: id,
      organisationId: view.session.organisationId,
      changes: { member: row.memberId },
    });
  });
  return getSessionDetail(deps, context, id);
}

async function markCheckedIn(db: Executor, delegateId: number, method: 'qr' | 'online' | 'desk') {
  const row = await repo.markCheckedIn(db, delegateId, method);
  return { checkedInAt: row.checkedInAt!.toISOString(), method: row.checkInMethod as 'qr' | 'online' | 'desk' };
}

/** A delegate checks in: with the venue QR code, or online when the session allows it. */
export async function checkIn(deps: DemocracyDeps, context: RequestContext, id: number, code: string | undefined) {
  const view = await repo.findSession(deps.db, id);
  const delegate = view ? await repo.findDelegateOfUser(deps.db, id, context.actor.userId) : null;
  if (!view || !delegate) throw new AppError(403, 'democracy.not_delegate');
  if (view.session.status !== 'open') throw new AppError(409, 'democracy.session_not_open');
  let method: 'qr' | 'online';
  if (code !== undefined && code !== '') {
    const expected = Buffer.from(view.session.checkInCode);
    const given = Buffer.from(code);
    if (expected.length !== given.length || !expected.equals(given)) {
      throw new AppError(422, 'democracy.check_in_code');
    }
    method = 'qr';
  } else {
    if (!view.session.onlineCheckIn) throw new AppError(409, 'democracy.online_check_in_off');
    method = 'online';
  }
  return markCheckedIn(deps.db, delegate.delegate.id, method);
}

/** A cadre at the registration desk checks a delegate in. */
export async function checkInAtDesk(deps: DemocracyDeps, context: RequestContext, id: number, delegateId: number) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  if (view.session.status !== 'open') throw new AppError(409, 'democracy.session_not_open');
  const delegate = await repo.findDelegate(deps.db, id, delegateId);
  if (!delegate) throw new AppError(404, 'not_found');
  const result = await markCheckedIn(deps.db, delegateId, 'desk');
  await recordAudit(deps.db, context, {
    action: 'congress.check_in_desk',
    subjectType: 'congress_session',
    subjectId: id,
    organisationId: view.session.organisationId,
    changes: { member: delegate.memberId },
  });
  return result;
}

export async function addAgendaItem(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  input: { title: string; description?: string | null | undefined },
) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  assertNotClosed(view);
  await deps.db.transaction(async (tx) => {
    await repo.appendAgendaItem(tx, {
      sessionId: id,
      provinceCode: view.session.provinceCode,
      title: input.title,
      description: input.description ?? null,
    });
    await recordAudit(tx, context, {
      action: 'congress.agenda_add',
      subjectType: 'congress_session',
      subjectId: id,
      organisationId: view.session.organisationId,
      changes: { title: input.title },
    });
  });
  return repo.listAgenda(deps.db, id);
}

/** Marks the item under discussion (shown on the hall screen); at most one at a time. */
export async function setCurrentItem(deps: DemocracyDeps, context: RequestContext, id: number, itemId: number) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  assertNotClosed(view);
  await deps.db.transaction(async (tx) => {
    // The item must be one of this session's: another session's id is not found, and changes nothing.
    const item = await repo.findAgendaItem(tx, id, itemId);
    if (!item) throw new AppError(404, 'not_found');
    await repo.setCurrentItem(tx, id, itemId);
    await recordAudit(tx, context, {
      action: 'congress.agenda_current',
      subjectType: 'congress_session',
      subjectId: id,
      organisationId: view.session.organisationId,
      changes: { itemId },
    });
  });
  return repo.listAgenda(deps.db, id);
}

/** A session as the owner of its documents, for their audit rows. */
const documentOwner = (view: {
  session: { id: number; provinceCode: string; organisationId: number };
}): DocumentOwner => ({
  provinceCode: view.session.provinceCode,
  organisationId: view.session.organisationId,
  subjectType: 'congress_session',
  subjectId: view.session.id,
});

/** Stores a document of an agenda item; its type is read from the content, never the name. */
export async function addDocument(
  deps: DemocracyDeps,
  context: RequestContext,
  id: number,
  itemId: number,
  file: { fileName: string; content: Buffer },
) {
  const view = await loadInScope(deps.db, context, repo.SESSION, id, 'democracy.manage');
  assertNotClosed(view);
  const item = await repo.findAgendaItem(deps.db, id, itemId);
  if (!item) throw new AppError(404, 'not_found');
  await deps.db.transaction(async (tx) => {
    const stored = await storeDocument(tx, context, documentOwner(view), file, {
      action: 'congress.document_add',
      wrongType: 'democracy.document_type',
      changes: { agendaItemId: itemId },
    });
    await repo.insertDocument(tx, {
      id: stored.id,
      sessionId: id,
      provinceCode: view.session.provinceCode,
      agendaItemId: itemId,
      uploadedBy: context.actor.userId,
    });
  });
  return repo.listAgenda(deps.db, id);
}

/** A document, to a cadre in scope or a delegate of the session; every download is audited. */
export async function readDocument(deps: DemocracyDeps, context: RequestContext, id: number, documentId: string) {
  const { view } = await sessionForReader(deps, context, id);
  const link = await repo.findDocument(deps.db, id, documentId);
  if (!link) throw new AppError(404, 'not_found');
  return readStoredDocument(deps.db, context, documentOwner(view), link.id, 'congress.document_download');
}

/** The sessions where the signed-in member is a delegate, with what a delegate needs on the day. */
export async function mySessions(deps: DemocracyDeps, context: RequestContext) {
  const delegations = await repo.delegationsOfUser(deps.db, context.actor.userId);
  const items = [];
  for (const { delegate } of delegations) {
    const view = (await repo.findSession(deps.db, delegate.sessionId))!;
    const counts = (await repo.sessionCounts(deps.db, [view.session.id])).get(view.session.id) ?? EMPTY_COUNTS;
    const [agenda, delegates] = await Promise.all([
      repo.listAgenda(deps.db, view.session.id),
      repo.listDelegates(deps.db, view.session.id),
    ]);
    items.push({
      session: toSession(view, counts, false),
      delegateId: delegate.id,
      checkedInAt: delegate.checkedInAt?.toISOString() ?? null,
      agenda,
      delegates: delegates
        .filter((d) => d.delegate.id !== delegate.id)
        .map((d) => ({ id: d.delegate.id, name: d.name })),
    });
  }
  return { items: items.reverse() };
}
