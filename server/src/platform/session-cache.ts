import { sql } from 'drizzle-orm';
import { LRUCache } from 'lru-cache';
import pg from 'pg';
import type { Executor } from '../db/client';

/** The channel on which any app process announces that who a session acts as may have changed. */
const AUTH_CHANNEL = 'gonghui_auth';
const EVERYONE = '*';

interface Entry<T> {
  found: T;
  // Local clock, in ms: the entry serves while before all three (its own lifetime, the session's
  // absolute expiry, the session's idle limit).
  lifeUntil: number;
  hardUntil: number;
  idleUntil: number;
  idleMs: number;
  /** Local clock: when the session's last-seen must be written again. */
  touchDue: number;
}

export interface SessionTiming {
  /** Milliseconds until the session's absolute expiry, read from the database's clock. */
  expiresInMs: number;
  idleSeconds: number;
  /** Milliseconds since last-seen was written, read from the database's clock. */
  seenAgoMs: number;
}

/** How often last-seen is written: at most once a minute per session (as in the session query). */
const TOUCH_EVERY_MS = 60_000;

/**
 * Sessions resolved in the last few seconds, so a request costs no lookup query. Whatever changes
 * who a session acts as (sign-out, a revoked session, a role, an account or an organisation) calls
 * {@link authChanged} in its transaction: the entries are dropped here at once and, through
 * PostgreSQL's NOTIFY on commit, in every other app process. While the listening connection is
 * down nothing is cached, so a missed notice can never keep a revoked session alive; the short
 * lifetime bounds a change made behind the app's back (by hand in psql).
 */
export class SessionCache<T extends { userId: string }> {
  private readonly entries: LRUCache<string, Entry<T>>;
  /** Session ids by user, so a change to one user drops their sessions without a scan. */
  private readonly byUser = new Map<string, Set<string>>();
  private listener: pg.Client | null = null;
  private active = false;
  private closed = false;
  /** Bumped by every change notice: a lookup that began before one must not be cached. */
  private generation = 0;
  private retry: NodeJS.Timeout | null = null;

  constructor(
    private readonly pool: pg.Pool,
    private readonly lifetimeMs: number,
    private readonly options: { max?: number; retryMs?: number } = {},
  ) {
    this.entries = new LRUCache<string, Entry<T>>({
      max: options.max ?? 20_000,
      // Called for every entry that leaves: evicted, replaced, deleted or cleared.
      dispose: (entry, id) => {
        const ids = this.byUser.get(entry.found.userId);
        ids?.delete(id);
        if (ids?.size === 0) this.byUser.delete(entry.found.userId);
      },
    });
  }

  /** Whether change notices are being heard (and so whether anything is cached). */
  get listening(): boolean {
    return this.active;
  }

  /** Starts listening for change notices; until it listens, every request is looked up. */
  async start(): Promise<void> {
    if (this.lifetimeMs <= 0) return;
    LIVE_CACHES.add(this);
    await this.listen();
  }

  private async listen(): Promise<void> {
    if (this.closed) return;
    const client = new pg.Client({ ...this.pool.options, application_name: 'gonghui-auth-listener' });
    client.on('notification', (message) => this.dropFor(message.payload ?? EVERYONE));
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    try {
      await client.connect();
      await client.query(`LISTEN ${AUTH_CHANNEL}`);
    } catch {
      this.lost(client);
      return;
    }
    if (this.closed) {
      await client.end().catch(() => {});
      return;
    }
    this.listener = client;
    this.active = true;
  }

  private lost(client: pg.Client): void {
    if (this.listener !== null && this.listener !== client) return;
    this.active = false;
    this.listener = null;
    this.dropFor(EVERYONE);
    client.end().catch(() => {});
    if (this.closed || this.retry) return;
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.listen();
    }, this.options.retryMs ?? 1000);
    this.retry.unref();
  }

  /** The counter to pass back to {@link set}: a lookup started before a change is not kept. */
  get stamp(): number {
    return this.generation;
  }

  get(id: string, now = Date.now()): { found: T; needsTouch: boolean } | null {
    if (!this.active) return null;
    const entry = this.entries.get(id);
    if (!entry) return null;
    if (now >= Math.min(entry.lifeUntil, entry.hardUntil, entry.idleUntil)) {
      this.entries.delete(id);
      return null;
    }
    return { found: entry.found, needsTouch: now >= entry.touchDue };
  }

  set(id: string, found: T, timing: SessionTiming, stamp: number, now = Date.now()): void {
    if (!this.active || stamp !== this.generation) return;
    const idleMs = timing.idleSeconds * 1000;
    this.entries.set(id, {
      found,
      lifeUntil: now + this.lifetimeMs,
      hardUntil: now + timing.expiresInMs,
      idleUntil: now - timing.seenAgoMs + idleMs,
      idleMs,
      touchDue: now - timing.seenAgoMs + TOUCH_EVERY_MS,
    });
    const ids = this.byUser.get(found.userId) ?? new Set<string>();
    ids.add(id);
    this.byUser.set(found.userId, ids);
  }

  /** Last-seen was just written: the idle limit starts again from now. */
  touched(id: string, now = Date.now()): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    entry.touchDue = now + TOUCH_EVERY_MS;
    entry.idleUntil = now + entry.idleMs;
  }

  /** Drops the sessions of one user, or every session for `*`. */
  dropFor(target: string): void {
    this.generation++;
    if (target === EVERYONE) {
      this.entries.clear();
      return;
    }
    for (const id of [...(this.byUser.get(target) ?? [])]) this.entries.delete(id);
  }

  async close(): Promise<void> {
    this.closed = true;
    LIVE_CACHES.delete(this);
    if (this.retry) clearTimeout(this.retry);
    this.active = false;
    this.entries.clear();
    const client = this.listener;
    this.listener = null;
    await client?.end().catch(() => {});
  }
}

const LIVE_CACHES = new Set<{ dropFor(target: string): void }>();

/**
 * Announces that who a user's sessions act as may have changed (`null`: anyone's, as when an
 * organisation is renamed, moved or closed). Call it inside the writing transaction: other app
 * processes hear it when the transaction commits; this process drops its entries at once.
 */
export async function authChanged(db: Executor, userId: string | null): Promise<void> {
  const target = userId ?? EVERYONE;
  for (const cache of LIVE_CACHES) cache.dropFor(target);
  await db.execute(sql`SELECT pg_notify(${AUTH_CHANNEL}, ${target})`);
}
