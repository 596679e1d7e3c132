import { AUDIT_FIELDS, type AuditAction, type AuditSubject, maskIdNumber, maskMobile } from '@gonghui/contract';
import type { Executor } from '../db/client';
import { homeOrganisationOf, type RequestContext } from './access';
import { insertAuditRow, insertAuditRows, readChainBatch, readChainHead } from './audit.repository';
import { notFound } from './errors';

export interface AuditEvent {
  action: AuditAction;
  subjectType?: AuditSubject;
  subjectId?: string | number;
  organisationId?: number | null;
  changes?: Record<string, unknown>;
}

const SECRET_KEYS = /password|secret|token|^code$|^totp$/i;
const MOBILE_KEYS = /mobile|phone/i;
const ID_NUMBER_KEYS = /idNumber/i;

/** Personal data is masked and secrets dropped before anything reaches the audit trail. */
export function maskChanges(value: unknown, key = ''): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (typeof value === 'string') {
    if (SECRET_KEYS.test(key)) return '[redacted]';
    if (MOBILE_KEYS.test(key)) return maskMobile(value);
    if (ID_NUMBER_KEYS.test(key)) return maskIdNumber(value);
    return value;
  }
  if (Array.isArray(value)) return value.map((item) => maskChanges(item, key));
  if (typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        // {from, to} pairs inherit the field name of their parent
        const effectiveKey = k === 'from' || k === 'to' ? key : k;
        return [k, maskChanges(v, effectiveKey)];
      }),
    );
  }
  return value;
}

/**
 * The fields of a change, nested ones included, that the audit vocabulary does not name. Tests
 * fail on any (see auditRow), so every field the trail records has words in both languages.
 */
export function unnamedFields(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) unnamedFields(item, out);
  else if (value && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key !== 'from' && key !== 'to' && !KNOWN_FIELDS.has(key)) out.add(key);
      unnamedFields(inner, out);
    }
  }
  return out;
}
const KNOWN_FIELDS: ReadonlySet<string> = new Set(AUDIT_FIELDS);

function auditRow(context: Partial<RequestContext> | null, event: AuditEvent) {
  // Under test, a change naming a field the vocabulary lacks fails the write (and so the test that
  // made it): the trail would otherwise show a field with no words for it.
  if (process.env.VITEST && event.changes) {
    const unnamed = unnamedFields(event.changes);
    if (unnamed.size > 0) throw new Error(`${event.action}: add ${[...unnamed].join(', ')} to AUDIT_FIELDS`);
  }
  return {
    actorUserId: context?.actor?.userId ?? null,
    actorName: context?.actor?.displayName ?? null,
    action: event.action,
    subjectType: event.subjectType ?? null,
    subjectId: event.subjectId === undefined ? null : String(event.subjectId),
    organisationId: event.organisationId ?? null,
    changes: event.changes ? (maskChanges(event.changes) as Record<string, unknown>) : null,
    requestId: context?.requestId ?? null,
    ip: context?.ip ?? null,
  };
}

/** Appends to the audit trail inside the caller's transaction, so it commits or rolls back with it. */
export async function recordAudit(db: Executor, context: Partial<RequestContext> | null, event: AuditEvent) {
  await insertAuditRow(db, auditRow(context, event));
}

/** Several events in one statement (each still its own chained row), e.g. the payments of a bank result. */
export async function recordAuditMany(db: Executor, context: Partial<RequestContext> | null, events: AuditEvent[]) {
  await insertAuditRows(
    db,
    events.map((event) => auditRow(context, event)),
  );
}

/** Changed fields between two versions of a record, as `{ field: { from, to } }`. */
export function diffFields<T extends Record<string, unknown>>(before: T, after: Partial<T>) {
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(after)) {
    if (to !== undefined && before[field] !== to) changes[field] = { from: before[field] ?? null, to };
  }
  return changes;
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBrokenId: number | null;
  reason: string | null;
  headHash: string | null;
}

/** Walks the whole chain in batches and names the first row whose links or contents do not match. */
export async function verifyAuditChain(db: Executor, batchSize = 5000): Promise<ChainVerification> {
  let previousHash: Buffer | null = null;
  let previousId = 0;
  let checked = 0;
  for (;;) {
    const batch = await readChainBatch(db, previousId, batchSize);
    for (const row of batch) {
      const linksBack = previousHash === null ? row.prevHash === null : row.prevHash?.equals(previousHash);
      if (!linksBack)
        return broken(row.id, 'prev_hash does not match the previous row (a row was removed or reordered)');
      if (!row.recomputed.equals(row.hash))
        return broken(row.id, 'contents do not match the row hash (the row was altered)');
      previousHash = row.hash;
      previousId = row.id;
      checked++;
    }
    if (batch.length < batchSize) break;
  }
  const head = await readChainHead(db);
  const headMatches =
    head.lastHash === null ? previousHash === null : previousHash !== null && head.lastHash.equals(previousHash);
  if (!headMatches)
    return broken(
      head.lastId ?? previousId,
      'the chain head names a row that is missing (rows were removed from the end)',
    );
  return { ok: true, checked, firstBrokenId: null, reason: null, headHash: previousHash?.toString('hex') ?? null };

  function broken(id: number, reason: string): ChainVerification {
    return { ok: false, checked, firstBrokenId: id, reason, headHash: null };
  }
}

/**
 * Answers 404 for a record the actor may not see, exactly as for a missing one, and records the
 * attempt when the record does exist elsewhere in the tree. The record is written on `db` (the pool)
 * so it survives the caller's rollback: call it before the caller's transaction appends audit rows
 * of its own, whose chain lock would otherwise make this insert wait on its own request.
 */
export async function refuseOutOfScope(
  db: Executor,
  context: RequestContext,
  subject: { type: AuditSubject; id: string | number; exists: () => Promise<boolean> },
): Promise<never> {
  if (await subject.exists()) {
    await recordAudit(db, context, {
      action: 'access.out_of_scope',
      subjectType: subject.type,
      subjectId: subject.id,
      organisationId: homeOrganisationOf(context.actor),
    });
  }
  throw notFound();
}
