import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { inSubtrees } from '../../db/sql';
import { organisations } from '../../platform/organisations.tables';
import { scopedKind } from '../../platform/scope';
import { members } from '../membership/membership.tables';
import {
  assistanceApplications,
  assistanceEvents,
  assistanceNeedClaims,
  assistanceObjections,
  assistancePayments,
  assistanceProgrammes,
} from './assistance.tables';

// The application aggregate: an application with its events, documents, objections, the household
// need it claims and the payment it creates. Scope is in the WHERE clause of every list.

export type ApplicationRow = typeof assistanceApplications.$inferSelect;
export type ApplicationInsert = typeof assistanceApplications.$inferInsert;
export type EventInsert = typeof assistanceEvents.$inferInsert;
type ApplicationKey = Pick<ApplicationRow, 'id' | 'provinceCode'>;

const ofApplication = <T extends typeof assistanceObjections | typeof assistancePayments | typeof assistanceEvents>(
  table: T,
  row: ApplicationKey,
) => and(eq(table.applicationId, row.id), eq(table.provinceCode, row.provinceCode));

// ---- the applicant ----

export async function memberById(db: Executor, id: number) {
  const [row] = await db.select().from(members).where(eq(members.id, id));
  return row;
}

export async function memberOfUser(db: Executor, userId: string) {
  const [row] = await db.select().from(members).where(eq(members.userId, userId));
  return row;
}

/** Locks a member's row until the transaction ends: claims against their yearly cap queue on it. */
export async function lockMember(db: Executor, member: { id: number; provinceCode: string }) {
  await db.execute(
    sql`SELECT 1 FROM members WHERE id = ${member.id} AND province_code = ${member.provinceCode} FOR UPDATE`,
  );
}

/** What a member has been granted in a period by a programme, other applications than `exceptId`. */
export async function paidInPeriod(
  db: Executor,
  at: { programmeId: number; memberId: number; provinceCode: string; period: string },
  exceptId = 0,
) {
  const [row] = await db
    .select({ total: sql<string>`coalesce(sum(${assistancePayments.amountFen}), 0)` })
    .from(assistancePayments)
    .innerJoin(
      assistanceApplications,
      and(
        eq(assistanceApplications.id, assistancePayments.applicationId),
        eq(assistanceApplications.provinceCode, assistancePayments.provinceCode),
      ),
    )
    .where(
      and(
        eq(assistanceApplications.memberId, at.memberId),
        eq(assistanceApplications.provinceCode, at.provinceCode),
        eq(assistanceApplications.programmeId, at.programmeId),
        eq(assistanceApplications.period, at.period),
        sql`${assistanceApplications.id} <> ${exceptId}`,
        sql`${assistancePayments.status} <> 'cancelled'`,
      ),
    );
  return Number(row?.total ?? 0);
}

// ---- the household's needs ----

export async function needClaimed(
  db: Executor,
  claim: { provinceCode: string; householdKey: string; need: string; period: string },
) {
  const [row] = await db
    .select({ id: assistanceNeedClaims.applicationId })
    .from(assistanceNeedClaims)
    .where(
      and(
        eq(assistanceNeedClaims.householdKey, claim.householdKey),
        eq(assistanceNeedClaims.need, claim.need),
        eq(assistanceNeedClaims.period, claim.period),
        eq(assistanceNeedClaims.provinceCode, claim.provinceCode),
      ),
    );
  return Boolean(row);
}

/** Claims a household's need for a period; false when another application holds it. */
export async function claimNeed(
  db: Executor,
  claim: { provinceCode: string; householdKey: string; need: string; period: string; applicationId: number },
) {
  const claimed = await db
    .insert(assistanceNeedClaims)
    .values(claim)
    .onConflictDoNothing()
    .returning({ id: assistanceNeedClaims.applicationId });
  return claimed.length > 0;
}

// ---- applications ----

export async function findApplication(db: Executor, id: number) {
  const [row] = await db.select().from(assistanceApplications).where(eq(assistanceApplications.id, id));
  return row;
}

export async function insertApplication(db: Executor, values: ApplicationInsert) {
  const [row] = await db.insert(assistanceApplications).values(values).returning();
  return row!;
}

