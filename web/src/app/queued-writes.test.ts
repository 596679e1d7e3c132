import { endpoint, idParamSchema, okSchema } from '@gonghui/contract';
import { MutationObserver, onlineManager, QueryClient } from '@tanstack/react-query';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { call, setCsrfToken } from '../api/client';
import { moduleApi, WRITE } from '../api/module-api';

// A device's storage, as the browser has it (the web's unit tests run in Node).
const stored = new Map<string, string>();
const storage = {
  getItem: (key: string) => stored.get(key) ?? null,
  setItem: (key: string, value: string) => void stored.set(key, value),
  removeItem: (key: string) => void stored.delete(key),
};
vi.stubGlobal(
  'localStorage',
  new Proxy(storage, {
    ownKeys: () => [...stored.keys()],
    getOwnPropertyDescriptor: () => ({ enumerable: true, configurable: true }),
  }),
);

// What the browser says of the network (react-query is told separately, as the app tells it).
const network = { onLine: false };
vi.stubGlobal('navigator', network);

const realFetch = globalThis.fetch;
const { keepQueuedWrites, resumeQueuedWrites } = await import('./queued-writes');
const { deviceCopies } = await import('./session');

const probe = moduleApi(
  'probe',
  {
    note: endpoint({
      method: 'POST',
      path: '/probe/:id/notes',
      tags: ['probe'],
      summary: 'A write',
      params: idParamSchema,
      body: z.strictObject({ text: z.string() }),
      status: 200,
      response: okSchema,
    }),
  },
  { note: [] },
);

const ME = {
  user: {
    id: 'u1',
    username: 'worker',
    displayName: '吴芳',
    mobile: '138****0010',
    kind: 'member',
    locale: 'zh-CN',
    largeText: false,
    totpEnabled: false,
  },
  roles: [],
  permissions: [],
  scopes: [],
  shell: 'member',
  csrfToken: 'token-after-reload',
  mustEnrolTotp: false,
};

/** A write made as a page makes it (useSend's options), offline. */
function writeOffline(client: QueryClient, text: string) {
  const observer = new MutationObserver(client, {
    mutationKey: [WRITE, 'probe', 'note'],
    mutationFn: (args: { params: { id: number }; body: { text: string } }) => call(probe.endpoints.note, args),
  });
  void observer.mutate({ params: { id: 7 }, body: { text } }).catch(() => undefined);
}

/** A visit that queues a write offline and keeps it on the device; its client, for a look inside. */
async function queueOnDevice(text: string) {
  const client = new QueryClient();
  keepQueuedWrites(client, async () => undefined);
  writeOffline(client, text);
  await vi.waitFor(() => expect(stored.has('gonghui.copy.writes')).toBe(true));
  return client;
}

/** The server, answering every request (the signed-in person for /me) and keeping what it was sent. */
function answerRequests() {
  const requests: { url: string; method: string; csrf: string | null; body: unknown }[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers);
    requests.push({
      url,
      method: init.method ?? 'GET',
      csrf: headers.get('x-csrf-token'),
      body: init.body ? JSON.parse(String(init.body)) : undefined,
    });
    return new Response(JSON.stringify(url.endsWith('/v1/me') ? ME : { ok: true }), { status: 200 });
  });
  return requests;
}

describe('writes queued offline', () => {
  beforeEach(() => {
    stored.clear();
    setCsrfToken(null);
    onlineManager.setOnline(false);
    network.onLine = false;
  });
  afterEach(() => {
    vi.stubGlobal('fetch', realFetch);
    onlineManager.setOnline(true);
  });

  it('are kept on the device, restored by the next visit, and sent once online with a fresh session token', async () => {
    const first = await queueOnDevice('福利费何时公布？');
    await vi.waitFor(() => expect(first.getMutationCache().getAll()[0]?.state.isPaused).toBe(true));
    const kept = JSON.parse(stored.get('gonghui.copy.writes') ?? '{}');
    expect(kept.mutations).toHaveLength(1);
    expect(kept.mutations[0].state.variables).toEqual({ params: { id: 7 }, body: { text: '福利费何时公布？' } });

    // The tab is closed; the app opens again, still offline: nothing is sent, the write waits.
    const requests = answerRequests();
    const second = new QueryClient();
    second.mount();
    keepQueuedWrites(second, async () => undefined);
    resumeQueuedWrites(second);
    expect(second.getMutationCache().getAll()).toHaveLength(1);
    expect(second.getMutationCache().getAll()[0]?.meta).toEqual({ queued: true });
    expect(requests).toEqual([]);

    // Back online: the session's token first, then the write, once; the device keeps nothing more.
    network.onLine = true;
    onlineManager.setOnline(true);
    await vi.waitFor(() => expect(second.getMutationCache().getAll()[0]?.state.status).toBe('success'));
    expect(stored.has('gonghui.copy.writes')).toBe(false);
    expect(requests.map((request) => `${request.method} ${request.url}`)).toEqual([
      'GET /api/v1/me',
      'POST /api/v1/probe/7/notes',
    ]);
    expect(requests[1]).toMatchObject({ csrf: 'token-after-reload', body: { text: '福利费何时公布？' } });
    second.unmount();
  });

  it('are sent when the network came back while the app was starting, before react-query listened', async () => {
    await queueOnDevice('启动时恢复联网');
    const requests = answerRequests();
    // The app started offline (react-query was told so); the network returned before it was drawn,
    // and the browser's event went by unheard.
    network.onLine = true;
    const client = new QueryClient();
    keepQueuedWrites(client, async () => undefined);
    client.mount();
    resumeQueuedWrites(client);
    await vi.waitFor(() =>
      expect(requests.map((request) => request.url)).toEqual(['/api/v1/me', '/api/v1/probe/7/notes']),
    );
    client.unmount();
  });

  it('are the signed-in person’s: signing out clears them from the device', async () => {
    await queueOnDevice('这条不应留在设备上');
    deviceCopies.clear();
    expect(stored.has('gonghui.copy.writes')).toBe(false);
  });

  it('load the module APIs when the one that made a restored write is not loaded yet', async () => {
    stored.set(
      'gonghui.copy.writes',
      JSON.stringify({
        mutations: [
          {
            mutationKey: [WRITE, 'late', 'note'],
            state: {
              context: undefined,
              data: undefined,
              error: null,
              failureCount: 0,
              failureReason: null,
              isPaused: true,
              status: 'pending',
              variables: { params: { id: 3 }, body: { text: 'x' } },
              submittedAt: 1,
            },
          },
        ],
        queries: [],
      }),
    );
    setCsrfToken('token');
    const requests = answerRequests();
    network.onLine = true;
    onlineManager.setOnline(true);
    const loadApis = vi.fn(async () => {
      moduleApi('late', { note: probe.endpoints.note }, { note: [] });
    });
    const client = new QueryClient();
    keepQueuedWrites(client, loadApis);
    resumeQueuedWrites(client);
    await vi.waitFor(() => expect(requests.map((request) => request.url)).toEqual(['/api/v1/probe/3/notes']));
    expect(loadApis).toHaveBeenCalledOnce();
  });
});
