import { isPermission, type Locale, type Me, maskMobile } from '@gonghui/contract';
import { authenticator } from 'otplib';
import { can, homeOrganisationOf, outermostPaths, type RequestContext } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { AppError, notFound, ValidationProblem } from '../../platform/errors';
import { type AccountsDeps, hashPassword, TOTP_REQUIRED_ROLES, verifyPassword } from './account-rules';
import * as repo from './accounts.repository';
import { consumeTotp, type ResolvedSession } from './login.service';
import { checkPasswordPolicy } from './password-policy';

export async function getMe(deps: AccountsDeps, context: RequestContext, session: ResolvedSession): Promise<Me> {
  const user = await repo.findUserById(deps.db, context.actor.userId);
  if (!user) throw notFound();
  const { actor } = context;
  // The outermost organisations where the user holds a cadre role: the roots of the switcher.
  const cadreRoles = actor.roles.filter((r) => r.role !== 'member');
  const outermost = new Set(outermostPaths(cadreRoles.map((r) => r.organisationPath)));
  const scopes = new Map(
    cadreRoles.filter((r) => outermost.has(r.organisationPath)).map((r) => [r.organisationId, r.organisationName]),
  );
  return {
    user: {
      id: user.id,
      username: user.username,
      displayName: user.displayName,
      mobile: user.mobileEnc ? maskMobile(deps.cipher.decrypt(user.mobileEnc)) : null,
      kind: user.kind as 'member' | 'cadre',
      locale: user.locale as Locale,
      largeText: user.largeText,
      totpEnabled: user.totpSecretEnc !== null,
    },
    roles: actor.roles.map((r) => ({
      role: r.role,
      organisationId: r.organisationId,
      organisationName: r.organisationName,
    })),
    permissions: [...actor.grants.keys()].sort(),
    scopes: [...scopes].map(([organisationId, name]) => ({ organisationId, name })),
    shell: user.kind === 'cadre' ? 'admin' : 'member',
    csrfToken: session.csrfToken,
    mustEnrolTotp: session.mustEnrolTotp,
  };
}

export async function updateMe(
  deps: AccountsDeps,
  context: RequestContext,
  input: { locale?: Locale | undefined; largeText?: boolean | undefined; displayName?: string | undefined },
) {
  await deps.db.transaction(async (tx) => {
    const before = await repo.lockUser(tx, context.actor.userId);
    if (!before) throw notFound();
    await repo.updateUser(tx, context.actor.userId, input);
    if (input.displayName !== undefined && input.displayName !== before.displayName) {
      await recordAudit(tx, context, {
        action: 'user.update_profile',
        subjectType: 'user',
        subjectId: before.id,
        organisationId: homeOrganisationOf(context.actor),
        changes: { displayName: { from: before.displayName, to: input.displayName } },
      });
    }
  });
}

