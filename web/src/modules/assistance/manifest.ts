import { page, type WebModule } from '../../app/manifest';

const applications = () => import('./ApplicationsPage');
const member = () => import('./MemberAssistance');

export const assistanceWeb: WebModule = {
  name: 'assistance',
  member: [
    { path: 'assistance', page: page(member, 'MyAssistancePage') },
    { path: 'assistance/notices', page: page(member, 'NoticeBoardPage') },
    { path: 'assistance/apply/:programmeId', page: page(member, 'ApplyPage') },
    { path: 'assistance/:id', page: page(member, 'MyApplicationPage') },
  ],
  admin: [
    {
      path: 'assistance/applications',
      page: page(applications, 'AssistanceApplicationsPage'),
      menu: { labelKey: 'menu.assistanceApplications', permission: 'assistance.read', group: 'assistance' },
    },
    { path: 'assistance/applications/:id', page: page(applications, 'AssistanceApplicationPage') },
    {
      path: 'assistance/files',
      page: page(() => import('./FilesPage'), 'HardshipFilesPage'),
      menu: { labelKey: 'menu.hardshipFiles', permission: 'assistance.read', group: 'assistance' },
    },
    {
      path: 'assistance/programmes',
      page: page(() => import('./ProgrammesPage'), 'AssistanceProgrammesPage'),
      menu: { labelKey: 'menu.assistanceProgrammes', permission: 'assistance.read', group: 'assistance' },
    },
    {
      path: 'assistance/batches',
      page: page(() => import('./BatchesPage'), 'AssistanceBatchesPage'),
      menu: { labelKey: 'menu.assistanceBatches', permission: 'assistance.disburse', group: 'assistance' },
    },
    {
      path: 'assistance/statistics',
      page: page(() => import('./StatisticsPage'), 'AssistanceStatisticsPage'),
      menu: { labelKey: 'menu.assistanceStatistics', permission: 'assistance.statistics', group: 'assistance' },
    },
  ],
};
