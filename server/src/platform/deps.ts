import type { Permission } from '@gonghui/contract';
import type { Config } from '../config';
import type { Db } from '../db/client';
import type { FoundSession, RolePermissions } from './access';
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

/** What the app hands every module: built once in app.ts, which is the only place that knows them all. */
export interface AppDeps {
  db: Db;
  config: Config;
  cipher: PiiCipher;
  sms: SmsProvider;
  rolePermissions: RolePermissions;
  menu: MenuEntry[];
  sessions?: SessionCache<FoundSession> | undefined;
}
