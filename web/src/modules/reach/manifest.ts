import { page, type WebModule } from '../../app/manifest';

export const reachWeb: WebModule = {
  name: 'reach',
  api: () => import('./api'),
  slots: { memberHome: page(() => import('./HomeMessages'), 'HomeMessages') },
  member: [
    { path: 'messages', page: page(() => import('./MessagesPage'), 'MessagesPage'), titleKey: 'pages.messages' },
    {
      path: 'messages/settings',
      page: page(() => import('./MessageSettingsPage'), 'MessageSettingsPage'),
      titleKey: 'pages.messageSettings',
    },
  ],
  admin: [
    { path: 'messages', page: page(() => import('./MessagesPage'), 'MessagesPage'), titleKey: 'pages.messages' },
    {
      path: 'deliveries',
      page: page(() => import('./DeliveriesPage'), 'DeliveriesPage'),
      menu: { labelKey: 'menu.deliveries', permission: 'reach.deliveries', group: 'system' },
    },
  ],
};
