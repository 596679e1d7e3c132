import { type TodoKind, type TodoList, todoKindsFor } from '@gonghui/contract';
import type { RequestContext } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';

/**
 * The signed-in cadre's to-do list: every kind whose permission they hold, in TODO_KINDS order,
 * each counted by its module in the subtrees where they hold that permission. A kind they do not
 * hold is left out (not shown as nothing waiting); a member holds none.
 */
export async function todoOf(
  deps: Pick<AppDeps, 'db' | 'config' | 'todo'>,
  context: RequestContext,
): Promise<TodoList> {
  const kinds = todoKindsFor([...context.actor.grants.keys()]);
  const asked = new Set(kinds);
  const counted = new Map<TodoKind, number>();
  await Promise.all(
    deps.todo
      .filter((provider) => provider.kinds.some((kind) => asked.has(kind)))
      .map(async (provider) => {
        const mine = new Set(provider.kinds.filter((kind) => asked.has(kind)));
        const counts = await provider.count(deps, context, mine);
        for (const kind of mine) {
          const n = counts[kind];
          if (n === undefined) throw new Error(`to-do kind ${kind} was asked for and not counted`);
          counted.set(kind, n);
        }
      }),
  );
  return {
    items: kinds.map((kind) => {
      const count = counted.get(kind);
      if (count === undefined) throw new Error(`no module counts the to-do kind ${kind}`);
      return { kind, count };
    }),
  };
}
