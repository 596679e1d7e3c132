import { randomInt, timingSafeEqual } from 'node:crypto';
import {
  isPermission,
  type Locale,
  type Me,
  maskIdNumber,
  maskMobile,
  type Permission,
  type Role,
} from '@gonghui/contract';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type DataLoader from 'dataloader';
import { authenticator } from 'otplib';
import type { Config } from '../../config';
import type { Db, Executor } from '../../db/client';
import {
  type Actor,
  buildGrants,
  can,
  type FoundActor,
  type FoundSession,
  homeOrganisationOf,
  outermostPaths,
  type RequestContext,
  type RolePermissions,
  scopeOf,
} from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { naturalBatches } from '../../platform/batching';
import { type PiiCipher, randomToken, sha256Hex } from '../../platform/crypto';
import { AppError, notFound, ValidationProblem } from '../../platform/errors';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import type { SessionCache } from '../../platform/session-cache';
import type { SmsProvider } from '../../platform/sms';
import * as repo from './accounts.repository';
import { checkPasswordPolicy, DEMO_PASSWORD } from './password-policy';

export interface AccountsDeps {
  db: Db;
  cipher: PiiCipher;
  config: Pick<Config, 'lockout' | 'sessions' | 'requireTotp'>;
  rolePermissions: RolePermissions;
  sms: SmsProvider;
  /** Recently resolved sessions; absent, every request looks its session up. */
  sessions?: SessionCache<FoundSession> | undefined;
}

export interface ClientInfo {
  ip: string;
  userAgent: string | null;
  requestId: string;
}

/** Roles that must use two-factor authentication where it is required (production). */
const TOTP_REQUIRED_ROLES: ReadonlySet<Role> = new Set(['federation_cadre', 'federation_admin', 'auditor']);
const SMS_CODE_MINUTES = 10;
const SMS_MAX_ATTEMPTS = 5;

// OWASP's recommended argon2id parameters: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
let dummyHash: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return argonHash(password, ARGON2);
}

/** Verifies against a throwaway hash when there is no user, so timing does not reveal logins. */
async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
  if (!stored) {
    dummyHash ??= hashPassword(randomToken());
    await argonVerify(await dummyHash, password).catch(() => false);
    return false;
  }
  return argonVerify(stored, password).catch(() => false);
}

export interface IssuedSession {
  token: string;
  csrfToken: string;
  expiresAt: Date;
  userId: string;
}

type LoginResult = { ok: true; user: repo.UserRow } | { ok: false; error: AppError };

/**
 * The throttle key of a sign-in: the login as typed (normalised) with the address it came from. It
 * exists whether or not an account does, so a locked-out login answers the same either way, and
 * guesses from one address never lock the account's owner out elsewhere.
 */
function loginThrottleKey(deps: AccountsDeps, login: string, ip: string) {
  return deps.cipher.blindIndex(`login-throttle:${login.trim().toLowerCase()}:${ip}`);
}

async function refuseWhileThrottled(deps: AccountsDeps, key: Buffer) {
  const until = await repo.throttleLockedUntil(deps.db, key);
  if (until)
    throw new AppError(429, 'login_throttled', { minutes: Math.ceil((until.getTime() - Date.now()) / 60_000) });
}

/**
 * Username or mobile number, then password, then TOTP if enabled. Failures are counted per login
 * and address (see loginThrottleKey): past the threshold that pair waits, known account or not.
 */
