import { MENU_GROUPS, type MenuGroup } from '@gonghui/contract';
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
