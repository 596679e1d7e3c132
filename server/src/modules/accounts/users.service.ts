import { maskIdNumber, maskMobile, type Role } from '@gonghui/contract';
import type { Executor } from '../../db/client';
import { type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import { AppError, ValidationProblem } from '../../platform/errors';
import { loadWithin, ORGANISATION_ANY_STATUS } from '../../platform/scope';
import { type AccountsDeps, hashPassword } from './account-rules';
import * as repo from './accounts.repository';
import { primaryOrganisationId } from './login.service';
import { checkPasswordPolicy, DEMO_PASSWORD } from './password-policy';

function toUserSummary(
  deps: Pick<AccountsDeps, 'cipher'>,
  user: repo.UserRow,
  roles: { role: string; organisationId: number; organisationName: string }[],
) {
  return {
    id: user.id,
    username: user.username,
    displayName: user.displayName,
    kind: user.kind as 'member' | 'cadre',
    mobile: user.mobileEnc ? maskMobile(deps.cipher.decrypt(user.mobileEnc)) : null,
    idNumber: user.idNumberEnc ? maskIdNumber(deps.cipher.decrypt(user.idNumberEnc)) : null,
    status: user.status as 'active' | 'disabled',
    totpEnabled: user.totpSecretEnc !== null,
    roles: roles.map((r) => ({
      role: r.role as Role,
      organisationId: r.organisationId,
      organisationName: r.organisationName,
    })),
  };
}

export async function listUsers(
  deps: AccountsDeps,
  context: RequestContext,
  query: { organisationId?: number | undefined; q?: string | undefined; page: number; pageSize: number },
) {
  const scope = scopeOf(context.actor, 'user.read');
  // An organisation outside scope is refused and audited like any other object.
  const organisationPath = query.organisationId
    ? (await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, query.organisationId, scope)).path
    : undefined;
  const q = query.q?.trim();
  const qHash = q && /^(1[3-9]\d{9}|\d{17}[\dXx])$/.test(q) ? deps.cipher.blindIndex(q.toUpperCase()) : undefined;
  const { rows, total } = await repo.listUsersInScope(
    deps.db,
    { scope, organisationPath, q, qHash },
    query.page,
    query.pageSize,
  );
  const roles = await repo.listRoleAssignmentsOfUsers(
    deps.db,
    rows.map((r) => r.id),
  );
  return {
    items: rows.map((user) =>
      toUserSummary(
        deps,
        user,
        roles.filter((r) => r.userId === user.id),
      ),
    ),
    total,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export interface NewUser {
  username: string;
  displayName: string;
  kind: 'member' | 'cadre';
  password: string;
  mobile?: string | undefined;
  idNumber?: string | undefined;
  role: Role;
  organisationId: number;
}

/** Creates an account with its first role. Used by the API, the CLI and the demo seed. */
export async function createUserAccount(
  deps: Pick<AccountsDeps, 'cipher'>,
  tx: Executor,
  context: Partial<RequestContext> | null,
  input: NewUser,
  /** Only the demo seed (refused in production) gives its accounts the published demo password. */
  options: { isDemo?: boolean } = {},
) {
  const problems =
    options.isDemo && input.password === DEMO_PASSWORD
      ? []
      : checkPasswordPolicy(input.password, { username: input.username, mobile: input.mobile });
  if (problems.length > 0) throw new ValidationProblem(problems);
  const username = input.username.toLowerCase();
  const mobileHash = input.mobile ? deps.cipher.blindIndex(input.mobile) : null;
  const idNumberHash = input.idNumber ? deps.cipher.blindIndex(input.idNumber) : null;
  if (
    (await repo.findUserByUsername(tx, username)) ||
    (mobileHash && (await repo.findUserByMobileHash(tx, mobileHash)))
  ) {
    throw new AppError(409, 'user.login_taken');
  }
  const user = await repo.insertUser(tx, {
    username,
    displayName: input.displayName,
    kind: input.kind,
    passwordHash: await hashPassword(input.password),
    passwordChangedAt: new Date(),
    mobileEnc: input.mobile ? deps.cipher.encrypt(input.mobile) : null,
    mobileHash,
    idNumberEnc: input.idNumber ? deps.cipher.encrypt(input.idNumber) : null,
    idNumberHash,
  });
  await repo.insertRoleAssignment(tx, user.id, input.organisationId, input.role);
  await recordAudit(tx, context, {
    action: 'user.create',
    subjectType: 'user',
    subjectId: user.id,
    organisationId: input.organisationId,
    changes: {
      username,
      displayName: input.displayName,
      kind: input.kind,
      role: input.role,
      mobile: input.mobile ?? null,
      idNumber: input.idNumber ?? null,
    },
  });
  return user;
}

export async function createUser(deps: AccountsDeps, context: RequestContext, input: NewUser) {
  const scope = scopeOf(context.actor, 'user.manage');
  await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, input.organisationId, scope);
  const user = await deps.db.transaction((tx) => createUserAccount(deps, tx, context, input));
  return toUserSummary(deps, user, await repo.listRoleAssignments(deps.db, user.id));
}

export async function assignRole(
  deps: AccountsDeps,
  context: RequestContext,
  userId: string,
  input: { role: Role; organisationId: number },
) {
  const scope = scopeOf(context.actor, 'user.manage');
  await requireUserInScope(deps, context, userId, scope);
  await loadWithin(deps.db, context, ORGANISATION_ANY_STATUS, input.organisationId, scope);
  await deps.db.transaction(async (tx) => {
    await repo.insertRoleAssignment(tx, userId, input.organisationId, input.role);
    await recordAudit(tx, context, {
      action: 'user.assign_role',
      subjectType: 'user',
      subjectId: userId,
      organisationId: input.organisationId,
      changes: { role: input.role },
    });
  });
}

async function requireUserInScope(deps: AccountsDeps, context: RequestContext, userId: string, scope: string[]) {
  if (await repo.isUserInScope(deps.db, userId, scope)) return;
  await refuseOutOfScope(deps.db, context, {
    type: 'user',
    id: userId,
    exists: async () => (await repo.findUserById(deps.db, userId)) !== null,
  });
}

/** The full mobile or ID number of a user in scope, for a stated reason that is audited. */
export async function revealUserField(
  deps: AccountsDeps,
  context: RequestContext,
  userId: string,
  input: { field: 'mobile' | 'idNumber'; reason: string },
) {
  const scope = scopeOf(context.actor, 'pii.reveal');
  await requireUserInScope(deps, context, userId, scope);
  const user = (await repo.findUserById(deps.db, userId))!;
  const encrypted = input.field === 'mobile' ? user.mobileEnc : user.idNumberEnc;
  await recordAudit(deps.db, context, {
    action: 'pii.reveal',
    subjectType: 'user',
    subjectId: userId,
    organisationId: await primaryOrganisationId(deps.db, userId),
    changes: { field: input.field, reason: input.reason },
  });
  return { field: input.field, value: encrypted ? deps.cipher.decrypt(encrypted) : null };
}