/** Moves an application on if its version and stage are still those the person saw; undefined otherwise. */
export async function advanceApplication(
  db: Executor,
  row: ApplicationRow,
  version: number,
  values: Partial<ApplicationInsert>,
) {
  const [next] = await db
    .update(assistanceApplications)
    .set({ ...values, version: row.version + 1, updatedAt: new Date() })
    .where(
      and(
        eq(assistanceApplications.id, row.id),
        eq(assistanceApplications.provinceCode, row.provinceCode),
        eq(assistanceApplications.version, version),
        eq(assistanceApplications.stage, row.stage),
      ),
    )
    .returning();
  return next;
}

export async function insertEvent(db: Executor, values: EventInsert) {
  await db.insert(assistanceEvents).values(values);
}

/** Applications with the member's name, the programme, the union and the payment: every list's query. */
function applicationRows(db: Executor) {
  return db
    .select({
      application: assistanceApplications,
      memberName: members.name,
      programmeName: assistanceProgrammes.name,
      programmeKind: assistanceProgrammes.kind,
      organisationName: organisations.name,
      paymentStatus: assistancePayments.status,
    })
    .from(assistanceApplications)
    .innerJoin(
      members,
      and(
        eq(members.id, assistanceApplications.memberId),
        eq(members.provinceCode, assistanceApplications.provinceCode),
      ),
    )
    .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceApplications.programmeId))
    .innerJoin(organisations, eq(organisations.id, assistanceApplications.organisationId))
    .leftJoin(
      assistancePayments,
      and(
        eq(assistancePayments.applicationId, assistanceApplications.id),
        eq(assistancePayments.provinceCode, assistanceApplications.provinceCode),
      ),
    );
}

export type ApplicationListRow = Awaited<ReturnType<typeof applicationsOfMember>>[number];
const newestFirst = [desc(assistanceApplications.createdAt), desc(assistanceApplications.id)];

export function applicationsOfMember(db: Executor, member: { id: number; provinceCode: string }, limit = 100) {
  return applicationRows(db)
    .where(
      and(eq(assistanceApplications.memberId, member.id), eq(assistanceApplications.provinceCode, member.provinceCode)),
    )
    .orderBy(...newestFirst)
    .limit(limit);
}

export interface ApplicationFilter {
  scope: readonly string[];
  stage?: string | undefined;
  programmeId?: number | undefined;
  stages?: readonly string[] | undefined;
}

function filtered(filter: ApplicationFilter) {
  return and(
    inSubtrees(assistanceApplications.organisationPath, filter.scope),
    // A member's own draft is theirs until submitted; a cadre's draft for a member is listed.
    filter.stage
      ? eq(assistanceApplications.stage, filter.stage)
      : sql`(${assistanceApplications.stage} <> 'draft' OR ${assistanceApplications.onBehalf})`,
    filter.programmeId ? eq(assistanceApplications.programmeId, filter.programmeId) : undefined,
    filter.stages ? inArray(assistanceApplications.stage, [...filter.stages]) : undefined,
  );
}

/** A page of the applications in a subtree, newest first, and how many there are. */
export async function applicationsPage(db: Executor, filter: ApplicationFilter, limit: number, offset: number) {
  const where = filtered(filter);
  const [items, [total]] = await Promise.all([
    applicationRows(db)
      .where(where)
      .orderBy(...newestFirst)
      .limit(limit)
      .offset(offset),
    db.select({ total: count() }).from(assistanceApplications).where(where),
  ]);
  return { items, total: total?.total ?? 0 };
}

/** Applications in public notice in a subtree, the soonest ending first. */
export function applicationsInNotice(db: Executor, path: string, limit = 500) {
  return applicationRows(db)
    .where(and(eq(assistanceApplications.stage, 'notice'), inSubtrees(assistanceApplications.organisationPath, [path])))
    .orderBy(asc(assistanceApplications.noticeEndsOn), asc(assistanceApplications.id))
    .limit(limit);
}

// ---- what an application carries ----

export function objectionsOf(db: Executor, row: ApplicationKey) {
  return db
    .select()
    .from(assistanceObjections)
    .where(ofApplication(assistanceObjections, row))
    .orderBy(asc(assistanceObjections.id));
}

export async function hasOpenObjection(db: Executor, row: ApplicationKey) {
  const [open] = await db
    .select({ id: assistanceObjections.id })
    .from(assistanceObjections)
    .where(and(ofApplication(assistanceObjections, row), sql`${assistanceObjections.answeredAt} IS NULL`))
    .limit(1);
  return Boolean(open);
}

export async function insertObjection(db: Executor, row: ApplicationKey, text: string, filedBy: string) {
  const [objection] = await db
    .insert(assistanceObjections)
    .values({ provinceCode: row.provinceCode, applicationId: row.id, text, filedBy })
    .returning({ id: assistanceObjections.id });
  return objection!.id;
}

