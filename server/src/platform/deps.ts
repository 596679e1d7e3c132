import type { AuditSubject, TodoKind } from '@gonghui/contract';
import type { Config } from '../config';
import type { Db, Executor } from '../db/client';
import type { FoundSession, RequestContext, RolePermissions } from './access';
import type { PiiCipher } from './crypto';
import type { SessionCache } from './session-cache';
import type { SmsProvider } from './sms';
import type { WechatProvider } from './wechat';

/**
 * A module's part of "my data" (PIPL art. 45): everything it holds about the signed-in person,
 * under the module's key of the My Data answer. Declared in the manifest; membership assembles them.
 */
export interface PersonalDataProvider {
  key: 'rights' | 'democracy';
  collect(deps: Pick<AppDeps, 'db' | 'cipher' | 'config'>, context: RequestContext): Promise<unknown>;
}

/**
 * A module's part of a cadre's to-do list: the kinds it counts, and a count of each kind asked
 * for (only those whose permission the person holds), in the subtrees where they hold it.
 */
export interface TodoProvider {
  kinds: readonly TodoKind[];
  count(
    deps: Pick<AppDeps, 'db' | 'config'>,
    context: RequestContext,
    kinds: ReadonlySet<TodoKind>,
  ): Promise<Partial<Record<TodoKind, number>>>;
}

/**
 * A provider's counts of the kinds asked for, each by its own query, side by side; kinds not
 * asked for are not counted.
 */
export async function countAsked(
  asked: ReadonlySet<TodoKind>,
  counters: Partial<Record<TodoKind, () => Promise<number>>>,
): Promise<Partial<Record<TodoKind, number>>> {
  const wanted = (Object.keys(counters) as TodoKind[]).filter((kind) => asked.has(kind));
  return Object.fromEntries(await Promise.all(wanted.map(async (kind) => [kind, await counters[kind]!()] as const)));
}

/**
 * The names of a module's objects, for the audit trail's sentences ("… approved the application of
 * 张三"): for each kind of object it owns, the ids asked for (as the trail stores them) to a name a
 * reader knows it by. An object without a name a reader may see (a confidential case) is left out.
 */
export type AuditNames = Partial<
  Record<AuditSubject, (db: Executor, ids: readonly string[]) => Promise<ReadonlyMap<string, string>>>
>;

/** What the app hands every module: built once in app.ts, which is the only place that knows them all. */
export interface AppDeps {
  db: Db;
  config: Config;
  cipher: PiiCipher;
  sms: SmsProvider;
  wechat: WechatProvider;
  rolePermissions: RolePermissions;
  personalData: PersonalDataProvider[];
  todo: TodoProvider[];
  auditNames: AuditNames;
  sessions?: SessionCache<FoundSession> | undefined;
}
