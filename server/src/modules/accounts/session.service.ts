import { isPermission, type Permission } from '@gonghui/contract';
import type DataLoader from 'dataloader';
import type { Db } from '../../db/client';
import {
  type Actor,
  buildGrants,
  type FoundActor,
  type FoundSession,
  homeOrganisationOf,
  type RequestContext,
  type RolePermissions,
} from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { naturalBatches } from '../../platform/batching';
import { sha256Hex } from '../../platform/crypto';
import { type AccountsDeps, TOTP_REQUIRED_ROLES } from './account-rules';
import * as repo from './accounts.repository';
import type { ResolvedSession } from './login.service';

const builtGrants = new WeakMap<RolePermissions, WeakMap<FoundActor, Actor['grants']>>();

function grantsOf(rolePermissions: RolePermissions, found: FoundActor): Actor['grants'] {
  let byFound = builtGrants.get(rolePermissions);
  if (!byFound) {
    byFound = new WeakMap();
    builtGrants.set(rolePermissions, byFound);
  }
  let grants = byFound.get(found);
  if (!grants) {
    grants = buildGrants(found.roles, rolePermissions);
    byFound.set(found, grants);
  }
  return grants;
}

function actorOf(
  deps: Pick<AccountsDeps, 'rolePermissions'>,
  found: FoundActor,
  via: Actor['via'],
  sessionId: string | null,
  onlyPermissions?: ReadonlySet<Permission>,
): Actor {
  return {
    userId: found.userId,
    displayName: found.displayName,
    kind: found.kind,
    via,
    sessionId,
    roles: found.roles,
    grants: onlyPermissions
      ? buildGrants(found.roles, deps.rolePermissions, onlyPermissions)
      : grantsOf(deps.rolePermissions, found),
  };
}

// Sessions not in memory are looked up together: one query for all the requests of the moment.
const sessionLookups = new WeakMap<Db, DataLoader<string, repo.LiveSession | null>>();

function lookUpSession(db: Db, id: string): Promise<repo.LiveSession | null> {
  let loader = sessionLookups.get(db);
  if (!loader) {
    loader = naturalBatches(async (ids) => {
      const live = await repo.findSessionActors(db, ids);
      const due = [...live].filter(([, session]) => session.found.needsTouch);
      if (due.length > 0) {
        await repo.touchSessions(
          db,
          due.map(([sessionId]) => sessionId),
        );
        for (const [, session] of due) session.timing.seenAgoMs = 0;
      }
      return ids.map((sessionId) => live.get(sessionId) ?? null);
    });
    sessionLookups.set(db, loader);
  }
  return loader.load(id);
}

/**
 * The actor behind a session cookie, or null if the session is unknown, expired, idle or revoked.
 * From memory while the session sits in the session cache, else one query shared with the other
 * requests of the moment; last-seen is refreshed at most once a minute.
 */
export async function resolveSession(deps: AccountsDeps, token: string): Promise<ResolvedSession | null> {
  const id = sha256Hex(token);
  const cached = deps.sessions?.get(id);
  let found: FoundSession;
  if (cached) {
    found = cached.found;
    if (cached.needsTouch) {
      await repo.touchSessions(deps.db, [id]);
      deps.sessions?.touched(id);
    }
  } else {
    const stamp = deps.sessions?.stamp ?? 0;
    const live = await lookUpSession(deps.db, id);
    if (!live) return null;
    found = live.found;
    deps.sessions?.set(id, found, live.timing, stamp);
  }
  const actor = actorOf(deps, found, 'session', id);
  const mustEnrolTotp =
    deps.config.requireTotp && !found.hasTotp && actor.roles.some((r) => TOTP_REQUIRED_ROLES.has(r.role));
  return { actor, csrfToken: found.csrfToken, mustEnrolTotp };
}

/** The actor behind an API token: the token's permissions, never more than its owner still holds. */
export async function resolveApiToken(deps: AccountsDeps, token: string): Promise<Actor | null> {
  const found = await repo.findApiTokenActor(deps.db, sha256Hex(token));
  if (!found) return null;
  if (found.needsTouch) await repo.touchApiToken(deps.db, found.tokenId);
  return actorOf(deps, found, 'token', null, new Set(found.permissions.filter(isPermission)));
}

export async function logout(deps: AccountsDeps, context: RequestContext): Promise<void> {
  if (!context.actor.sessionId) return;
  await deps.db.transaction(async (tx) => {
    await repo.revokeSession(tx, context.actor.sessionId!);
    await recordAudit(tx, context, {
      action: 'auth.logout',
      subjectType: 'user',
      subjectId: context.actor.userId,
      organisationId: homeOrganisationOf(context.actor),
    });
  });
}
