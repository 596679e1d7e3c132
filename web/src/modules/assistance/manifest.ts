import { page, type WebModule } from '../../app/manifest';

export const assistanceWeb: WebModule = {
  name: 'assistance',
  api: () => import('./api'),
  member: [
    {
      path: 'assistance',
      page: page(() => import('./MyAssistancePage'), 'MyAssistancePage'),
      titleKey: 'pages.myAssistance',
    },
    {
      path: 'assistance/notices',
      page: page(() => import('./NoticeBoardPage'), 'NoticeBoardPage'),
      titleKey: 'pages.assistanceNotices',
    },
    {
      path: 'assistance/apply/:programmeId',
      page: page(() => import('./ApplyPage'), 'ApplyPage'),
      titleKey: 'pages.apply',
    },
    {
      path: 'assistance/:id',
      page: page(() => import('./MyApplicationPage'), 'MyApplicationPage'),
      titleKey: 'pages.myApplication',
    },
  ],
  admin: [
    {
      path: 'assistance/applications',
      page: page(() => import('./AssistanceApplicationsPage'), 'AssistanceApplicationsPage'),
      menu: { labelKey: 'menu.assistanceApplications', permission: 'assistance.read', group: 'assistance' },
    },
    {
      path: 'assistance/applications/:id',
      page: page(() => import('./AssistanceApplicationPage'), 'AssistanceApplicationPage'),
      titleKey: 'pages.application',
    },
    {
      path: 'assistance/files',
      page: page(() => import('./HardshipFilesPage'), 'HardshipFilesPage'),
      menu: { labelKey: 'menu.hardshipFiles', permission: 'assistance.read', group: 'assistance' },
    },
    {
      path: 'assistance/programmes',
      page: page(() => import('./AssistanceProgrammesPage'), 'AssistanceProgrammesPage'),
      menu: { labelKey: 'menu.assistanceProgrammes', permission: 'assistance.read', group: 'assistance' },
    },
    {
      path: 'assistance/batches',
      page: page(() => import('./AssistanceBatchesPage'), 'AssistanceBatchesPage'),
      menu: { labelKey: 'menu.assistanceBatches', permission: 'assistance.disburse', group: 'assistance' },
    },
    {
      path: 'assistance/statistics',
      page: page(() => import('./AssistanceStatisticsPage'), 'AssistanceStatisticsPage'),
      menu: { labelKey: 'menu.assistanceStatistics', permission: 'assistance.statistics', group: 'assistance' },
    },
  ],
};