export async function loginWithPassword(
  deps: AccountsDeps,
  input: { login: string; password: string; totp?: string | undefined },
  client: ClientInfo,
): Promise<IssuedSession> {
  const throttleKey = loginThrottleKey(deps, input.login, client.ip);
  await refuseWhileThrottled(deps, throttleKey);
  const candidate = /^1[3-9]\d{9}$/.test(input.login)
    ? await repo.findUserByMobileHash(deps.db, deps.cipher.blindIndex(input.login))
    : await repo.findUserByUsername(deps.db, input.login.toLowerCase());
  const passwordOk = await verifyPassword(candidate?.passwordHash ?? null, input.password);
  if (candidate?.status !== 'active' || !passwordOk) {
    const lockedUntil = await repo.recordThrottleFailure(deps.db, throttleKey, deps.config.lockout);
    if (candidate?.status === 'active') {
      await recordAudit(
        deps.db,
        { requestId: client.requestId, ip: client.ip },
        {
          action: lockedUntil ? 'auth.lockout' : 'auth.login_failed',
          subjectType: 'user',
          subjectId: candidate.id,
          organisationId: await primaryOrganisationId(deps.db, candidate.id),
          changes: { factor: 'password', ...(lockedUntil ? { lockedUntil: lockedUntil.toISOString() } : {}) },
        },
      );
    }
    if (lockedUntil) throw new AppError(429, 'login_throttled', { minutes: deps.config.lockout.minutes });
    throw new AppError(401, 'invalid_credentials');
  }
  // The failure counter is committed even though the request then fails, hence the result object.
  const result = await deps.db.transaction(async (tx): Promise<LoginResult> => {
    const user = await repo.lockUser(tx, candidate.id);
    if (!user) return { ok: false, error: new AppError(401, 'invalid_credentials') };
    const locked = lockedError(user);
    if (locked) return { ok: false, error: locked };
    if (user.totpSecretEnc) {
      if (!input.totp) return { ok: false, error: new AppError(401, 'totp_required') };
      if (!(await consumeTotp(deps, tx, user, input.totp))) return recordFailure(deps, tx, user, client, 'totp');
    }
    await repo.updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null });
    return { ok: true, user };
  });
  if (!result.ok) throw result.error;
  await repo.clearThrottle(deps.db, throttleKey);
  return issueSession(deps, result.user, client, 'password');
}

function lockedError(user: repo.UserRow): AppError | null {
  if (user.lockedUntil && user.lockedUntil.getTime() > Date.now()) {
    return new AppError(423, 'account_locked', { until: user.lockedUntil.toISOString() });
  }
  return null;
}

async function recordFailure(
  deps: AccountsDeps,
  tx: Executor,
  user: repo.UserRow,
  client: ClientInfo,
  factor: 'password' | 'totp' | 'sms',
): Promise<LoginResult> {
  const failures = user.failedLoginCount + 1;
  const organisationId = await primaryOrganisationId(tx, user.id);
  const context = { requestId: client.requestId, ip: client.ip };
  if (failures >= deps.config.lockout.threshold) {
    const until = new Date(Date.now() + deps.config.lockout.minutes * 60_000);
    await repo.updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: until });
    await recordAudit(tx, context, {
      action: 'auth.lockout',
      subjectType: 'user',
      subjectId: user.id,
      organisationId,
      changes: { failures, lockedUntil: until.toISOString() },
    });
    return { ok: false, error: new AppError(423, 'account_locked', { until: until.toISOString() }) };
  }
  await repo.updateUser(tx, user.id, { failedLoginCount: failures });
  await recordAudit(tx, context, {
    action: 'auth.login_failed',
    subjectType: 'user',
    subjectId: user.id,
    organisationId,
    changes: { factor, failures },
  });
  const codes = { password: 'invalid_credentials', totp: 'totp_invalid', sms: 'sms_code_invalid' } as const;
  return { ok: false, error: new AppError(401, codes[factor]) };
}

async function primaryOrganisationId(db: Executor, userId: string): Promise<number | null> {
  const roles = await repo.listRoleAssignments(db, userId);
  return roles[0]?.organisationId ?? null;
}

/** Accepts a code once: the time step is remembered so a seen code cannot be replayed. */
async function consumeTotp(deps: AccountsDeps, tx: Executor, user: repo.UserRow, code: string): Promise<boolean> {
  if (!user.totpSecretEnc) return false;
  const secret = deps.cipher.decrypt(user.totpSecretEnc);
  const delta = authenticator.checkDelta(code, secret);
  if (delta === null) return false;
  const step = Math.floor(Date.now() / 30_000) + delta;
  if (user.totpLastStep !== null && step <= user.totpLastStep) return false;
  await repo.updateUser(tx, user.id, { totpLastStep: step });
  return true;
}

