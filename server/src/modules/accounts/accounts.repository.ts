import type { Role } from '@gonghui/contract';
import { and, count, desc, eq, gt, ilike, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/client';
import { escapeLike, inSubtrees } from '../../db/sql';
import type { FoundActor, FoundSession, RoleAssignmentView } from '../../platform/access';
import { organisations } from '../../platform/organisations.tables';
import { authChanged, type SessionTiming } from '../../platform/session-cache';
import { apiTokens, authThrottle, roleAssignments, sessions, smsCodes, users } from './accounts.tables';

export type UserRow = typeof users.$inferSelect;
export type SessionRow = typeof sessions.$inferSelect;

export async function findUserByUsername(db: Executor, username: string) {
  const [row] = await db.select().from(users).where(eq(users.username, username));
  return row ?? null;
}

export async function findUserByMobileHash(db: Executor, mobileHash: Buffer) {
  const [row] = await db.select().from(users).where(eq(users.mobileHash, mobileHash));
  return row ?? null;
}

export async function findUserById(db: Executor, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

/** Locks the user row for a read-modify-write of counters (failed logins, TOTP step). */
export async function lockUser(db: Executor, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id)).for('update');
  return row ?? null;
}

export async function insertUser(db: Executor, values: typeof users.$inferInsert) {
  const [row] = await db.insert(users).values(values).returning();
  return row!;
}

// Columns a session's actor is built from: changing one drops the user's cached sessions.
const ACTOR_FIELDS = new Set<string>(['status', 'displayName', 'kind', 'totpSecretEnc']);

export async function updateUser(db: Executor, id: string, values: Partial<typeof users.$inferInsert>) {
  if (Object.keys(values).some((key) => ACTOR_FIELDS.has(key))) await authChanged(db, id);
  const [row] = await db
    .update(users)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(users.id, id))
    .returning();
  return row ?? null;
}

/** Active role assignments of a user, on organisations that are still open. */
export async function listRoleAssignments(db: Executor, userId: string): Promise<RoleAssignmentView[]> {
  const rows = await db
    .select({
      role: roleAssignments.role,
      organisationId: organisations.id,
      organisationName: organisations.name,
      organisationPath: organisations.path,
    })
    .from(roleAssignments)
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(and(eq(roleAssignments.userId, userId), eq(organisations.status, 'active')))
    .orderBy(organisations.path);
  return rows.map((r) => ({ ...r, role: r.role as Role }));
}

export async function insertRoleAssignment(db: Executor, userId: string, organisationId: number, role: Role) {
  await authChanged(db, userId);
  await db.insert(roleAssignments).values({ userId, organisationId, role }).onConflictDoNothing();
}

export async function insertSession(db: Executor, values: typeof sessions.$inferInsert) {
  await db.insert(sessions).values(values);
}

// The user and their roles on open organisations, aggregated in the same row as the credential.
const ACTOR_COLUMNS = `
  u.id AS user_id, u.display_name, u.kind, u.totp_secret_enc IS NOT NULL AS has_totp,
  coalesce(
    json_agg(json_build_object('role', ra.role, 'organisationId', o.id, 'organisationName', o.name,
                               'organisationPath', o.path::text) ORDER BY o.path)
      FILTER (WHERE o.id IS NOT NULL),
    '[]') AS roles`;
const ACTOR_JOINS = `
  JOIN users u ON u.id = c.user_id AND u.status = 'active'
  LEFT JOIN role_assignments ra ON ra.user_id = u.id
  LEFT JOIN organisations o ON o.id = ra.organisation_id AND o.status = 'active'`;

type ActorRow = {
  user_id: string;
  display_name: string;
  kind: 'member' | 'cadre';
  has_totp: boolean;
  roles: RoleAssignmentView[];
  needs_touch: boolean;
};

function toFoundActor(row: ActorRow): FoundActor {
  return {
    userId: row.user_id,
    displayName: row.display_name,
    kind: row.kind,
    hasTotp: row.has_totp,
    roles: row.roles.map((r) => ({ ...r, organisationId: Number(r.organisationId) })),
    needsTouch: row.needs_touch,
  };
}

