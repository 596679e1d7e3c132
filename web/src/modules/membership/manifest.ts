import { page, type WebModule } from '../../app/manifest';

export const membershipWeb: WebModule = {
  name: 'membership',
  api: () => import('./api'),
  public: [{ path: '/join', page: page(() => import('./JoinPage'), 'JoinPage'), titleKey: 'pages.join' }],
  member: [
    {
      path: 'card',
      page: page(() => import('./MemberCardPage'), 'MemberCardPage'),
      titleKey: 'pages.card',
      lite: true,
    },
    {
      path: 'membership',
      page: page(() => import('./MyMembershipPage'), 'MyMembershipPage'),
      titleKey: 'pages.membership',
    },
    { path: 'me/data', page: page(() => import('./MyDataPage'), 'MyDataPage'), titleKey: 'pages.myData' },
  ],
  admin: [
    {
      path: 'applications',
      page: page(() => import('./ApplicationsPage'), 'ApplicationsPage'),
      menu: { labelKey: 'menu.applications', permission: 'member.read', group: 'membership' },
    },
    {
      path: 'members',
      page: page(() => import('./MembersPage'), 'MembersPage'),
      menu: { labelKey: 'menu.members', permission: 'member.read', group: 'membership' },
    },
    {
      path: 'transfers',
      page: page(() => import('./TransfersPage'), 'TransfersPage'),
      menu: { labelKey: 'menu.transfers', permission: 'member.read', group: 'membership' },
    },
    {
      path: 'imports',
      page: page(() => import('./ImportsPage'), 'ImportsPage'),
      menu: { labelKey: 'menu.imports', permission: 'member.manage', group: 'membership' },
    },
    {
      path: 'dues',
      page: page(() => import('./DuesPage'), 'DuesPage'),
      menu: { labelKey: 'menu.dues', permission: 'dues.manage', group: 'membership' },
    },
    {
      path: 'statistics',
      page: page(() => import('./StatisticsPage'), 'StatisticsPage'),
      menu: { labelKey: 'menu.statistics', permission: 'membership.statistics', group: 'membership' },
    },
    {
      path: 'card-check',
      page: page(() => import('./CardCheckPage'), 'CardCheckPage'),
      menu: { labelKey: 'menu.cardCheck', permission: 'card.verify', group: 'membership', landing: true },
    },
  ],
};
