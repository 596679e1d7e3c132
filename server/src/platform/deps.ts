import type { Config } from '../config';
import type { Db } from '../db/client';
import type { FoundSession, RequestContext, RolePermissions } from './access';
import type { PiiCipher } from './crypto';
import type { SessionCache } from './session-cache';
import type { SmsProvider } from './sms';

/**
 * A module's part of "my data" (PIPL art. 45): everything it holds about the signed-in person,
 * under the module's key of the My Data answer. Declared in the manifest; membership assembles them.
 */
export interface PersonalDataProvider {
  key: 'rights' | 'democracy';
  collect(deps: Pick<AppDeps, 'db' | 'cipher' | 'config'>, context: RequestContext): Promise<unknown>;
}

/** What the app hands every module: built once in app.ts, which is the only place that knows them all. */
export interface AppDeps {
  db: Db;
  config: Config;
  cipher: PiiCipher;
  sms: SmsProvider;
  rolePermissions: RolePermissions;
  personalData: PersonalDataProvider[];
  sessions?: SessionCache<FoundSession> | undefined;
}
