import type { Permission, Role } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps, AuditNames, PersonalDataProvider, TodoProvider } from './deps';
import type { Job, JobDeps } from './jobs';

/** A module's manifest: what it adds to the platform. The list in modules/index.ts drives it all. */
export interface ModuleManifest {
  name: string;
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
