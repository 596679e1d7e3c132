import { page, type WebModule } from '../../app/manifest';

const profile = page(() => import('./ProfilePage'), 'ProfilePage');

export const accountsWeb: WebModule = {
  name: 'accounts',
  api: () => import('./api'),
  slots: { memberMe: profile },
  admin: [
    {
      path: 'users',
      page: page(() => import('./UsersPage'), 'UsersPage'),
      menu: { labelKey: 'menu.users', permission: 'user.read', group: 'system' },
    },
    { path: 'profile', page: profile, titleKey: 'pages.profile' },
  ],
};
