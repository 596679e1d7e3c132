import { and, asc, eq, inArray, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/client';
import { escapeLike, inSubtrees } from '../../db/sql';
import { employers, organisations } from '../../platform/organisations.tables';
import { memberTallies } from './membership.tables';

// Membership's figures and look-ups: tallies and their recount, employer coverage, and searches for unions and employers.

const UNION_TYPES = ['grassroots', 'joint_grassroots', 'holding_union', 'branch'] as const;

// ---- statistics ----

/** An organisation's tallies, summed over provinces (only an organisation above them has several). */
export async function readTallies(db: Executor, organisationId: number) {
  return db
    .select({
      dimension: memberTallies.dimension,
      value: memberTallies.value,
      count: sql<number>`sum(${memberTallies.count})::bigint`.mapWith(Number),
    })
    .from(memberTallies)
    .where(and(eq(memberTallies.organisationId, organisationId), ne(memberTallies.count, 0)))
    .groupBy(memberTallies.dimension, memberTallies.value);
}

/** Employers kept in the subtree (GiST on organisations.path, then the employer index). */
export async function employerCoverage(db: Executor, path: string) {
  const [row] = await db
    .select({
      employers: sql<number>`count(*)::int`,
      unionised: sql<number>`count(${employers.coveringUnionId})::int`,
      employees: sql<number>`coalesce(sum(${employers.employeeCount}), 0)::bigint`,
    })
    .from(employers)
    .innerJoin(organisations, eq(organisations.id, employers.organisationId))
    .where(inSubtrees(organisations.path, [path]));
  return row ?? { employers: 0, unionised: 0, employees: 0 };
}

/** Tally rows that differ from a full recount; empty when the tallies are right. */
export async function diffTalliesFromRecount(db: Executor) {
  const result = await db.execute<{ organisation_id: number; dimension: string; value: string }>(sql`
    SELECT organisation_id, dimension, value FROM (
      (SELECT organisation_id, province_code, dimension, value, count FROM member_tallies WHERE count <> 0
       EXCEPT SELECT * FROM member_tallies_recounted())
      UNION ALL
      (SELECT * FROM member_tallies_recounted()
       EXCEPT SELECT organisation_id, province_code, dimension, value, count FROM member_tallies WHERE count <> 0)
    ) d LIMIT 20`);
  return result.rows;
}

/** Open unions whose name contains the words (trigram index on organisations.name). */
export async function searchUnions(db: Executor, q: string) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(
        eq(organisations.status, 'active'),
        inArray(organisations.type, UNION_TYPES),
        sql`${organisations.name} LIKE ${`%${escapeLike(q)}%`}`,
      ),
    )
    .orderBy(asc(organisations.name))
    .limit(20);
}

export async function searchEmployers(db: Executor, q: string) {
  return db
    .select({ id: employers.id, name: employers.name })
    .from(employers)
    .where(sql`${employers.name} LIKE ${`%${escapeLike(q)}%`}`)
    .orderBy(asc(employers.name))
    .limit(20);
}

export async function listRootOrganisations(db: Executor) {
  return db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(sql`${organisations.parentId} IS NULL`);
}

/** Demo only: months opened for everyone, paid by all but every ninth member. */
