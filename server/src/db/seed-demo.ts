import { count } from 'drizzle-orm';
import { MODULES } from '../modules';
import type { PiiCipher } from '../platform/crypto';
import { Demo } from '../platform/demo';
import { organisations } from '../platform/organisations.tables';
import type { Db } from './client';

/** The demo's accounts and their one password. Demo data only: never seeded unless asked for. */
export { DEMO_ACCOUNTS, DEMO_PASSWORD } from '../modules/accounts';

export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const [row] = await db.select({ total: count() }).from(organisations);
  return (row?.total ?? 0) === 0;
}

/** Seeds the demo federation in one transaction: each module's part (its manifest's `demo`), in the registry's order. */
export async function seedDemo(db: Db, cipher: PiiCipher): Promise<void> {
  await db.transaction(async (tx) => {
    const demo = new Demo(cipher);
    for (const module of MODULES) await module.demo?.(tx, demo);
  });
}
