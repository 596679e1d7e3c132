import { useSyncExternalStore } from 'react';

const KEY = 'gonghui.largeText';
const listeners = new Set<() => void>();

/** Large-text mode (适老化): remembered on this device and saved to the profile by the pages. */
export function useLargeText(): [boolean, (value: boolean) => void] {
  const value = useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => localStorage.getItem(KEY) === '1',
  );
  const set = (next: boolean) => {
    localStorage.setItem(KEY, next ? '1' : '0');
    for (const listener of listeners) listener();
  };
  return [value, set];
}

/** The profile's large-text choice applies on a device that has no choice of its own yet. */
export function adoptSavedLargeText(saved: boolean) {
  if (localStorage.getItem(KEY) === null && saved) {
    localStorage.setItem(KEY, '1');
    for (const listener of listeners) listener();
  }
}
