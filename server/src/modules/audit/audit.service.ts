import { AUDIT_REFERENCES, type AuditSubject } from '@gonghui/contract';
import type { Db } from '../../db/client';
import { type RequestContext, scopeOf } from '../../platform/access';
import { verifyAuditChain } from '../../platform/audit';
import { type AuditFilter, listAuditRows } from '../../platform/audit.repository';
import type { AuditNames } from '../../platform/deps';

type Row = Awaited<ReturnType<typeof listAuditRows>>['rows'][number];

type ReferenceField = keyof typeof AUDIT_REFERENCES;
const isId = (value: unknown) => typeof value === 'number' || typeof value === 'string';

/**
 * The ids a change refers to through a reference field, keyed as the answer names them: the field
 * for a plain id, `field.from` and `field.to` for a pair.
 */
function referencesOf(row: Row): [key: string, field: ReferenceField, id: string][] {
  const changes = row.changes ?? {};
  return (Object.keys(AUDIT_REFERENCES) as ReferenceField[]).flatMap((field) => {
    const value = changes[field];
    if (isId(value)) return [[field, field, String(value)] as [string, ReferenceField, string]];
    if (value && typeof value === 'object' && 'from' in value && 'to' in value) {
      const pair = value as { from: unknown; to: unknown };
      return (['from', 'to'] as const).flatMap((end) =>
        isId(pair[end]) ? [[`${field}.${end}`, field, String(pair[end])] as [string, ReferenceField, string]] : [],
      );
    }
    return [];
  });
}

/**
 * The names of the objects a page of the trail is about, and of those its changes refer to: one
 * look-up per kind, through the module that owns the kind.
 */
async function namesFor(db: Db, auditNames: AuditNames, rows: Row[]) {
  const wanted = new Map<AuditSubject, Set<string>>();
  const want = (type: AuditSubject, id: string) => {
    if (!wanted.has(type)) wanted.set(type, new Set());
    wanted.get(type)!.add(id);
  };
  for (const row of rows) {
    if (row.subjectType && row.subjectId) want(row.subjectType as AuditSubject, row.subjectId);
    for (const [, field, id] of referencesOf(row)) want(AUDIT_REFERENCES[field], id);
  }
  const found = await Promise.all(
    [...wanted].map(async ([type, ids]) => [type, (await auditNames[type]?.(db, [...ids])) ?? new Map()] as const),
  );
  const names = new Map(found);
  return (type: string | null, id: string | null) =>
    type && id ? (names.get(type as AuditSubject)?.get(id) ?? null) : null;
}

export async function listAuditEntries(
  deps: { db: Db; auditNames: AuditNames },
  context: RequestContext,
  query: Omit<AuditFilter, 'scope'> & { page: number; pageSize: number },
) {
  const scope = scopeOf(context.actor, 'audit.read');
  const { page, pageSize, ...filter } = query;
  const { rows, total } = await listAuditRows(deps.db, { ...filter, scope }, page, pageSize);
  const nameOf = await namesFor(deps.db, deps.auditNames, rows);
  return {
    items: rows.map((row) => ({
      id: row.id,
      occurredAt: row.occurredAt.toISOString(),
      actorUserId: row.actorUserId,
      actorName: row.actorName,
      action: row.action,
      subjectType: row.subjectType,
      subjectId: row.subjectId,
      subjectName: nameOf(row.subjectType, row.subjectId),
      organisationId: row.organisationId,
      changes: row.changes,
      references: Object.fromEntries(
        referencesOf(row).flatMap(([key, field, id]) => {
          const name = nameOf(AUDIT_REFERENCES[field], id);
          return name ? [[key, name]] : [];
        }),
      ),
      requestId: row.requestId,
      ip: row.ip,
      hash: row.hash.toString('hex'),
    })),
    total,
    page,
    pageSize,
  };
}

export function verifyChain(deps: { db: Db }) {
  return verifyAuditChain(deps.db);
}
