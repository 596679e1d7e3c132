import { MENU_GROUPS, type MenuGroup, todoKindsFor } from '@gonghui/contract';
import type { WebModule } from './manifest';

export interface ConsoleMenuGroup {
  group: MenuGroup;
  entries: { path: string; labelKey: string }[];
}

/**
 * The console's menu for someone holding `permissions`: the menu entries of every module's console
 * pages they may open, under their domain's heading, headings in MENU_GROUPS order and entries in
 * module order; empty headings left out.
 */
export function consoleMenu(modules: readonly WebModule[], permissions: readonly string[]): ConsoleMenuGroup[] {
  const held = new Set(permissions);
  return MENU_GROUPS.map((group) => ({
    group,
    entries: modules.flatMap((module) =>
      (module.admin ?? [])
        .filter((route) => route.menu?.group === group && held.has(route.menu.permission))
        .map((route) => ({ path: `/admin/${route.path}`, labelKey: route.menu!.labelKey })),
    ),
  })).filter((group) => group.entries.length > 0);
}

/**
 * Where a cadre lands after signing in: their profile while two-factor enrolment is pending; the
 * to-do list when any kind of work there is theirs; else the first page marked as someone's daily
 * work that they may open (the station keeper's card checking); else their first menu entry.
 */
export function consoleLanding(
  modules: readonly WebModule[],
  me: { permissions: readonly string[]; mustEnrolTotp: boolean },
): string {
  if (me.mustEnrolTotp) return '/admin/profile';
  if (todoKindsFor(me.permissions).length > 0) return '/admin/todo';
  const held = new Set(me.permissions);
  const work = modules
    .flatMap((module) => module.admin ?? [])
    .find((route) => route.menu?.landing && held.has(route.menu.permission));
  if (work) return `/admin/${work.path}`;
  return consoleMenu(modules, me.permissions)[0]?.entries[0]?.path ?? '/admin/profile';
}
