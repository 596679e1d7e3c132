import type { Endpoint, EndpointArgs, EndpointResult } from '@gonghui/contract';
import { type QueryClient, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { call, type OptionalArgs, upload } from './client';

type Reads<M> = { [K in keyof M]: M[K] extends { method: 'GET' } ? K : never }[keyof M] & string;
type Writes<M> = Exclude<keyof M, Reads<M>> & string;

/**
 * What a write makes stale: reads of this module by name, `*` for all of them, or `@module` for all
 * of another module's reads (a roster import changes the member list and the organisation tree).
 */
export type Stale<M> = readonly (Reads<M> | '*' | `@${string}`)[];

/** The first part of every write's mutation key: `[WRITE, api, write]`. */
export const WRITE = 'write';

/**
 * Every module API made so far, by name, with its writes: a write queued offline and restored
 * after a reload (app/queued-writes.ts) is sent through the API that made it, once loaded.
 */
const registered = new Map<
  string,
  { endpoints: Record<string, Endpoint>; invalidate: (client: QueryClient, name: string) => Promise<void> }
>();

/** Calls a write's endpoint with its arguments (none when it takes none): `useSend` and restored writes alike. */
const send = <E extends Endpoint>(endpoint: E, args: EndpointArgs<E> | undefined) =>
  call(endpoint, ...((args === undefined ? [] : [args]) as OptionalArgs<E>)) as Promise<EndpointResult<E>>;

/** Sends a write by its mutation key, as `useSend` sends it, or undefined if its API is not loaded. */
export function registeredWrite(mutationKey: readonly unknown[]) {
  const [, api, name] = mutationKey as [string, string, string];
  const found = registered.get(api);
  const endpoint = found?.endpoints[name];
  if (!found || !endpoint) return undefined;
  return {
    send: (args: EndpointArgs<Endpoint> | undefined) => send(endpoint, args),
    invalidate: (client: QueryClient) => found.invalidate(client, name),
  };
}

/** What `useSend` takes: the endpoint's arguments, or nothing when it needs none. */
// biome-ignore lint/suspicious/noConfusingVoidType: `void` lets `mutateAsync()` be called with no argument.
type SendVariables<E> = OptionalArgs<E> extends [EndpointArgs<E>?] ? EndpointArgs<E> | void : EndpointArgs<E>;

/**
 * A module's typed API for its pages: query-key factories and query options for its reads, a
 * mutation hook for its writes, and, in one place, what each write makes stale. Pages never build a
 * key or invalidate a query by hand.
 */
export function moduleApi<const M extends Record<string, Endpoint>>(
  module: string,
  endpoints: M,
  stale: { readonly [K in Writes<M>]: Stale<M> },
) {
  /** The key of a read (with its arguments), or, without them, the prefix of all its queries. */
  const key = (name: Reads<M>, args?: unknown) => (args === undefined ? [module, name] : [module, name, args]);

  const invalidate = async (client: QueryClient, name: Writes<M>) => {
    const targets = stale[name];
    await Promise.all(
      targets.map((target) =>
        client.invalidateQueries({
          queryKey: target === '*' ? [module] : target.startsWith('@') ? [target.slice(1)] : [module, target],
        }),
      ),
    );
  };

  // Two APIs may share a name (a page's narrow view of another module's reads): their writes join.
  const known = registered.get(module);
  registered.set(module, {
    endpoints: { ...known?.endpoints, ...endpoints },
    invalidate: async (client, name) => {
      if (name in stale) await invalidate(client, name as Writes<M>);
      else await known?.invalidate(client, name);
    },
  });

  return {
    module,
    endpoints,
    key,
    /** Query options for a read: its key and its fetch, for `useQuery({ ...api.query(...), enabled })`. */
    query<K extends Reads<M>>(name: K, ...args: OptionalArgs<M[K]>) {
      return queryOptions({
        queryKey: key(name, args[0]),
        queryFn: () => call(endpoints[name] as M[K], ...args) as Promise<EndpointResult<M[K]>>,
      });
    },
    /**
     * A write as a mutation; on success the reads it makes stale are fetched again. Offline it
     * waits, queued, and is kept on the device until sent, over a reload too (its key names it).
     */
    useSend<K extends Writes<M>>(name: K) {
      const client = useQueryClient();
      return useMutation({
        mutationKey: [WRITE, module, name],
        mutationFn: (args: SendVariables<M[K]>) =>
          send(endpoints[name] as M[K], args as EndpointArgs<M[K]> | undefined),
        onSuccess: () => invalidate(client, name),
      });
    },
    /** Marks stale what a write makes stale (the hooks do this on success). */
    invalidate,
    /** A file upload (multipart) as a mutation, with the same invalidation as any write. */
    useUpload<K extends Writes<M>>(name: K) {
      const client = useQueryClient();
      return useMutation({
        mutationFn: (variables: {
          args: Pick<EndpointArgs<M[K]>, 'params' | 'query'>;
          file: File;
          fields?: Record<string, string>;
        }) => upload(endpoints[name] as M[K], variables.args, variables.file, variables.fields ?? {}),
        onSuccess: () => invalidate(client, name),
      });
    },
  };
}
