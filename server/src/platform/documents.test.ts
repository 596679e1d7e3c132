import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/helpers';
import { auditLog } from './audit.tables';
import { readStoredDocument, storeDocument } from './documents';
import { documents } from './documents.tables';

const PDF = Buffer.from('%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n');
const owner = { provinceCode: '44', organisationId: 1, subjectType: 'congress_session' as const, subjectId: 7 };
const context = { requestId: 'test', ip: '127.0.0.1' };

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

describe('the one document store', () => {
  it('stores a file typed by its content and audits the upload and every read on its owner', async () => {
    const stored = await t.db.transaction((tx) =>
      storeDocument(
        tx,
        null,
        owner,
        { fileName: 'minutes.pdf', content: PDF },
        { action: 'congress.document_add', wrongType: 'x' },
      ),
    );
    expect(stored).toMatchObject({ mediaType: 'application/pdf', size: PDF.length });
    const read = await readStoredDocument(t.db, context, owner, stored.id, 'congress.document_download');
    expect(read.content.equals(PDF)).toBe(true);
    const rows = await t.db.select().from(auditLog).where(eq(auditLog.subjectType, 'congress_session'));
    expect(rows.map((r) => [r.action, r.subjectId, (r.changes as { documentId: string }).documentId])).toEqual([
      ['congress.document_add', '7', stored.id],
      ['congress.document_download', '7', stored.id],
    ]);
  });

  it('refuses what is not a document, by content, with the module’s problem, and stores nothing', async () => {
    const before = (await t.db.select().from(documents)).length;
    const attempt = t.db.transaction((tx) =>
      storeDocument(
        tx,
        null,
        owner,
        { fileName: 'a.pdf', content: Buffer.from('MZ not a pdf') },
        {
          action: 'congress.document_add',
          wrongType: 'rights.attachment_type',
        },
      ),
    );
    await expect(attempt).rejects.toMatchObject({ status: 415, code: 'rights.attachment_type' });
    expect(await t.db.select().from(documents)).toHaveLength(before);
  });

  it('reads a document only within its owner’s province', async () => {
    const stored = await t.db.transaction((tx) =>
      storeDocument(
        tx,
        null,
        owner,
        { fileName: 'b.pdf', content: PDF },
        { action: 'congress.document_add', wrongType: 'x' },
      ),
    );
    await expect(
      readStoredDocument(t.db, context, { ...owner, provinceCode: '11' }, stored.id, 'congress.document_download'),
    ).rejects.toMatchObject({ status: 404 });
  });

  it('is the only place that holds or reads a file’s bytes', () => {
    const root = path.resolve(import.meta.dirname, '..');
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(full);
        else if (/\.ts$/.test(entry.name) && !entry.name.includes('.test.')) {
          const text = fs.readFileSync(full, 'utf8');
          // A bytea column called content, or a select of the store's content, outside the store.
          if (
            /bytea\('content'\)|documents\.content/.test(text) &&
            !/platform\/documents(\.tables|\.repository)\.ts$/.test(full)
          )
            offenders.push(path.relative(root, full));
        }
      }
    };
    walk(root);
    expect(offenders).toEqual([]);
  });
});