// Named, so each connection plans it once: planning this join costs three times its execution.
// Several sessions at once: concurrent requests whose sessions are not in memory share one query.
const SESSION_ACTORS = {
  name: 'gonghui-session-actors',
  text: `
    SELECT c.id, c.csrf_token, c.last_seen_at < now() - interval '60 seconds' AS needs_touch,
           (extract(epoch FROM c.expires_at - now()) * 1000)::float8 AS expires_in_ms, c.idle_seconds,
           (extract(epoch FROM now() - c.last_seen_at) * 1000)::float8 AS seen_ago_ms, ${ACTOR_COLUMNS}
    FROM sessions c ${ACTOR_JOINS}
    WHERE c.id = ANY($1::text[]) AND c.revoked_at IS NULL AND c.expires_at > now()
      AND c.last_seen_at + make_interval(secs => c.idle_seconds) > now()
    GROUP BY c.id, u.id`,
};

export interface LiveSession {
  found: FoundSession;
  timing: SessionTiming;
}

/**
 * The actors behind live sessions (not revoked, not past their absolute expiry, not idle too
 * long), in one prepared query: this runs for every request whose session is not in memory.
 */
export async function findSessionActors(db: Db, sessionIds: readonly string[]): Promise<Map<string, LiveSession>> {
  const result = await db.$client.query<
    ActorRow & { id: string; csrf_token: string; expires_in_ms: number; idle_seconds: number; seen_ago_ms: number }
  >({ ...SESSION_ACTORS, values: [sessionIds] });
  return new Map(
    result.rows.map((row) => [
      row.id,
      {
        found: { ...toFoundActor(row), csrfToken: row.csrf_token },
        timing: { expiresInMs: row.expires_in_ms, idleSeconds: row.idle_seconds, seenAgoMs: row.seen_ago_ms },
      },
    ]),
  );
}

export async function touchSessions(db: Executor, ids: string[]) {
  await db.update(sessions).set({ lastSeenAt: sql`now()` }).where(inArray(sessions.id, ids));
}

const API_TOKEN_ACTOR = {
  name: 'gonghui-api-token-actor',
  text: `
    SELECT c.id AS token_id, c.permissions,
           c.last_used_at IS NULL OR c.last_used_at < now() - interval '60 seconds' AS needs_touch, ${ACTOR_COLUMNS}
    FROM api_tokens c ${ACTOR_JOINS}
    WHERE c.token_hash = $1 AND c.revoked_at IS NULL AND (c.expires_at IS NULL OR c.expires_at > now())
    GROUP BY c.id, u.id`,
};

/** The actor behind a live API token, with the token's own permission list. */
export async function findApiTokenActor(db: Db, tokenHash: string) {
  const result = await db.$client.query<ActorRow & { token_id: string; permissions: string[] }>({
    ...API_TOKEN_ACTOR,
    values: [tokenHash],
  });
  const row = result.rows[0];
  return row ? { ...toFoundActor(row), tokenId: row.token_id, permissions: row.permissions } : null;
}

export async function touchApiToken(db: Executor, id: string) {
  await db.update(apiTokens).set({ lastUsedAt: sql`now()` }).where(eq(apiTokens.id, id));
}

export async function revokeSession(db: Executor, id: string, userId?: string) {
  const conditions = [eq(sessions.id, id), isNull(sessions.revokedAt)];
  if (userId) conditions.push(eq(sessions.userId, userId));
  const rows = await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(...conditions))
    .returning({ id: sessions.id, userId: sessions.userId });
  if (rows[0]) await authChanged(db, rows[0].userId);
  return rows.length > 0;
}

