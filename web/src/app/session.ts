import { authEndpoints, type Me } from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, call, setCsrfToken } from '../api/client';
import { adoptSavedLocale } from '../i18n';
import { adoptSavedLargeText } from './useLargeText';

/** The signed-in user, or null when signed out; keeps the CSRF token in step. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await call(authEndpoints.getMe);
        setCsrfToken(me.csrfToken);
        adoptSavedLocale(me.user.locale);
        adoptSavedLargeText(me.user.largeText);
        return me;
      } catch (error) {
        if (error instanceof ApiError && error.status === 401) return null;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

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

export function useLogout() {
  const client = useQueryClient();
  return async () => {
    await call(authEndpoints.logout).catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    client.setQueryData(['me'], null);
  };
}