/** Answers an objection still open; false when there is none by that id on the application. */
export async function answerObjection(
  db: Executor,
  row: ApplicationKey,
  objectionId: number,
  answer: { answer: string; upheld: boolean; answeredBy: string },
) {
  const [answered] = await db
    .update(assistanceObjections)
    .set({ ...answer, answeredAt: new Date() })
    .where(
      and(
        eq(assistanceObjections.id, objectionId),
        ofApplication(assistanceObjections, row),
        sql`${assistanceObjections.answeredAt} IS NULL`,
      ),
    )
    .returning({ id: assistanceObjections.id });
  return Boolean(answered);
}

export async function paymentOf(db: Executor, row: ApplicationKey) {
  const [payment] = await db.select().from(assistancePayments).where(ofApplication(assistancePayments, row));
  return payment;
}

export function eventsOf(db: Executor, row: ApplicationKey) {
  return db
    .select()
    .from(assistanceEvents)
    .where(ofApplication(assistanceEvents, row))
    .orderBy(asc(assistanceEvents.id));
}

/** An application within the subtrees `scope`. */
async function findApplicationInScope(db: Executor, id: number, scope: readonly string[]) {
  const [row] = await db
    .select()
    .from(assistanceApplications)
    .where(and(eq(assistanceApplications.id, id), inSubtrees(assistanceApplications.organisationPath, scope)));
  return row;
}

export const APPLICATION = scopedKind(
  'assistance_application',
  findApplicationInScope,
  async (db, id) => (await findApplication(db, id)) !== undefined,
);

// ---- to-do ----

/**
 * The applications in the review chain where a cadre manages or approves, grouped by what decides
 * whether the next step is theirs: the stage and the programme's chain, whether they gave the
 * first approval, and where the application lies against their subtrees (the caller applies the
 * chain's rules to the few groups).
 */
export function activeApplicationGroups(
  db: Executor,
  who: { userId: string; managePaths: readonly string[]; approvePaths: readonly string[]; today: string },
) {
  const path = assistanceApplications.organisationPath;
  const strictlyBelow =
    who.managePaths.length === 0
      ? sql<boolean>`false`
      : sql<boolean>`(${sql.join(
          who.managePaths.map((p) => sql`(${path} <@ ${p}::ltree AND ${path} <> ${p}::ltree)`),
          sql` OR `,
        )})`;
  const columns = {
    stage: assistanceApplications.stage,
    chain: assistanceProgrammes.chain,
    firstApprovalMine: sql<boolean>`coalesce(${assistanceApplications.firstApproverId} = ${who.userId}, false)`,
    inManage: sql<boolean>`${inSubtrees(path, who.managePaths)}`,
    inApprove: sql<boolean>`${inSubtrees(path, who.approvePaths)}`,
    belowManage: strictlyBelow,
    noticeRunning: sql<boolean>`coalesce(${assistanceApplications.noticeEndsOn} >= ${who.today}::date, false)`,
  };
  return (
    db
      .select({ ...columns, n: count() })
      .from(assistanceApplications)
      .innerJoin(assistanceProgrammes, eq(assistanceProgrammes.id, assistanceApplications.programmeId))
      .where(
        and(
          inArray(assistanceApplications.stage, ['submitted', 'checked', 'reviewed', 'notice']),
          sql`(${inSubtrees(path, who.managePaths)} OR ${inSubtrees(path, who.approvePaths)})`,
        ),
      )
      // By position: the expressions carry parameters, which PostgreSQL cannot match between the
      // select list and a GROUP BY written out again.
      .groupBy(
        sql.raw(
          Object.keys(columns)
            .map((_, i) => i + 1)
            .join(', '),
        ),
      )
  );
}

/** Objections filed during a public notice and not yet answered, in the subtrees. */
export async function countUnansweredObjections(db: Executor, scope: readonly string[]) {
  const [row] = await db
    .select({ n: count() })
    .from(assistanceObjections)
    .innerJoin(
      assistanceApplications,
      and(
        eq(assistanceApplications.id, assistanceObjections.applicationId),
        eq(assistanceApplications.provinceCode, assistanceObjections.provinceCode),
      ),
    )
    .where(
      and(sql`${assistanceObjections.answer} IS NULL`, inSubtrees(assistanceApplications.organisationPath, scope)),
    );
  return row?.n ?? 0;
}