export async function revokeOtherSessions(db: Executor, userId: string, keepId: string | null) {
  await authChanged(db, userId);
  const conditions = [eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (keepId) conditions.push(sql`${sessions.id} <> ${keepId}`);
  await db
    .update(sessions)
    .set({ revokedAt: sql`now()` })
    .where(and(...conditions));
}

export async function listLiveSessions(db: Executor, userId: string) {
  return db
    .select()
    .from(sessions)
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), gt(sessions.expiresAt, sql`now()`)))
    .orderBy(desc(sessions.lastSeenAt));
}

export async function insertSmsCode(db: Executor, values: typeof smsCodes.$inferInsert) {
  await db.insert(smsCodes).values(values);
}

/** The newest unused, unexpired code for a number, locked so two logins cannot both use it. */
export async function lockLatestSmsCode(db: Executor, mobileHash: Buffer) {
  const [row] = await db
    .select()
    .from(smsCodes)
    .where(and(eq(smsCodes.mobileHash, mobileHash), isNull(smsCodes.usedAt), gt(smsCodes.expiresAt, sql`now()`)))
    .orderBy(desc(smsCodes.createdAt))
    .limit(1)
    .for('update');
  return row ?? null;
}

export async function updateSmsCode(db: Executor, id: number, values: Partial<typeof smsCodes.$inferInsert>) {
  await db.update(smsCodes).set(values).where(eq(smsCodes.id, id));
}

export async function insertApiToken(db: Executor, values: typeof apiTokens.$inferInsert) {
  const [row] = await db.insert(apiTokens).values(values).returning();
  return row!;
}

export async function listApiTokens(db: Executor, userId: string) {
  return db.select().from(apiTokens).where(eq(apiTokens.userId, userId)).orderBy(desc(apiTokens.createdAt));
}

export async function apiTokenOfOtherUserExists(db: Executor, id: string, userId: string) {
  const rows = await db
    .select({ id: apiTokens.id })
    .from(apiTokens)
    .where(and(eq(apiTokens.id, id), sql`${apiTokens.userId} <> ${userId}`));
  return rows.length > 0;
}

