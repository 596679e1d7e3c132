import { page, type WebModule } from '../../app/manifest';

export const rightsWeb: WebModule = {
  name: 'rights',
  api: () => import('./api'),
  public: [
    {
      path: '/report',
      page: page(() => import('./AnonymousReportPage'), 'AnonymousReportPage'),
      titleKey: 'pages.report',
    },
    {
      path: '/report/follow-up',
      page: page(() => import('./FollowUpPage'), 'FollowUpPage'),
      titleKey: 'pages.followUp',
    },
  ],
  member: [
    { path: 'help', page: page(() => import('./MyCasesPage'), 'MyCasesPage'), titleKey: 'pages.help' },
    { path: 'help/new', page: page(() => import('./AskPage'), 'AskPage'), titleKey: 'pages.ask' },
    { path: 'help/:id', page: page(() => import('./MyCasePage'), 'MyCasePage'), titleKey: 'pages.myCase' },
  ],
  admin: [
    {
      path: 'cases',
      page: page(() => import('./CasesPage'), 'CasesPage'),
      menu: { labelKey: 'menu.cases', permission: 'rights.read', group: 'rights' },
    },
    { path: 'cases/:id', page: page(() => import('./CaseDetailPage'), 'CaseDetailPage'), titleKey: 'pages.case' },
    {
      path: 'rights-dashboard',
      page: page(() => import('./RightsDashboardPage'), 'RightsDashboardPage'),
      menu: { labelKey: 'menu.rightsDashboard', permission: 'rights.statistics', group: 'rights' },
    },
  ],
};
