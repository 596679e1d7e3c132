import { namesFrom } from '../../db/sql';
import type { AuditNames } from '../../platform/deps';
import { apiTokens, users } from './accounts.tables';

/** Accounts by their display name, API tokens by what they are for. */
export const accountNames: AuditNames = {
  user: namesFrom(users.id, users.displayName, 'uuid'),
  api_token: namesFrom(apiTokens.id, apiTokens.name, 'uuid'),
};
