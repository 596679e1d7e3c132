import type { MenuGroup, Permission } from '@gonghui/contract';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { FoundSession, RequestContext, RolePermissions } from './access';
import type { PiiCipher } from './crypto';
import type { SessionCache } from './session-cache';
import type { SmsProvider } from './sms';

/** An entry of the admin console menu, shown only to holders of its permission. */
export interface MenuEntry {
  key: string;
  path: string;
  labelKey: string;
  permission: Permission | null;
}

/** A menu entry as the console gets it: under the domain of the module that declared it. */
export type GroupedMenuEntry = MenuEntry & { group: MenuGroup };

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
  menu: GroupedMenuEntry[];
  personalData: PersonalDataProvider[];
  sessions?: SessionCache<FoundSession> | undefined;
}
