import type { AuditSubject } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { isWithin, type RequestContext } from '../../platform/access';
import { refuseOutOfScope } from '../../platform/audit';
import { notFound } from '../../platform/errors';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { audienceMeetsScope, organisationsByIds } from './notices.repository';
import { type Notice, notifyMany } from './notify.service';

// What notices and surveys share about the part of the tree a cadre looks into: where their look
// starts, and the branches they chase.

/**
 * Something addressed down the tree that a cadre may look at: published in their subtree, or (once
 * out of draft) addressed into it. Anything else is refused (404, audited when it exists).
 */
export async function watchedWithin<Row extends { status: string; audienceOrgIds: number[] }>(
  db: Executor,
  context: RequestContext,
  subject: { type: AuditSubject; id: number },
  scope: readonly string[],
  read: { inScope: () => Promise<Row | null>; any: () => Promise<Row | null> },
): Promise<Row> {
  const own = await read.inScope();
  if (own) return own;
  const row = await read.any();
  if (row && row.status !== 'draft' && (await audienceMeetsScope(db, row.audienceOrgIds, scope))) return row;
  return refuseOutOfScope(db, context, { ...subject, exists: async () => row !== null });
}

/**
 * Where a cadre's look at something addressed down the tree starts: the publishing organisation when
 * it is theirs, else their own place in its audience.
 */
export async function startingNode(
  db: Executor,
  row: { path: string; organisationId: number; audienceOrgIds: readonly number[] },
  scope: readonly string[],
) {
  if (isWithin(row.path, scope)) return row.organisationId;
  const audience = await organisationsByIds(db, row.audienceOrgIds);
  for (const path of scope) {
    const inside = audience.find((org) => isWithin(org.path, [path]));
    if (inside) return inside.id;
    if (audience.some((org) => isWithin(path, [org.path]))) return Number(path.split('.').at(-1));
  }
  throw notFound();
}

/** The branches chosen to chase, in one query; the first outside the scope is refused (404, audited). */
export async function branchesWithin(
  db: Executor,
  context: RequestContext,
  organisationIds: readonly number[],
  scope: readonly string[],
) {
  const wanted = [...new Set(organisationIds)];
  const branches = (await organisationsByIds(db, wanted)).filter((org) => isWithin(org.path, scope));
  const outside = wanted.find((id) => !branches.some((org) => org.id === id));
  if (outside !== undefined) await loadWithin(db, context, ORGANISATION_ANY_STATUS, outside, scope);
  return branches;
}

/**
 * Reminds, branch by branch, the people not yet reached (a notice's unread, a survey's unanswered):
 * a branch with someone waiting is reminded when its chase can be recorded (once a day), all in
 * the caller's transaction. Answers how many people and branches were reminded.
 */
export async function remindBranches(
  tx: Executor,
  branches: readonly { id: number; path: string }[],
  steps: {
    waiting: (branchPath: string) => Promise<string[]>;
    record: (branchId: number, people: number) => Promise<boolean>;
    message: (branchId: number, recipients: string[]) => Notice;
  },
) {
  let reminded = 0;
  let organisations = 0;
  const told: Notice[] = [];
  for (const branch of branches) {
    const waiting = await steps.waiting(branch.path);
    if (waiting.length === 0 || !(await steps.record(branch.id, waiting.length))) continue;
    organisations += 1;
    reminded += waiting.length;
    told.push(steps.message(branch.id, waiting));
  }
  await notifyMany(tx, told);
  return { reminded, organisations };
}
