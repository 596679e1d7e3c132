import { authEndpoints } from '@gonghui/contract';
import { call, setCsrfToken } from '../api/client';

// The calls to the auth endpoints, loaded beside the app (session.ts says why).

export const fetchMe = () => call(authEndpoints.getMe);

export const logout = () => call(authEndpoints.logout);

export async function loginWithPassword(body: { login: string; password: string; totp?: string }) {
  const result = await call(authEndpoints.loginWithPassword, { body: body });
  setCsrfToken(result.csrfToken);
}

/** `signUp`: a worker starting to join, whose number may not have an account yet. */
export async function requestSmsCode(mobile: string, options: { signUp?: boolean } = {}) {
  await call(authEndpoints.requestSmsLoginCode, { body: { mobile, ...options } });
}

export async function loginWithSms(body: { mobile: string; code: string; totp?: string; signUp?: boolean }) {
  const result = await call(authEndpoints.loginWithSmsCode, { body: body });
  setCsrfToken(result.csrfToken);
}