/** Checks the current password, applies the policy, and signs out every other session. */
export async function changePassword(
  deps: AccountsDeps,
  context: RequestContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  const user = await repo.findUserById(deps.db, context.actor.userId);
  if (!user) throw notFound();
  if (!(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new ValidationProblem([{ field: 'currentPassword', messageKey: 'problem.password_incorrect' }]);
  }
  const mobile = user.mobileEnc ? deps.cipher.decrypt(user.mobileEnc) : null;
  const problems = checkPasswordPolicy(input.newPassword, { username: user.username, mobile }, 'newPassword');
  if (problems.length > 0) throw new ValidationProblem(problems);
  const passwordHash = await hashPassword(input.newPassword);
  await deps.db.transaction(async (tx) => {
    await repo.updateUser(tx, user.id, { passwordHash, passwordChangedAt: new Date() });
    await repo.revokeOtherSessions(tx, user.id, context.actor.sessionId);
    await recordAudit(tx, context, {
      action: 'auth.password_changed',
      subjectType: 'user',
      subjectId: user.id,
      organisationId: homeOrganisationOf(context.actor),
    });
  });
}

export async function startTotpSetup(deps: AccountsDeps, context: RequestContext) {
  const user = await repo.findUserById(deps.db, context.actor.userId);
  if (!user) throw notFound();
  const secret = authenticator.generateSecret();
  await repo.updateUser(deps.db, user.id, { totpPendingSecretEnc: deps.cipher.encrypt(secret) });
  return { secret, otpauthUrl: authenticator.keyuri(user.username, 'Gonghui', secret) };
}

export async function enableTotp(deps: AccountsDeps, context: RequestContext, code: string): Promise<void> {
  await deps.db.transaction(async (tx) => {
    const user = await repo.lockUser(tx, context.actor.userId);
    if (!user?.totpPendingSecretEnc) throw new AppError(409, 'conflict');
    const secret = deps.cipher.decrypt(user.totpPendingSecretEnc);
    if (!authenticator.check(code, secret)) {
      throw new ValidationProblem([{ field: 'code', messageKey: 'problem.totp_invalid' }]);
    }
    await repo.updateUser(tx, user.id, {
      totpSecretEnc: user.totpPendingSecretEnc,
      totpPendingSecretEnc: null,
      totpLastStep: Math.floor(Date.now() / 30_000),
    });
    await recordAudit(tx, context, {
      action: 'auth.totp_enabled',
      subjectType: 'user',
      subjectId: user.id,
      organisationId: homeOrganisationOf(context.actor),
    });
  });
}

export async function disableTotp(deps: AccountsDeps, context: RequestContext, code: string): Promise<void> {
  const result = await deps.db.transaction(async (tx) => {
    const user = await repo.lockUser(tx, context.actor.userId);
    if (!user?.totpSecretEnc) throw new AppError(409, 'conflict');
    if (deps.config.requireTotp && context.actor.roles.some((r) => TOTP_REQUIRED_ROLES.has(r.role))) {
      throw new AppError(403, 'forbidden');
    }
    if (!(await consumeTotp(deps, tx, user, code))) return false;
    await repo.updateUser(tx, user.id, { totpSecretEnc: null, totpLastStep: null });
    await recordAudit(tx, context, {
      action: 'auth.totp_disabled',
      subjectType: 'user',
      subjectId: user.id,
      organisationId: homeOrganisationOf(context.actor),
    });
    return true;
  });
  if (!result) throw new ValidationProblem([{ field: 'code', messageKey: 'problem.totp_invalid' }]);
}

function toApiTokenView(row: Awaited<ReturnType<typeof repo.listApiTokens>>[number]) {
  return {
    id: row.id,
    name: row.name,
    permissions: row.permissions,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

/** A token for an integration: hashed at rest, shown once, limited to permissions the owner holds. */
export async function createApiToken(
  deps: AccountsDeps,
  context: RequestContext,
  input: { name: string; permissions: string[]; expiresInDays?: number | undefined },
) {
  const problems = input.permissions
    .map((permission, index) => ({ permission, index }))
    .filter(({ permission }) => !isPermission(permission) || !can(context.actor, permission))
    .map(({ index }) => ({ field: `permissions.${index}`, messageKey: 'problem.forbidden' }));
  if (problems.length > 0) throw new ValidationProblem(problems);
  const token = `gh_${randomToken()}`;
  return deps.db.transaction(async (tx) => {
    const row = await repo.insertApiToken(tx, {
      userId: context.actor.userId,
      name: input.name,
      tokenHash: sha256Hex(token),
      permissions: [...new Set(input.permissions)],
      expiresAt: input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null,
    });
    await recordAudit(tx, context, {
      action: 'api_token.create',
      subjectType: 'api_token',
      subjectId: row.id,
      organisationId: homeOrganisationOf(context.actor),
      changes: { name: input.name, permissions: input.permissions },
    });
    return { ...toApiTokenView(row), token };
  });
}

export async function listApiTokens(deps: AccountsDeps, context: RequestContext) {
  return (await repo.listApiTokens(deps.db, context.actor.userId)).map(toApiTokenView);
}

export async function revokeApiToken(deps: AccountsDeps, context: RequestContext, id: string) {
  const revoked = await deps.db.transaction(async (tx) => {
    if (!(await repo.revokeApiToken(tx, id, context.actor.userId))) return false;
    await recordAudit(tx, context, {
      action: 'api_token.revoke',
      subjectType: 'api_token',
      subjectId: id,
      organisationId: homeOrganisationOf(context.actor),
    });
    return true;
  });
  // Someone else's token is refused as missing, and the attempt recorded.
  if (!revoked) {
    await refuseOutOfScope(deps.db, context, {
      type: 'api_token',
      id,
      exists: () => repo.apiTokenOfOtherUserExists(deps.db, id, context.actor.userId),
    });
  }
}

export async function listMySessions(deps: AccountsDeps, context: RequestContext) {
  const rows = await repo.listLiveSessions(deps.db, context.actor.userId);
  return rows.map((s) => ({
    // The public id is a hash of the stored id: it names a session without being able to use it.
    id: sha256Hex(s.id).slice(0, 32),
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
    isCurrent: s.id === context.actor.sessionId,
  }));
}

export async function revokeMySession(deps: AccountsDeps, context: RequestContext, publicId: string) {
  const rows = await repo.listLiveSessions(deps.db, context.actor.userId);
  const target = rows.find((s) => sha256Hex(s.id).slice(0, 32) === publicId);
  if (!target) throw notFound();
  await deps.db.transaction(async (tx) => {
    await repo.revokeSession(tx, target.id, context.actor.userId);
    await recordAudit(tx, context, {
      action: 'auth.session_revoked',
      subjectType: 'user',
      subjectId: context.actor.userId,
      organisationId: homeOrganisationOf(context.actor),
    });
  });
}
