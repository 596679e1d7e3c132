import { okSchema, uuidParamSchema } from '../common';
import { endpoint } from '../endpoint';
import {
  assignRoleBodySchema,
  createUserBodySchema,
  listUsersQuerySchema,
  revealBodySchema,
  revealSchema,
  userPageSchema,
  userSummarySchema,
} from './users.contract';

const tags = ['users'];

/** The users endpoints: method, path and schemas, declared once for the server and the web. */
export const usersEndpoints = {
  listUsers: endpoint({
    method: 'GET',
    path: '/users',
    tags,
    summary: 'Accounts holding roles in my subtree (personal data masked)',
    query: listUsersQuerySchema,
    status: 200,
    response: userPageSchema,
  }),
  createUser: endpoint({
    method: 'POST',
    path: '/users',
    tags,
    summary: 'Create an account with its first role',
    body: createUserBodySchema,
    status: 201,
    response: userSummarySchema,
  }),
  assignRole: endpoint({
    method: 'POST',
    path: '/users/:id/roles',
    tags,
    summary: 'Grant a role at an organisation in my subtree',
    params: uuidParamSchema,
    body: assignRoleBodySchema,
    status: 200,
    response: okSchema,
  }),
  revealUserField: endpoint({
    method: 'POST',
    path: '/users/:id/reveal',
    tags,
    summary: 'Reveal a full mobile or ID number, for a reason that is audited',
    params: uuidParamSchema,
    body: revealBodySchema,
    status: 200,
    response: revealSchema,
  }),
} as const;
