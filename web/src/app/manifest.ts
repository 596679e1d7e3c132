import type { MenuGroup, Permission } from '@gonghui/contract';
import type { ComponentType } from 'react';

// What a web module is: its pages, each at a path of one of the app's areas, loaded on demand (each
// module's pages build into chunks of their own), and for console pages the menu entry that leads
// there. The app's router and the console's menu are both built from these lists
// (modules/index.ts), so a module is added with its folder and one line there.

/** A page, loaded when first visited; `name` is the export of the module that holds it. */
export type PageLoader = () => Promise<ComponentType>;

export interface MenuEntry {
  /** An i18n key. */
  labelKey: string;
  /** Shown only to holders of this permission somewhere. */
  permission: Permission;
  /** The heading the console's menu shows the entry under. */
  group: MenuGroup;
  /**
   * The page is someone's daily work (card checking, the audit trail): a cadre with nothing on the
   * to-do list lands on the first such page they may open.
   */
  landing?: boolean;
}

/**
 * A page, at a path of one of the app's areas. Its title (an i18n key) is its menu entry's label,
 * or, for a page outside the menu, `titleKey`: the shell shows it as the page's one `<h1>` and it
 * is the browser tab's title.
 */
export type PageRoute = {
  /** Relative to the area's root (`/admin/…`, `/app/…`) or absolute for public pages. */
  path: string;
  page: PageLoader;
  /**
   * The page draws with the light kit (ui/lite) and is one of the first screens a member meets (the
   * card): it is shown without the antd frame, and loads no antd (the build checks).
   */
  lite?: true;
} & ({ menu: MenuEntry; titleKey?: string } | { menu?: undefined; titleKey: string });

/** The i18n key of a page's title. */
export const titleKeyOf = (route: PageRoute) => route.titleKey ?? route.menu!.labelKey;

export interface WebModule {
  name: string;
  /**
   * Loads the module's API (its api.ts), which registers its writes: a write queued offline and
   * kept over a reload is sent through it (app/queued-writes.ts).
   */
  api: () => Promise<unknown>;
  /** Signed-out pages: joining, reporting anonymously. */
  public?: PageRoute[];
  /** The member app, under /app. */
  member?: PageRoute[];
  /** The console, under /admin. */
  admin?: PageRoute[];
  /** Full-screen console pages outside the console's frame (the congress hall screen). */
  screen?: PageRoute[];
  /** Parts a shell shows inside one of its own pages, loaded on demand. */
  slots?: {
    /** Shown on the member app's 我的 tab (account settings). */
    memberMe?: PageLoader;
    /** A card on the member home: what is new for the member in this module (notices, case updates). */
    memberHome?: PageLoader;
    /** A count on the member app's home tab, on every page (unread messages), drawn with the light kit. */
    memberTabBadge?: PageLoader;
  };
}

/** Loads `name` from a lazily imported page module. */
export const page =
  <M, K extends keyof M>(load: () => Promise<M>, name: K): PageLoader =>
  async () =>
    (await load())[name] as ComponentType;
