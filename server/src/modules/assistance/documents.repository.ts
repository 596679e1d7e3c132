import { and, asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { documents } from '../../platform/documents.tables';
import { assistanceDocuments } from './assistance.tables';

// Evidence held for an application or a hardship file: a link from its owner to a document in
// the one store (platform/documents.tables.ts), which holds the file.

export type DocumentInsert = typeof assistanceDocuments.$inferInsert;
export interface DocumentOwner {
  of: 'application' | 'file';
  id: number;
  provinceCode: string;
}

const ownedBy = (owner: DocumentOwner) =>
  and(
    owner.of === 'application'
      ? eq(assistanceDocuments.applicationId, owner.id)
      : eq(assistanceDocuments.fileId, owner.id),
    eq(assistanceDocuments.provinceCode, owner.provinceCode),
  );

export async function insertDocument(db: Executor, values: DocumentInsert) {
  const [stored] = await db.insert(assistanceDocuments).values(values).returning({ id: assistanceDocuments.id });
  return stored!.id;
}

/** An owner's documents without their content, oldest first. */
export function documentsOf(db: Executor, owner: DocumentOwner) {
  return db
    .select({
      id: assistanceDocuments.id,
      kind: assistanceDocuments.kind,
      fileName: documents.fileName,
      mediaType: documents.mediaType,
      size: documents.size,
      createdAt: assistanceDocuments.createdAt,
    })
    .from(assistanceDocuments)
    .innerJoin(
      documents,
      and(eq(documents.id, assistanceDocuments.id), eq(documents.provinceCode, assistanceDocuments.provinceCode)),
    )
    .where(ownedBy(owner))
    .orderBy(asc(assistanceDocuments.createdAt));
}

/** One of an owner's document links (its file is read through the store). */
export async function documentOf(db: Executor, owner: DocumentOwner, documentId: string) {
  const [document] = await db
    .select()
    .from(assistanceDocuments)
    .where(and(eq(assistanceDocuments.id, documentId), ownedBy(owner)));
  return document;
}
