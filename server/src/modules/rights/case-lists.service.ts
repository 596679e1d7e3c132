import type { CaseKind, CaseStage } from '@gonghui/contract';
import { can, type RequestContext } from '../../platform/access';
import { AppError } from '../../platform/errors';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { visibleTo } from './case-access';
import type { RightsDeps } from './case-rules';
import { listItem } from './case-views';
import * as repo from './cases.repository';

// The case lists of the signed-in user (their messages about cases are the message centre's).

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
