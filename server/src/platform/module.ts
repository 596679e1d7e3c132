import type { Permission, Role } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import { PLATFORM_PLACEMENT, type Placement } from '../db/placement';
import type { DemoSeed } from './demo';
import type { AppDeps, AuditNames, PersonalDataProvider, TodoProvider } from './deps';
import type { Job, JobDeps } from './jobs';

/** A module's manifest: what it adds to the platform. The list in modules/index.ts drives it all. */
export interface ModuleManifest {
  name: string;
  /**
   * The module's tables, as its migrations create them, and where each goes on a national Citus
   * cluster (db/placement.ts). The schema check fails on a table no manifest places.
   */
  tables: Readonly<Record<string, Placement>>;
  /** Permission keys this module checks, and the roles that hold them. */
  permissions: { key: Permission; grantedTo: Role[] }[];
  routes(app: FastifyInstance, deps: AppDeps): void;
  /** What the module holds about the signed-in person, for My Data. */
  personalData?: PersonalDataProvider;
  /** What waits for a cadre in this module, for the console's to-do page. */
  todo?: TodoProvider;
  /** The names of its objects, for the audit trail. */
  auditNames?: AuditNames;
  /** Runs once when the server starts, before it takes requests. */
  onStart?(deps: JobDeps): Promise<void>;
  /** Scheduled work, e.g. the membership lapse rule. */
  jobs?: Job[];
  /** Its part of the demo federation that `npm start` seeds on first run, in the registry's order. */
  demo?: DemoSeed;
}

/** Where every table goes: the kernel's and each module's (a table placed twice is an error). */
export function placementOf(modules: readonly ModuleManifest[]): Readonly<Record<string, Placement>> {
  const placement: Record<string, Placement> = { ...PLATFORM_PLACEMENT };
  for (const module of modules) {
    for (const [table, place] of Object.entries(module.tables)) {
      if (placement[table]) throw new Error(`${module.name}: table ${table} is placed twice`);
      placement[table] = place;
    }
  }
  return placement;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission a route needs; scope is then applied by the service. */
    permission?: Permission;
    /** Any signed-in user (their own data only). */
    authenticated?: boolean;
    /** Reachable without signing in. */
    public?: boolean;
    /** Reachable while a required two-factor enrolment is pending. */
    allowDuringTotpEnrolment?: boolean;
  }
}
