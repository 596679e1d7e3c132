import type { Permission } from '../permissions';

// The console's shape, which its first screen needs: no schemas here (the web's first chunk takes
// these, and builds no schema; auth.contract.ts has the to-do list's).

/**
 * What may wait for a cadre: each kind, the permission that makes it theirs, and the console page
 * (under /admin/) where they do it. The server counts only the kinds whose permission the person
 * holds, in the subtrees where they hold it; the console lands on the to-do page when any kind is
 * theirs, and otherwise on their first page (the station keeper's is card checking).
 */
export const TODO_KINDS = {
  joinApplications: { permission: 'member.manage', page: 'applications' },
  transfers: { permission: 'member.manage', page: 'transfers' },
  corrections: { permission: 'member.manage', page: 'members' },
  casesToDispatch: { permission: 'rights.dispatch', page: 'cases?box=all' },
  casesNearDeadline: { permission: 'rights.handle', page: 'cases?box=mine' },
  casesOverdue: { permission: 'rights.read', page: 'cases?box=overdue' },
  applicationsAtMyStep: { permission: 'assistance.manage', page: 'assistance/applications' },
  applicationsToApprove: { permission: 'assistance.approve', page: 'assistance/applications' },
  objectionsToAnswer: { permission: 'assistance.manage', page: 'assistance/applications' },
  votesToOpen: { permission: 'democracy.manage', page: 'votes' },
  proposalsToReview: { permission: 'democracy.manage', page: 'proposals' },
  questionsToAnswer: { permission: 'democracy.manage', page: 'notices' },
} as const satisfies Record<string, { permission: Permission; page: string }>;

export type TodoKind = keyof typeof TODO_KINDS;
export const TODO_KIND_LIST = Object.keys(TODO_KINDS) as TodoKind[];

/** The kinds that are someone's with these permissions, in TODO_KINDS order. */
export function todoKindsFor(permissions: readonly string[]): TodoKind[] {
  const held = new Set(permissions);
  return TODO_KIND_LIST.filter((kind) => held.has(TODO_KINDS[kind].permission));
}

/** The console's menu is grouped by domain, in this order (the web modules' manifests name each entry's). */
export const MENU_GROUPS = [
  'organisation',
  'membership',
  'reach',
  'democracy',
  'rights',
  'assistance',
  'system',
] as const;
export type MenuGroup = (typeof MENU_GROUPS)[number];
