import { useEffect, useRef, useSyncExternalStore } from 'react';
import { ApiError } from '../api/client';

// What kind of failure a read met, shared by both kits of honest states (query-state.tsx for the
// console's pages, lite/ for the first screens): offline, refused, absent, or an error.

export type Problem = 'offline' | 'forbidden' | 'notFound' | 'error';

/** Whether the browser says it is online, kept in step with its online and offline events. */
export function useOnline() {
  return useSyncExternalStore(
    (changed) => {
      window.addEventListener('online', changed);
      window.addEventListener('offline', changed);
      return () => {
        window.removeEventListener('online', changed);
        window.removeEventListener('offline', changed);
      };
    },
    () => navigator.onLine,
    () => true,
  );
}

/** What kind of failure an error from a read is. A fetch that never reached the server is offline. */
export function problemOf(error: unknown, online = typeof navigator === 'undefined' || navigator.onLine): Problem {
  if (error instanceof ApiError) {
    if (error.status === 403) return 'forbidden';
    if (error.status === 404) return 'notFound';
    return 'error';
  }
  if (!online || error instanceof TypeError) return 'offline';
  return 'error';
}

/**
 * A failed read as its page shows it: what kind of problem, the request number to quote, and
 * whether trying again can help. Failed for want of a network, it tries again once by itself when
 * the device comes back online (not on every render: a server that cannot be reached while online
 * fails the same way).
 */
export function useProblem(error: unknown, retry?: () => void) {
  const online = useOnline();
  const problem = problemOf(error, online);
  const before = useRef(online);
  const retryOnce = useRef(retry);
  retryOnce.current = retry;
  useEffect(() => {
    if (online && !before.current && problem === 'offline') retryOnce.current?.();
    before.current = online;
  }, [online, problem]);
  return {
    problem,
    requestId: error instanceof ApiError ? error.problem.requestId : undefined,
    canRetry: Boolean(retry) && problem !== 'forbidden' && problem !== 'notFound',
  };
}
