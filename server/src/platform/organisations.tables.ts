import { sql } from 'drizzle-orm';
import {
  type AnyPgColumn,
  bigint,
  check,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';
import { ltree } from '../db/columns';

// A reference table under Citus: small, read everywhere, joined from every distributed table.
export const organisations = pgTable(
  'organisations',
  {
    id: bigint('id', { mode: 'number' }).primaryKey().generatedByDefaultAsIdentity(),
    parentId: bigint('parent_id', { mode: 'number' }).references((): AnyPgColumn => organisations.id),
    path: ltree('path').notNull(),
    name: text('name').notNull(),
    type: text('type').notNull(),
    level: text('level').notNull(),
    regionCode: text('region_code').notNull(),
    status: text('status').notNull().default('active'),
    closedReason: text('closed_reason'),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('organisations_path_key').on(t.path),
    index('organisations_path_gist').using('gist', t.path),
    index('organisations_parent_idx').on(t.parentId),
    index('organisations_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    check(
      'organisations_type_check',
      sql`${t.type} IN ('federation','industrial_union','joint_union','holding_union','grassroots','joint_grassroots','branch')`,
    ),
    check(
      'organisations_level_check',
      sql`${t.level} IN ('national','provincial','city','county','street','grassroots','branch')`,
    ),
    check('organisations_status_check', sql`${t.status} IN ('active','closed')`),
    check('organisations_region_code_check', sql`${t.regionCode} ~ '^[0-9]{6}$'`),
  ],
);

// Distributed by province under Citus, co-located with members (see db/placement.ts): the
// province code is in the primary key and every unique key.
export const employers = pgTable(
  'employers',
  {
    id: bigint('id', { mode: 'number' }).notNull().generatedByDefaultAsIdentity(),
    provinceCode: text('province_code').notNull(),
    name: text('name').notNull(),
    uscc: text('uscc').notNull(),
    industryCode: text('industry_code').notNull(),
    ownershipType: text('ownership_type').notNull(),
    regionCode: text('region_code').notNull(),
    employeeCount: integer('employee_count').notNull().default(0),
    organisationId: bigint('organisation_id', { mode: 'number' })
      .notNull()
      .references(() => organisations.id),
    coveringUnionId: bigint('covering_union_id', { mode: 'number' }).references(() => organisations.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ name: 'employers_pkey', columns: [t.id, t.provinceCode] }),
    uniqueIndex('employers_uscc_key').on(t.uscc, t.provinceCode),
    index('employers_organisation_idx').on(t.organisationId),
    index('employers_covering_union_idx').on(t.coveringUnionId),
    index('employers_name_trgm').using('gin', t.name.op('gin_trgm_ops')),
    check('employers_employee_count_check', sql`${t.employeeCount} >= 0`),
  ],
);
