import { integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, provinceCode } from '../db/columns';

/**
 * The one document store: every uploaded file (congress documents, case attachments, assistance
 * evidence) is a row here, typed by its content and hashed; a module keeps only its link to it.
 * Stored and read only through platform/document-store.ts, which audits both.
 */
export const documents = pgTable(
  'documents',
  {
    id: uuid('id').notNull().defaultRandom(),
    // Placed with the province's other rows (Citus: distributed by province_code).
    provinceCode: provinceCode(),
    fileName: text('file_name').notNull(),
    mediaType: text('media_type').notNull(),
    size: integer('size').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    // Who uploaded it (null for an anonymous reporter); the audit row names them too.
    uploadedBy: uuid('uploaded_by'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ name: 'documents_pkey', columns: [t.id, t.provinceCode] })],
);
