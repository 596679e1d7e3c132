import { inArray } from 'drizzle-orm';
import { namesById, uuidIds } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import { apiTokens, users } from './accounts.tables';

/** Accounts by their display name, API tokens by what they are for. */
export const accountNames: AuditNames = {
  user: async (db, ids) =>
    namesById(
      await db
        .select({ id: users.id, name: users.displayName })
        .from(users)
        .where(inArray(users.id, uuidIds(ids))),
    ),
  api_token: async (db, ids) =>
    namesById(
      await db
        .select({ id: apiTokens.id, name: apiTokens.name })
        .from(apiTokens)
        .where(inArray(apiTokens.id, uuidIds(ids))),
    ),
};
