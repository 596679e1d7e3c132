import type { CaseKind, CaseStage, NOTIFICATION_KINDS } from '@gonghui/contract';
import { can, type RequestContext } from '../../platform/access';
import { AppError } from '../../platform/errors';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { visibleTo } from './case-access';
import type { RightsDeps } from './case-rules';
import { listItem } from './case-views';
import * as repo from './cases.repository';

// The case lists and the notifications of the signed-in user.

export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

// ---- lists ----

export async function listCases(
  deps: RightsDeps,
  context: RequestContext,
  query: {
    page: number;
    pageSize: number;
    box: 'mine' | 'all' | 'escalated' | 'overdue';
    stage?: CaseStage | undefined;
    kind?: CaseKind | undefined;
    organisationId?: number | undefined;
    q?: string | undefined;
  },
) {
  if (query.box !== 'mine' && !can(context.actor, 'rights.read')) throw new AppError(403, 'forbidden');
  // A filter by an organisation outside the cadre's subtrees is refused like any object outside scope.
  const organisationPath = query.organisationId
    ? (
        await loadWithin(
          deps.db,
          context,
          ORGANISATION_ANY_STATUS,
          query.organisationId,
          context.actor.grants.get('rights.read') ?? [],
        )
      ).path
    : undefined;
  const { rows, total } = await repo.listCasePage(
    deps.db,
    {
      box: query.box,
      userId: context.actor.userId,
      ...(query.box === 'mine' ? { readPaths: [], visibleIds: [] } : await visibleTo(deps.db, context)),
      stage: query.stage,
      kind: query.kind,
      q: query.q,
      organisationPath,
    },
    query.page,
    query.pageSize,
  );
  return {
    items: rows.map(({ row, organisationName, handlerName }) => listItem(row, organisationName, handlerName)),
    total,
    totalCapped: total >= repo.CAPPED_TOTAL,
    page: query.page,
    pageSize: query.pageSize,
  };
}

// ---- notifications ----

export async function listNotifications(deps: RightsDeps, context: RequestContext) {
  const rows = await repo.notificationsOf(
    deps.db,
    context.actor.userId,
    context.actor.kind === 'member' ? { reporter: true } : await visibleTo(deps.db, context),
  );
  return {
    items: rows.map(({ n, title, visible }) => ({
      id: n.id,
      kind: n.kind as NotificationKind,
      caseId: n.caseId,
      caseTitle: visible ? title : null,
      createdAt: n.createdAt.toISOString(),
      readAt: n.readAt?.toISOString() ?? null,
    })),
    unread: rows.filter((r) => r.n.readAt === null).length,
  };
}

export async function markNotificationsRead(deps: RightsDeps, context: RequestContext) {
  await repo.markNotificationsRead(deps.db, context.actor.userId);
  return listNotifications(deps, context);
}
