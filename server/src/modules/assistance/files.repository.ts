import { and, asc, count, desc, eq, ilike, lte, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { escapeLike, inSubtrees } from '../../db/sql';
import { scopedKind } from '../../platform/scope';
import { hardshipFileEvents, hardshipFiles } from './assistance.tables';

// The hardship-file aggregate: a member's household file and its events.

export type FileRow = typeof hardshipFiles.$inferSelect;
export type FileInsert = typeof hardshipFiles.$inferInsert;
type FileKey = Pick<FileRow, 'id' | 'provinceCode'>;

export async function findFile(db: Executor, id: number) {
  const [row] = await db.select().from(hardshipFiles).where(eq(hardshipFiles.id, id));
  return row;
}

/** A member's open file, if any (at most one is open). */
export async function openFile(db: Executor, memberId: number, provinceCode: string) {
  const [row] = await db
    .select()
    .from(hardshipFiles)
    .where(
      and(
        eq(hardshipFiles.memberId, memberId),
        eq(hardshipFiles.provinceCode, provinceCode),
        eq(hardshipFiles.status, 'open'),
      ),
    );
  return row;
}

/** A member's files, open and closed, newest first. */
export function filesOfMember(db: Executor, member: { id: number; provinceCode: string }) {
  return db
    .select()
    .from(hardshipFiles)
    .where(and(eq(hardshipFiles.memberId, member.id), eq(hardshipFiles.provinceCode, member.provinceCode)))
    .orderBy(desc(hardshipFiles.createdAt));
}

/** The name of the member a file is for. */
export async function memberNameOf(db: Executor, row: Pick<FileRow, 'memberId' | 'provinceCode'>) {
  const result = await db.execute<{ name: string }>(
    sql`SELECT name FROM members WHERE id = ${row.memberId} AND province_code = ${row.provinceCode}`,
  );
  return result.rows[0]?.name;
}

export async function memberExists(db: Executor, id: number) {
  return (await db.execute(sql`SELECT 1 FROM members WHERE id = ${id}`)).rows.length > 0;
}

export async function insertFile(db: Executor, values: FileInsert) {
  const [row] = await db.insert(hardshipFiles).values(values).returning();
  return row!;
}

/** Changes a file if its version is still `version`; undefined otherwise. */
export async function updateFile(db: Executor, row: FileRow, version: number, values: Partial<FileInsert>) {
  const [next] = await db
    .update(hardshipFiles)
    .set({ ...values, version: row.version + 1, updatedAt: new Date() })
    .where(
      and(
        eq(hardshipFiles.id, row.id),
        eq(hardshipFiles.provinceCode, row.provinceCode),
        eq(hardshipFiles.version, version),
      ),
    )
    .returning();
  return next;
}

export function eventsOf(db: Executor, row: FileKey) {
  return db
    .select()
    .from(hardshipFileEvents)
    .where(and(eq(hardshipFileEvents.fileId, row.id), eq(hardshipFileEvents.provinceCode, row.provinceCode)))
    .orderBy(asc(hardshipFileEvents.id));
}

export async function insertEvent(db: Executor, values: typeof hardshipFileEvents.$inferInsert) {
  await db.insert(hardshipFileEvents).values(values);
}

export interface FileFilter {
  scope: readonly string[];
  status?: string | undefined;
  tier?: string | undefined;
  /** Open files due for verification by this date, soonest first. */
  dueBy?: string | undefined;
  /** Part of the member's name. */
  q?: string | undefined;
}

/** A page of the files in a subtree with their members' names, and how many there are. */
export async function filesPage(db: Executor, filter: FileFilter, limit: number, offset: number) {
  const where = and(
    inSubtrees(hardshipFiles.organisationPath, filter.scope),
    filter.status ? eq(hardshipFiles.status, filter.status) : undefined,
    filter.tier ? eq(hardshipFiles.tier, filter.tier) : undefined,
    filter.dueBy
      ? and(eq(hardshipFiles.status, 'open'), lte(hardshipFiles.nextVerificationOn, filter.dueBy))
      : undefined,
    filter.q
      ? sql`EXISTS (SELECT 1 FROM members m WHERE m.id = ${hardshipFiles.memberId} AND m.province_code = ${hardshipFiles.provinceCode} AND ${ilike(sql`m.name`, `%${escapeLike(filter.q)}%`)})`
      : undefined,
  );
  const [rows, [total]] = await Promise.all([
    db
      .select({ file: hardshipFiles, memberName: sql<string>`m.name` })
      .from(hardshipFiles)
      .innerJoin(
        sql`members m`,
        sql`m.id = ${hardshipFiles.memberId} AND m.province_code = ${hardshipFiles.provinceCode}`,
      )
      .where(where)
      .orderBy(
        filter.dueBy ? asc(hardshipFiles.nextVerificationOn) : desc(hardshipFiles.createdAt),
        desc(hardshipFiles.id),
      )
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(hardshipFiles).where(where),
  ]);
  return { rows, total: total?.total ?? 0 };
}

/** A member's applications in brief, for their own "my data". */
export async function applicationsInBrief(db: Executor, member: { id: number; provinceCode: string }) {
  const result = await db.execute<{
    id: number;
    programme_name: string;
    stage: string;
    amount_fen: string | null;
    payment_status: string | null;
    created_at: Date;
  }>(sql`
    SELECT a.id, p.name AS programme_name, a.stage,
      coalesce(a.approved_fen, a.reviewed_fen, a.checked_fen, a.requested_fen) AS amount_fen,
      pay.status AS payment_status, a.created_at
    FROM assistance_applications a
    JOIN assistance_programmes p ON p.id = a.programme_id
    LEFT JOIN assistance_payments pay ON pay.application_id = a.id AND pay.province_code = a.province_code
    WHERE a.member_id = ${member.id} AND a.province_code = ${member.provinceCode}
    ORDER BY a.created_at DESC`);
  return result.rows;
}

/** A hardship file within the subtrees `scope`. */
async function findFileInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select()
    .from(hardshipFiles)
    .where(and(eq(hardshipFiles.id, id), inSubtrees(hardshipFiles.organisationPath, scope)));
  return row;
}

export const HARDSHIP_FILE = scopedKind(
  'hardship_file',
  findFileInScope,
  async (db, id) => (await findFile(db, id)) !== undefined,
);
