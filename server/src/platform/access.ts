import type { Permission, Role } from '@gonghui/contract';
import { AppError } from './errors';

export interface RoleAssignmentView {
  role: Role;
  organisationId: number;
  organisationName: string;
  organisationPath: string;
}

/** Who is acting, and where each of their permissions applies. */
export interface Actor {
  userId: string;
  displayName: string;
  kind: 'member' | 'cadre';
  via: 'session' | 'token';
  sessionId: string | null;
  roles: RoleAssignmentView[];
  /** For each permission, the ltree paths of the subtrees where it is granted. */
  grants: ReadonlyMap<Permission, readonly string[]>;
}

/** A user as their session or token finds them: who, their roles, and whether the session needs a touch. */
export interface FoundActor {
  userId: string;
  displayName: string;
  kind: 'member' | 'cadre';
  hasTotp: boolean;
  roles: RoleAssignmentView[];
  needsTouch: boolean;
}

/** A session's user, with the token its cookie-authenticated writes must carry. */
export interface FoundSession extends FoundActor {
  csrfToken: string;
}

/** What every service call needs to know about the request. */
export interface RequestContext {
  actor: Actor;
  requestId: string;
  ip: string;
}

export type RolePermissions = ReadonlyMap<Role, ReadonlySet<Permission>>;

/** The roles that hold a permission. */
export function rolesHolding(rolePermissions: RolePermissions, permission: Permission): Role[] {
  return [...rolePermissions].filter(([, permissions]) => permissions.has(permission)).map(([role]) => role);
}

export function buildGrants(
  roles: readonly RoleAssignmentView[],
  rolePermissions: RolePermissions,
  onlyPermissions?: ReadonlySet<Permission>,
): Map<Permission, string[]> {
  const grants = new Map<Permission, string[]>();
  for (const assignment of roles) {
    for (const permission of rolePermissions.get(assignment.role) ?? []) {
      if (onlyPermissions && !onlyPermissions.has(permission)) continue;
      const paths = grants.get(permission) ?? [];
      paths.push(assignment.organisationPath);
      grants.set(permission, paths);
    }
  }
  for (const [permission, paths] of grants) grants.set(permission, outermostPaths(paths));
  return grants;
}

/** Drops paths already inside another path of the list: `1.2` covers `1.2.5`. */
export function outermostPaths(paths: readonly string[]): string[] {
  const unique = [...new Set(paths)].sort((a, b) => a.split('.').length - b.split('.').length);
  const kept: string[] = [];
  for (const path of unique) {
    if (!kept.some((outer) => path === outer || path.startsWith(`${outer}.`))) kept.push(path);
  }
  return kept;
}

export function can(actor: Actor, permission: Permission): boolean {
  return (actor.grants.get(permission)?.length ?? 0) > 0;
}

/** The subtrees (ltree paths) where the actor holds a permission; refuses if none. */
export function scopeOf(actor: Actor, permission: Permission): string[] {
  const paths = actor.grants.get(permission);
  if (!paths || paths.length === 0) throw new AppError(403, 'forbidden');
  return [...paths];
}

export function isWithin(path: string, scope: readonly string[]): boolean {
  return scope.some((outer) => path === outer || path.startsWith(`${outer}.`));
}

/**
 * Where an actor's own events (sign-ins, profile changes, refused access) are filed in the audit
 * trail: their first role's organisation, so auditors above it see them.
 */
export function homeOrganisationOf(actor: Actor): number | null {
  return actor.roles[0]?.organisationId ?? null;
}
