import type { AuditSubject, Permission } from '@gonghui/contract';
import type { Executor } from '../db/client';
import { type RequestContext, scopeOf } from './access';
import { refuseOutOfScope } from './audit';
import { findOrganisationInScope, organisationExists } from './organisation-tree.repository';

// One way to load an object for a cadre: found inside the subtrees where they hold a permission
// (the scope is in the query's WHERE clause), or refused with 404 — and, when the object exists
// elsewhere, an `access.out_of_scope` row in the audit log. Every kind of object that belongs to a
// place in the organisation tree is declared once as a ScopedKind next to its repository.

/** How to find one object of a kind inside a scope, and whether one exists at all. */
export interface ScopedKind<T, Id extends string | number = number> {
  /** The audit log's subject type. */
  readonly type: AuditSubject;
  /** The object if it lies within one of the subtrees `scope` (an ltree path each). */
  inScope(db: Executor, id: Id, scope: readonly string[]): Promise<T | null | undefined>;
  exists(db: Executor, id: Id): Promise<boolean>;
}

/** Declares a kind: its audit type, its scoped look-up and its existence check. */
export function scopedKind<T, Id extends string | number = number>(
  type: AuditSubject,
  inScope: ScopedKind<T, Id>['inScope'],
  exists: ScopedKind<T, Id>['exists'],
): ScopedKind<T, Id> {
  return { type, inScope, exists };
}

/**
 * The object where the actor holds `permission`; 403 when they hold it nowhere, else 404 when it is
 * not in their subtrees (audited when it exists elsewhere).
 */
export function loadInScope<T, Id extends string | number>(
  db: Executor,
  context: RequestContext,
  kind: ScopedKind<T, Id>,
  id: Id,
  permission: Permission,
): Promise<T> {
  return loadWithin(db, context, kind, id, scopeOf(context.actor, permission));
}

/** The same, within subtrees the caller has already worked out (several permissions' scopes, say). */
export async function loadWithin<T, Id extends string | number>(
  db: Executor,
  context: RequestContext,
  kind: ScopedKind<T, Id>,
  id: Id,
  scope: readonly string[],
): Promise<T> {
  const found = await kind.inScope(db, id, scope);
  if (found) return found;
  return refuseOutOfScope(db, context, { type: kind.type, id, exists: () => kind.exists(db, id) });
}

/** An active organisation, as the place a cadre creates something at (a programme, a session, a vote). */
export const ORGANISATION = scopedKind(
  'organisation',
  (db, id: number, scope) => findOrganisationInScope(db, id, scope, { active: true }),
  organisationExists,
);

/** An organisation whatever its status (a merged union's figures are still read). */
export const ORGANISATION_ANY_STATUS = scopedKind(
  'organisation',
  (db, id: number, scope) => findOrganisationInScope(db, id, scope),
  organisationExists,
);