async function issueSession(
  deps: AccountsDeps,
  user: repo.UserRow,
  client: ClientInfo,
  method: 'password' | 'sms',
): Promise<IssuedSession> {
  const token = randomToken();
  const csrfToken = randomToken();
  const limits = deps.config.sessions[user.kind as 'member' | 'cadre'];
  const expiresAt = new Date(Date.now() + limits.absoluteHours * 3_600_000);
  await deps.db.transaction(async (tx) => {
    await repo.insertSession(tx, {
      id: sha256Hex(token),
      userId: user.id,
      csrfToken,
      expiresAt,
      idleSeconds: limits.idleMinutes * 60,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 300) ?? null,
    });
    await recordAudit(
      tx,
      { requestId: client.requestId, ip: client.ip, actor: actorStub(user) },
      {
        action: 'auth.login',
        subjectType: 'user',
        subjectId: user.id,
        organisationId: await primaryOrganisationId(tx, user.id),
        changes: { method },
      },
    );
  });
  return { token, csrfToken, expiresAt, userId: user.id };
}

function actorStub(user: repo.UserRow): Actor {
  return {
    userId: user.id,
    displayName: user.displayName,
    kind: user.kind as Actor['kind'],
    via: 'session',
    sessionId: null,
    roles: [],
    grants: new Map(),
  };
}

/**
 * Sends a one-time login code if the number belongs to an active user; answers the same either
 * way. With `allowSignUp` (a worker starting to join) an unknown number gets a code too.
 */
export async function requestSmsLoginCode(
  deps: AccountsDeps,
  mobile: string,
  locale: Locale,
  options: { allowSignUp?: boolean } = {},
): Promise<void> {
  const mobileHash = deps.cipher.blindIndex(mobile);
  // The rate is taken before the number is looked up, so a number with no account is limited alike.
  const slot = await repo.takeRateSlot(deps.db, deps.cipher.blindIndex(`sms-request:${mobileHash.toString('hex')}`), {
    minSeconds: 60,
    perHour: 5,
  });
  if (!slot) throw new AppError(429, 'rate_limited');
  const user = await repo.findUserByMobileHash(deps.db, mobileHash);
  if (user ? user.status !== 'active' : !options.allowSignUp) return;
  const code = String(randomInt(0, 1_000_000)).padStart(6, '0');
  await repo.insertSmsCode(deps.db, {
    mobileHash,
    codeHash: smsCodeHash(deps, mobileHash, code),
    expiresAt: new Date(Date.now() + SMS_CODE_MINUTES * 60_000),
  });
  await deps.sms.sendLoginCode({ mobile, code, locale });
}

function smsCodeHash(deps: AccountsDeps, mobileHash: Buffer, code: string): Buffer {
  return deps.cipher.blindIndex(`sms-login:${mobileHash.toString('hex')}:${code}`);
}

/**
 * A code is good for one login within 10 minutes and a few tries. With `allowSignUp` an unknown
 * number becomes a new member account (no password; it signs in by SMS).
 */
