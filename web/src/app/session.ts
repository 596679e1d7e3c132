import { type Me, meSchema, okSchema } from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { z } from 'zod';
import { ApiError, api, setCsrfToken } from '../api/client';
import { adoptSavedLocale } from '../i18n';
import { adoptSavedLargeText } from './useLargeText';

/** The signed-in user, or null when signed out; keeps the CSRF token in step. */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      try {
        const me = await api('GET', '/me', meSchema);
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

const loggedInSchema = z.object({ csrfToken: z.string(), expiresAt: z.string() });

export async function loginWithPassword(body: { login: string; password: string; totp?: string }) {
  const result = await api('POST', '/auth/login', loggedInSchema, body);
  setCsrfToken(result.csrfToken);
}

/** `signUp`: a worker starting to join, whose number may not have an account yet. */
export async function requestSmsCode(mobile: string, options: { signUp?: boolean } = {}) {
  await api('POST', '/auth/sms/request', okSchema, { mobile, ...options });
}

export async function loginWithSms(body: { mobile: string; code: string; totp?: string; signUp?: boolean }) {
  const result = await api('POST', '/auth/sms/login', loggedInSchema, body);
  setCsrfToken(result.csrfToken);
}

export function useLogout() {
  const client = useQueryClient();
  return async () => {
    await api('POST', '/auth/logout', okSchema).catch(() => undefined);
    setCsrfToken(null);
    client.clear();
    client.setQueryData(['me'], null);
  };
}
