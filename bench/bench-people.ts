/**
 * The people a scenario acts as: the province's administrator signed in over HTTP, and members
 * with accounts and sessions written straight into the database (signing in each would measure
 * argon2, not the scenario).
 */
import { createHash, randomBytes } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { MembershipBench } from './membership-scenarios';

/** Signs `username` in and returns a sender of JSON requests as them (cookie and CSRF token set). */
export async function signedIn(address: string, username: string, password: string) {
  const login = await fetch(`${address}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login: username, password }),
  });
  if (!login.ok) throw new Error(`login: ${login.status}`);
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  const cookie = login.headers.getSetCookie()[0]!.split(';')[0]!;
  const send = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${address}/api/v1${url}`, {
      method,
      headers: {
        cookie,
        'x-csrf-token': csrfToken,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    if (!response.ok) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ id: number }>;
  };
  return { cookie, csrfToken, send };
}

/**
 * `count` active members without an account, drawn by `seed`, given one (`<prefix>.<member id>`)
 * and a session each, CSRF token `bench`. Returns the session tokens, as the `gh_session` cookie.
 */
export async function membersWithSessions(db: MembershipBench['db'], prefix: string, count: number, seed: number) {
  const people = (
    await db.execute<{ user_id: string }>(sql`
      WITH chosen AS (
        SELECT id FROM members WHERE status = 'active' AND user_id IS NULL
        ORDER BY hashint4(id::int + ${seed}::int) LIMIT ${count}
      ), created AS (
        INSERT INTO users (username, display_name, kind)
        SELECT ${prefix} || '.' || id, ${prefix}, 'member' FROM chosen RETURNING id, username
      ), linked AS (
        UPDATE members m SET user_id = c.id FROM created c
        WHERE c.username = ${prefix} || '.' || m.id RETURNING c.id AS user_id
      )
      SELECT user_id FROM linked`)
  ).rows;
  const tokens = people.map(() => randomBytes(32).toString('base64url'));
  await db.execute(sql`
    INSERT INTO sessions (id, user_id, csrf_token, expires_at, idle_seconds)
    SELECT s.id, s.user_id, 'bench', now() + interval '1 hour', 3600 FROM unnest(
      ${`{${tokens.map((token) => createHash('sha256').update(token).digest('hex')).join(',')}}`}::text[],
      ${`{${people.map((p) => p.user_id).join(',')}}`}::uuid[]
    ) AS s(id, user_id)`);
  await db.execute(sql`ANALYZE users, sessions, members`);
  return tokens;
}
