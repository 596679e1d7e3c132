import { randomInt, timingSafeEqual } from 'node:crypto';
import { type Locale, maskMobile } from '@gonghui/contract';
import { authenticator } from 'otplib';
import type { Executor } from '../../db/client';
import type { Actor } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { randomToken, sha256Hex } from '../../platform/crypto';
import { AppError } from '../../platform/errors';
import {
  type AccountsDeps,
  type ClientInfo,
  type IssuedSession,
  type LoginResult,
  loginThrottleKey,
  refuseWhileThrottled,
  SMS_CODE_MINUTES,
  SMS_MAX_ATTEMPTS,
  verifyPassword,
} from './account-rules';
import * as repo from './accounts.repository';

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

export async function primaryOrganisationId(db: Executor, userId: string): Promise<number | null> {
  const roles = await repo.listRoleAssignments(db, userId);
  return roles[0]?.organisationId ?? null;
}

/** Accepts a code once: the time step is remembered so a seen code cannot be replayed. */
export async function consumeTotp(
  deps: AccountsDeps,
  tx: Executor,
  user: repo.UserRow,
  code: string,
): Promise<boolean> {
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
