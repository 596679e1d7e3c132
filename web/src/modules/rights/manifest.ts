import { page, type WebModule } from '../../app/manifest';

const anonymous = () => import('./AnonymousReport');
const cases = () => import('./CasesPage');
const member = () => import('./MemberRights');

export const rightsWeb: WebModule = {
  name: 'rights',
  public: [
    { path: '/report', page: page(anonymous, 'AnonymousReportPage') },
    { path: '/report/follow-up', page: page(anonymous, 'FollowUpPage') },
  ],
  member: [
    { path: 'help', page: page(member, 'MyCasesPage') },
    { path: 'help/new', page: page(member, 'AskPage') },
    { path: 'help/:id', page: page(member, 'MyCasePage') },
  ],
  admin: [
    {
      path: 'cases',
      page: page(cases, 'CasesPage'),
      menu: { labelKey: 'menu.cases', permission: 'rights.read', group: 'rights' },
    },
    { path: 'cases/:id', page: page(cases, 'CaseDetailPage') },
    {
      path: 'rights-dashboard',
      page: page(() => import('./RightsDashboardPage'), 'RightsDashboardPage'),
      menu: { labelKey: 'menu.rightsDashboard', permission: 'rights.statistics', group: 'rights' },
    },
  ],
};