export async function revokeApiToken(db: Executor, id: string, userId: string) {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: sql`now()` })
    .where(and(eq(apiTokens.id, id), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}

export interface UserListFilter {
  scope: readonly string[];
  organisationPath?: string | undefined;
  q?: string | undefined;
  qHash?: Buffer | undefined;
}

/** Users holding a role anywhere in scope; a mobile number or name filters them. */
export async function listUsersInScope(db: Executor, filter: UserListFilter, page: number, pageSize: number) {
  const inScope = db
    .selectDistinct({ userId: roleAssignments.userId })
    .from(roleAssignments)
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(
      and(
        inSubtrees(organisations.path, filter.scope),
        filter.organisationPath ? inSubtrees(organisations.path, [filter.organisationPath]) : undefined,
      ),
    );
  const conditions = [inArray(users.id, inScope)];
  if (filter.q) {
    const text = `%${escapeLike(filter.q)}%`;
    const matches = [ilike(users.displayName, text), ilike(users.username, text)];
    if (filter.qHash) matches.push(eq(users.mobileHash, filter.qHash), eq(users.idNumberHash, filter.qHash));
    conditions.push(or(...matches)!);
  }
  const where = and(...conditions);
  const [rows, totals] = await Promise.all([
    db
      .select()
      .from(users)
      .where(where)
      .orderBy(users.username)
      .limit(pageSize)
      .offset((page - 1) * pageSize),
    db.select({ total: count() }).from(users).where(where),
  ]);
  return { rows, total: totals[0]?.total ?? 0 };
}

/** Whether some role of the user sits inside the scope: the test for managing that user. */
export async function isUserInScope(db: Executor, userId: string, scope: readonly string[]) {
  const [row] = await db
    .select({ id: roleAssignments.id })
    .from(roleAssignments)
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(and(eq(roleAssignments.userId, userId), inSubtrees(organisations.path, scope)))
    .limit(1);
  return row !== undefined;
}

export async function listRoleAssignmentsOfUsers(db: Executor, userIds: string[]) {
  if (userIds.length === 0) return [];
  return db
    .select({
      userId: roleAssignments.userId,
      role: roleAssignments.role,
      organisationId: organisations.id,
      organisationName: organisations.name,
    })
    .from(roleAssignments)
    .innerJoin(organisations, eq(organisations.id, roleAssignments.organisationId))
    .where(inArray(roleAssignments.userId, userIds));
}

// ---- sign-in throttling ----

/** When the key is locked out, the time it opens again; otherwise null. */
export async function throttleLockedUntil(db: Executor, key: Buffer): Promise<Date | null> {
  const [row] = await db
    .select({ lockedUntil: authThrottle.lockedUntil })
    .from(authThrottle)
    .where(and(eq(authThrottle.key, key), sql`${authThrottle.lockedUntil} > now()`));
  return row?.lockedUntil ?? null;
}

/**
 * Counts a failure against the key within a window; at `threshold` failures the key is locked for
 * `minutes` and its count starts again. Returns the lock's end when this failure set it.
 */
export async function recordThrottleFailure(
  db: Executor,
  key: Buffer,
  limits: { threshold: number; minutes: number },
): Promise<Date | null> {
  const window = sql`make_interval(mins => ${limits.minutes})`;
  // This failure's count: the stored one plus one, or one when the stored window is over.
  const count = sql`(CASE WHEN t.window_started_at < now() - ${window} THEN 1 ELSE t.attempts + 1 END)`;
  // One statement, so concurrent failures each count; at the threshold it locks and starts again.
  const rows = await db.execute<{ attempts: number; locked_until: Date | string | null }>(sql`
    INSERT INTO auth_throttle AS t (key, attempts) VALUES (${key}, 1)
    ON CONFLICT (key) DO UPDATE SET
      locked_until = CASE WHEN ${count} >= ${limits.threshold} THEN now() + ${window} ELSE t.locked_until END,
      window_started_at = CASE WHEN ${count} >= ${limits.threshold} OR t.window_started_at < now() - ${window}
                               THEN now() ELSE t.window_started_at END,
      attempts = CASE WHEN ${count} >= ${limits.threshold} THEN 0 ELSE ${count} END,
      last_at = now()
    RETURNING attempts, locked_until`);
  const row = rows.rows[0];
  // Raw rows may carry timestamps as text, depending on the driver's parsers.
  return row?.attempts === 0 && row.locked_until ? new Date(row.locked_until) : null;
}

export async function clearThrottle(db: Executor, key: Buffer) {
  await db.delete(authThrottle).where(eq(authThrottle.key, key));
}

/**
 * A request under a rate (SMS codes to one number): refused while the last was under `minSeconds`
 * ago (0: no spacing, so requests at the same instant all count) or `perHour` were made in the
 * hour; otherwise counted. The same for any number, known or not.
 */
export async function takeRateSlot(
  db: Executor,
  key: Buffer,
  limits: { minSeconds: number; perHour: number },
): Promise<boolean> {
  const rows = await db.execute<{ allowed: boolean }>(sql`
    INSERT INTO auth_throttle AS t (key, attempts) VALUES (${key}, 1)
    ON CONFLICT (key) DO UPDATE SET
      attempts = CASE WHEN t.window_started_at < now() - interval '1 hour' THEN 1 ELSE t.attempts + 1 END,
      window_started_at = CASE WHEN t.window_started_at < now() - interval '1 hour' THEN now() ELSE t.window_started_at END,
      last_at = now()
    WHERE (${limits.minSeconds} = 0 OR t.last_at < now() - make_interval(secs => ${limits.minSeconds}))
      AND (t.window_started_at < now() - interval '1 hour' OR t.attempts < ${limits.perHour})
    RETURNING true AS allowed`);
  return rows.rows.length > 0;
}

/** Display names of users by id (nulls and repeats ignored). */
export async function userNames(db: Executor, ids: readonly (string | null)[]) {
  const wanted = [...new Set(ids.filter((i): i is string => i !== null))];
  if (wanted.length === 0) return new Map<string, string>();
  const rows = await db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, wanted));
  return new Map(rows.map((r) => [r.id, r.name]));
}