export async function loginWithSmsCode(
  deps: AccountsDeps,
  input: { mobile: string; code: string; totp?: string | undefined },
  client: ClientInfo,
  options: { allowSignUp?: boolean } = {},
): Promise<IssuedSession> {
  const mobileHash = deps.cipher.blindIndex(input.mobile);
  const result = await deps.db.transaction(async (tx): Promise<LoginResult> => {
    const stored = await repo.lockLatestSmsCode(tx, mobileHash);
    let candidate = await repo.findUserByMobileHash(tx, mobileHash);
    if (!candidate && options.allowSignUp && stored && stored.attempts < SMS_MAX_ATTEMPTS) {
      if (!timingSafeEqual(stored.codeHash, smsCodeHash(deps, mobileHash, input.code))) {
        await repo.updateSmsCode(tx, stored.id, { attempts: stored.attempts + 1 });
        return { ok: false, error: new AppError(401, 'sms_code_invalid') };
      }
      candidate = await repo.insertUser(tx, {
        username: `m${randomToken(9)
          .toLowerCase()
          .replace(/[^a-z0-9]/g, '')}`,
        displayName: maskMobile(input.mobile),
        kind: 'member',
        mobileEnc: deps.cipher.encrypt(input.mobile),
        mobileHash,
      });
      await recordAudit(
        tx,
        { requestId: client.requestId, ip: client.ip, actor: actorStub(candidate) },
        {
          action: 'user.sign_up',
          subjectType: 'user',
          subjectId: candidate.id,
          changes: { mobile: input.mobile },
        },
      );
    }
    if (candidate?.status !== 'active' || !stored || stored.attempts >= SMS_MAX_ATTEMPTS) {
      return { ok: false, error: new AppError(401, 'sms_code_invalid') };
    }
    const user = (await repo.lockUser(tx, candidate.id))!;
    const locked = lockedError(user);
    if (locked) return { ok: false, error: locked };
    const matches = timingSafeEqual(stored.codeHash, smsCodeHash(deps, mobileHash, input.code));
    if (!matches) {
      await repo.updateSmsCode(tx, stored.id, { attempts: stored.attempts + 1 });
      return recordFailure(deps, tx, user, client, 'sms');
    }
    if (user.totpSecretEnc) {
      if (!input.totp) return { ok: false, error: new AppError(401, 'totp_required') };
      if (!(await consumeTotp(deps, tx, user, input.totp))) return recordFailure(deps, tx, user, client, 'totp');
    }
    await repo.updateSmsCode(tx, stored.id, { usedAt: new Date() });
    await repo.updateUser(tx, user.id, { failedLoginCount: 0, lockedUntil: null });
    return { ok: true, user };
  });
  if (!result.ok) throw result.error;
  return issueSession(deps, result.user, client, 'sms');
}

export interface ResolvedSession {
  actor: Actor;
  csrfToken: string;
  mustEnrolTotp: boolean;
}

// A session served from memory hands back the same `found` object on every request, so its grants
// are built once per lookup instead of once per request (they are read-only).
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

function toUserSummary(
  deps: Pick<AccountsDeps, 'cipher'>,
  user: repo.UserRow,
  roles: { role: string; organisationId: number; organisationName: string }[],
) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    kind: user.kind as 'member' | 'cadre',
    mobile: user.mobileEnc ? maskMobile(deps.cipher.decrypt(user.mobileEnc)) : null,
    idNumber: user.idNumberEnc ? maskIdNumber(deps.cipher.decrypt(user.idNumberEnc)) : null,
    status: user.status as 'active' | 'disabled',
    totpEnabled: user.totpSecretEnc !== null,
    roles: roles.map((r) => ({
      role: r.role as Role,
      organisationId: r.organisationId,
      organisationName: r.organisationName,
    })),
  };
}

