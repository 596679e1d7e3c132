import type { Role } from '@gonghui/contract';
import { hash as argonHash, verify as argonVerify } from '@node-rs/argon2';
import type { Config } from '../../config';
import type { Db } from '../../db/client';
import type { FoundSession, RolePermissions } from '../../platform/access';
import { type PiiCipher, randomToken } from '../../platform/crypto';
import { AppError } from '../../platform/errors';
import type { SessionCache } from '../../platform/session-cache';
import type { SmsProvider } from '../../platform/sms';
import * as repo from './accounts.repository';

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
export const TOTP_REQUIRED_ROLES: ReadonlySet<Role> = new Set(['federation_cadre', 'federation_admin', 'auditor']);
export const SMS_CODE_MINUTES = 10;
export const SMS_MAX_ATTEMPTS = 5;

// OWASP's recommended argon2id parameters: 19 MiB memory, 2 iterations, 1 lane.
const ARGON2 = { memoryCost: 19_456, timeCost: 2, parallelism: 1, outputLen: 32 } as const;
let dummyHash: Promise<string> | null = null;

export function hashPassword(password: string): Promise<string> {
  return argonHash(password, ARGON2);
}

/** Verifies against a throwaway hash when there is no user, so timing does not reveal logins. */
export async function verifyPassword(stored: string | null, password: string): Promise<boolean> {
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

export type LoginResult = { ok: true; user: repo.UserRow } | { ok: false; error: AppError };

/**
 * The throttle key of a sign-in: the login as typed (normalised) with the address it came from. It
 * exists whether or not an account does, so a locked-out login answers the same either way, and
 * guesses from one address never lock the account's owner out elsewhere.
 */
export function loginThrottleKey(deps: AccountsDeps, login: string, ip: string) {
  return deps.cipher.blindIndex(`login-throttle:${login.trim().toLowerCase()}:${ip}`);
}

export async function refuseWhileThrottled(deps: AccountsDeps, key: Buffer) {
  const until = await repo.throttleLockedUntil(deps.db, key);
  if (until)
    throw new AppError(429, 'login_throttled', { minutes: Math.ceil((until.getTime() - Date.now()) / 60_000) });
}

/**
 * Username or mobile number, then password, then TOTP if enabled. Failures are counted per login
 * and address (see loginThrottleKey): past the threshold that pair waits, known account or not.
 */
