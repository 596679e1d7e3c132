import type { Me } from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ApiError, setCsrfToken } from '../api/client';
import { adoptSavedLocale } from '../i18n';
import { adoptSavedLargeText } from './useLargeText';

const SAVED_ME = 'gonghui.copy.me';

/**
 * The calls to the auth endpoints (session-calls.ts) load beside the app, not in it: they bring
 * the contract's schemas and zod, which the app's first task need not build. The download starts
 * as this file loads; the first call awaits it.
 */
const sessionCalls = import('./session-calls');
// (A failed download is reported by the call that awaits it, as a failed read.)
sessionCalls.catch(() => undefined);
const SIGNED_IN_HINT = 'gh_signed_in';

/** Whether the server marked this browser signed in (a readable cookie beside the session's). */
export function hasSignedInHint() {
  return document.cookie.split('; ').includes(`${SIGNED_IN_HINT}=1`);
}
/** Forgets the mark once the server says the session is gone (it expired, or was signed out elsewhere). */
function clearSignedInHint() {
  // biome-ignore lint/suspicious/noDocumentCookie: the Cookie Store API is not in every phone browser members use.
  document.cookie = `${SIGNED_IN_HINT}=; Max-Age=0; path=/`;
}

/**
 * Copies of answers kept on this device for the signed-in person (`gonghui.copy.*`), removed when
 * they sign out; the device's own settings (language, large text) stay.
 */
export const deviceCopies = {
  save(key: `gonghui.copy.${string}`, value: unknown) {
    try {
      localStorage.setItem(key, JSON.stringify(value));
    } catch {
      // Private mode or a full store: the copy is a convenience, the app works without it.
    }
  },
  read<T>(key: `gonghui.copy.${string}`): T | null {
    try {
      const text = localStorage.getItem(key);
      return text ? (JSON.parse(text) as T) : null;
    } catch {
      return null;
    }
  },
  remove(key: `gonghui.copy.${string}`) {
    try {
      localStorage.removeItem(key);
    } catch {
      // (As for save.)
    }
  },
  clear() {
    for (const key of Object.keys(localStorage)) if (key.startsWith('gonghui.copy.')) localStorage.removeItem(key);
  },
};

/**
 * The signed-in user, or null when signed out; keeps the CSRF token in step. Offline, the copy
 * kept from the last answer stands in (without its CSRF token: writes wait for the network), so
 * a member who opens the app offline still reaches the pages kept on the device, such as the card.
 */
export function useMe() {
  return useQuery({
    queryKey: ['me'],
    queryFn: async (): Promise<Me | null> => {
      // Signed out (the server's hint cookie is absent): nothing to ask, and no failed request.
      if (!hasSignedInHint()) return null;
      try {
        const me = await (await sessionCalls).fetchMe();
        setCsrfToken(me.csrfToken);
        adoptSavedLocale(me.user.locale);
        adoptSavedLargeText(me.user.largeText);
        deviceCopies.save(SAVED_ME, { ...me, csrfToken: '' });
        return me;
      } catch (error) {
        if (error instanceof ApiError) {
          if (error.status === 401) {
            deviceCopies.clear();
            clearSignedInHint();
            return null;
          }
          throw error;
        }
        const saved = deviceCopies.read<Me>(SAVED_ME);
        if (saved) return saved;
        throw error;
      }
    },
    staleTime: 60_000,
    retry: false,
  });
}

export function useLogout() {
  const client = useQueryClient();
  return async () => {
    await (await sessionCalls).logout().catch(() => undefined);
    setCsrfToken(null);
    deviceCopies.clear();
    client.clear();
    client.setQueryData(['me'], null);
  };
}