export async function listUsers(
  deps: AccountsDeps,
  context: RequestContext,
  query: { organisationId?: number | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  const scope = scopeOf(context.actor, 'user.read');
  // An organisation outside scope is refused and audited like any other object.
  const organisationPath = query.organisationId
    ? (await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, query.organisationId, scope)).path
    : undefined;
  const q = query.q?.trim();
  const qHash = q && /^(1[3-9]\d{9}|\d{17}[\dXx])$/.test(q) ? deps.cipher.blindIndex(q.toUpperCase()) : undefined;
  const { rows, total } = await repo.listUsersInScope(
    deps.db,
    { scope, organisationPath, q, qHash },
    query.page,
    query.pageSize,
  );
  const roles = await repo.listRoleAssignmentsOfUsers(
    deps.db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((user) =>
      toUserSummary(
        deps,
        user,
        roles.filter((r) => r.userId === user.id),
      ),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  kind: 'member' | 'cadre';
  password: string;
  mobile?: string | undefined;
  idNumber?: string | undefined;
  role: Role;
  organisationId: number;
}

/** Creates an account with its first role. Used by the API, the CLI and the demo seed. */
export async function createUserAccount(
  deps: Pick<AccountsDeps, 'cipher'>,
  tx: Executor,
  context: Partial<RequestContext> | null,
  input: NewUser,
  /** Only the demo seed (refused in production) gives its accounts the published demo password. */
  options: { isDemo?: boolean } = {},
) {
  const problems =
    options.isDemo && input.password === DEMO_PASSWORD
      ? []
      : checkPasswordPolicy(input.password, { username: input.username, mobile: input.mobile });
  if (problems.length > 0) throw new ValidationProblem(problems);
  const username = input.username.toLowerCase();
  const mobileHash = input.mobile ? deps.cipher.blindIndex(input.mobile) : null;
  const idNumberHash = input.idNumber ? deps.cipher.blindIndex(input.idNumber) : null;
  if (
    (await repo.findUserByUsername(tx, username)) ||
    (mobileHash && (await repo.findUserByMobileHash(tx, mobileHash)))
  ) {
    throw new AppError(409, 'user.login_taken');
  }
  const user = await repo.insertUser(tx, {
    username,
    displayName: input.displayName,
    kind: input.kind,
    passwordHash: await hashPassword(input.password),
    passwordChangedAt: new Date(),
    mobileEnc: input.mobile ? deps.cipher.encrypt(input.mobile) : null,
    mobileHash,
    idNumberEnc: input.idNumber ? deps.cipher.encrypt(input.idNumber) : null,
    idNumberHash,
  });
  await repo.insertRoleAssignment(tx, user.id, input.organisationId, input.role);
  await recordAudit(tx, context, {
    action: 'user.create',
    subjectType: 'user',
    subjectId: user.id,
    organisationId: input.organisationId,
    changes: {
      username,
      displayName: input.displayName,
      kind: input.kind,
      role: input.role,
      mobile: input.mobile ?? null,
      idNumber: input.idNumber ?? null,
    },
  });
  return user;
}

export async function createUser(deps: AccountsDeps, context: RequestContext, input: NewUser) {
  const scope = scopeOf(context.actor, 'user.manage');
  await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, input.organisationId, scope);
  const user = await deps.db.transaction((tx) => createUserAccount(deps, tx, context, input));
  return toUserSummary(deps, user, await repo.listRoleAssignments(deps.db, user.id));
}

export async function assignRole(
  deps: AccountsDeps,
  context: RequestContext,
  userId: string,
  input: { role: Role; organisationId: number },
) {
  const scope = scopeOf(context.actor, 'user.manage');
  await requireUserInScope(deps, context, userId, scope);
  await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, input.organisationId, scope);
  await deps.db.transaction(async (tx) => {
    await repo.insertRoleAssignment(tx, userId, input.organisationId, input.role);
    await recordAudit(tx, context, {
      action: 'user.assign_role',
      subjectType: 'user',
      subjectId: userId,
      organisationId: input.organisationId,
      changes: { role: input.role },
    });
  });
}

async function requireUserInScope(deps: AccountsDeps, context: RequestContext, userId: string, scope: string[]) {
  if (await repo.isUserInScope(deps.db, userId, scope)) return;
  await refuseOutOfScope(deps.db, context, {
    type: 'user',
    id: userId,
    exists: async () => (await repo.findUserById(deps.db, userId)) !== null,
  });
}

/** The full mobile or ID number of a user in scope, for a stated reason that is audited. */
export async function revealUserField(
  deps: AccountsDeps,
  context: RequestContext,
  userId: string,
  input: { field: 'mobile' | 'idNumber'; reason: string },
) {
  const scope = scopeOf(context.actor, 'pii.reveal');
  await requireUserInScope(deps, context, userId, scope);
  const user = (await repo.findUserById(deps.db, userId))!;
  const encrypted = input.field === 'mobile' ? user.mobileEnc : user.idNumberEnc;
  await recordAudit(deps.db, context, {
    action: 'pii.reveal',
    subjectType: 'user',
    subjectId: userId,
    organisationId: await primaryOrganisationId(deps.db, userId),
    changes: { field: input.field, reason: input.reason },
  });
  return { field: input.field, value: encrypted ? deps.cipher.decrypt(encrypted) : null };
}
