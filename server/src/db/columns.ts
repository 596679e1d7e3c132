import { bigint, customType, text, timestamp } from 'drizzle-orm/pg-core';

// Column builders every module's tables use, so the same column is declared the same way everywhere.

/** The distribution column of province-sharded tables (db/placement.ts). */
export const provinceCode = () => text('province_code').notNull();
export const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
export const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
/** A bigint id (or an amount in fen) read as a JS number: ids and fen stay far below 2^53. */
export const ref = (name: string) => bigint(name, { mode: 'number' });
/** Ciphertexts, blind indexes and hashes. */
export const bytea = customType<{ data: Buffer; driverData: Buffer }>({ dataType: () => 'bytea' });
/** PostgreSQL ltree: ids from the root joined by dots, e.g. `1.4.27`. */
export const ltree = customType<{ data: string }>({ dataType: () => 'ltree' });
