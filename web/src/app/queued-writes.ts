import { type DehydratedState, dehydrate, hydrate, onlineManager, type QueryClient } from '@tanstack/react-query';
import { hasCsrfToken, setCsrfToken } from '../api/client';
import { registeredWrite, WRITE } from '../api/module-api';
import { deviceCopies } from './session';

// Writes made offline wait, queued, until the network returns (react-query pauses them). They are
// also kept on the device, so a reload or a phone that closes the tab loses none: the app restores
// them when it starts and sends them when it is online, through the module API that made them.
// They are the signed-in person's: signing out, or a session the server ended, clears them with the
// device's other copies (deviceCopies).

const KEY = 'gonghui.copy.writes';

const isQueuedWrite = (mutation: { options: { mutationKey?: readonly unknown[] }; state: { isPaused: boolean } }) =>
  mutation.options.mutationKey?.[0] === WRITE && mutation.state.isPaused;

/**
 * Keeps the client's queued writes on the device and restores those kept by an earlier visit.
 * `loadApis` loads every module's API (they register their writes) for a restored write to be sent.
 */
export function keepQueuedWrites(client: QueryClient, loadApis: () => Promise<unknown>) {
  // A restored write has no page behind it: it is sent, and its reads refreshed, by its key.
  client.setMutationDefaults([WRITE], {
    mutationFn: async (variables, context) => {
      let write = registeredWrite(context.mutationKey ?? []);
      if (!write) {
        await loadApis();
        write = registeredWrite(context.mutationKey ?? []);
      }
      if (!write) throw new Error(`No module sends ${String(context.mutationKey)}`);
      // Opened offline, the page has no session token yet: ask for it before the write.
      if (!hasCsrfToken()) setCsrfToken((await (await import('./session-calls')).fetchMe()).csrfToken);
      return write.send(variables as Parameters<typeof write.send>[0]);
    },
    onSuccess: async (_data, _variables, _result, context) => {
      await registeredWrite(context.mutationKey ?? [])?.invalidate(context.client);
    },
  });

  // Restored writes are marked queued (meta), so the app can say when they go.
  const saved = deviceCopies.read<DehydratedState>(KEY);
  if (saved?.mutations.length) {
    const mutations = saved.mutations.map((mutation) => ({ ...mutation, meta: { ...mutation.meta, queued: true } }));
    hydrate(client, { mutations, queries: [] });
  }

  let kept = Boolean(saved?.mutations.length);
  client.getMutationCache().subscribe(() => {
    const queued = dehydrate(client, { shouldDehydrateMutation: isQueuedWrite, shouldDehydrateQuery: () => false });
    if (queued.mutations.length) deviceCopies.save(KEY, queued);
    else if (kept) deviceCopies.remove(KEY);
    kept = queued.mutations.length > 0;
  });
}

/**
 * Sends the restored writes if the app is online (offline, react-query sends them when the network
 * returns). The app calls it once it shows, so what it says about them is seen.
 */
export function resumeQueuedWrites(client: QueryClient) {
  // react-query hears of the network only from the events after the client is mounted: had the
  // network come back between the app's start and now, it would still take the app for offline,
  // and the restored writes would wait for an event that has already happened.
  onlineManager.setOnline(navigator.onLine);
  if (onlineManager.isOnline()) void client.resumePausedMutations();
}
