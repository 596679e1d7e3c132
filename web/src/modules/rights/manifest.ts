import { page, type WebModule } from '../../app/manifest';

export const rightsWeb: WebModule = {
  name: 'rights',
  slots: { memberHome: page(() => import('./HomeCaseUpdates'), 'HomeCaseUpdates') },
  public: [
    { path: '/report', page: page(() => import('./AnonymousReportPage'), 'AnonymousReportPage') },
    { path: '/report/follow-up', page: page(() => import('./FollowUpPage'), 'FollowUpPage') },
  ],
  member: [
    { path: 'help', page: page(() => import('./MyCasesPage'), 'MyCasesPage') },
    { path: 'help/new', page: page(() => import('./AskPage'), 'AskPage') },
    { path: 'help/:id', page: page(() => import('./MyCasePage'), 'MyCasePage') },
  ],
  admin: [
    {
      path: 'cases',
      page: page(() => import('./CasesPage'), 'CasesPage'),
      menu: { labelKey: 'menu.cases', permission: 'rights.read', group: 'rights' },
    },
    { path: 'cases/:id', page: page(() => import('./CaseDetailPage'), 'CaseDetailPage') },
    {
      path: 'rights-dashboard',
      page: page(() => import('./RightsDashboardPage'), 'RightsDashboardPage'),
      menu: { labelKey: 'menu.rightsDashboard', permission: 'rights.statistics', group: 'rights' },
    },
  ],
};
