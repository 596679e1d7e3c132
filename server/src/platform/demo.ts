import type { Role } from '@gonghui/contract';
import type { Executor } from '../db/client';
import type { PiiCipher } from './crypto';

/** A demo account, as the start banner lists it. */
export interface DemoAccount {
  username: string;
  displayName: string;
  kind: 'member' | 'cadre';
  role: Role;
  /** The key of its organisation in the demo tree. */
  organisation: string;
  mobile?: string;
  idNumber?: string;
  description: string;
}

/**
 * The demo federation while it is being seeded. Each module's manifest seeds its part (`demo`),
 * in the registry's order, and may use what the modules before it added: the organisations module
 * adds the tree and the employers, the accounts module the accounts, and so on.
 */
export class Demo {
  readonly organisations = new Map<string, number>();
  readonly employers = new Map<string, { id: number; regionCode: string }>();
  readonly accounts = new Map<string, DemoAccount & { userId: string }>();

  constructor(readonly cipher: PiiCipher) {}

  /** The id of a demo organisation, by its key in the demo tree. */
  organisation(key: string): number {
    return found(this.organisations.get(key), `organisation ${key}`);
  }

  /** The employer a demo union covers. */
  employerOf(union: string): { id: number; regionCode: string } {
    return found(this.employers.get(union), `employer of ${union}`);
  }

  /** A demo account, with its user id. */
  account(username: string): DemoAccount & { userId: string } {
    return found(this.accounts.get(username), `account ${username}`);
  }

  user(username: string): string {
    return this.account(username).userId;
  }
}

function found<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`the demo has no ${what} (is its module seeded before this one?)`);
  return value;
}

/** A module's part of the demo, written in the one transaction that seeds it. */
export type DemoSeed = (tx: Executor, demo: Demo) => Promise<void>;
