import { and, eq } from 'drizzle-orm';
import type { Executor } from '../db/client';
import { documents } from './documents.tables';

export type DocumentInsert = typeof documents.$inferInsert;

export async function insertDocument(db: Executor, values: DocumentInsert) {
  const [row] = await db.insert(documents).values(values).returning({ id: documents.id });
  return row!.id;
}

export async function findDocument(db: Executor, id: string, provinceCode: string) {
  const [row] = await db
    .select({
      id: documents.id,
      fileName: documents.fileName,
      mediaType: documents.mediaType,
      size: documents.size,
      sha256: documents.sha256,
      content: documents.content,
    })
    .from(documents)
    .where(and(eq(documents.id, id), eq(documents.provinceCode, provinceCode)));
  return row;
}
