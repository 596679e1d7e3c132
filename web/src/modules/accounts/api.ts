import { authEndpoints, usersEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

/** The signed-in person's own account; `@me` is the session query the shells read. */
export const authApi = moduleApi('auth', authEndpoints, {
  loginWithPassword: ['@me'],
  requestSmsLoginCode: [],
  loginWithSmsCode: ['@me'],
  logout: ['@me'],
  updateMe: ['@me'],
  changePassword: ['listMySessions'],
  startTotpSetup: [],
  enableTotp: ['@me'],
  disableTotp: ['@me'],
  revokeMySession: ['listMySessions'],
  createApiToken: ['listApiTokens'],
  revokeApiToken: ['listApiTokens'],
});

export const usersApi = moduleApi('users', usersEndpoints, {
  createUser: ['listUsers'],
  assignRole: ['listUsers'],
  // A reveal changes nothing (it is audited on the server).
  revealUserField: [],
});
