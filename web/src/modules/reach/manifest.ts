import { page, type WebModule } from '../../app/manifest';

export const reachWeb: WebModule = {
  name: 'reach',
  api: () => import('./api'),
  slots: {
    memberHome: page(() => import('./HomeMessages'), 'HomeMessages'),
    memberTabBadge: page(() => import('./TabBadge'), 'TabBadge'),
  },
  member: [
    { path: 'messages', page: page(() => import('./MessagesPage'), 'MessagesPage'), titleKey: 'pages.messages' },
    {
      path: 'messages/settings',
      page: page(() => import('./MessageSettingsPage'), 'MessageSettingsPage'),
      titleKey: 'pages.messageSettings',
    },
    { path: 'notices', page: page(() => import('./MyNoticesPage'), 'MyNoticesPage'), titleKey: 'pages.unionNotices' },
    { path: 'notices/:id', page: page(() => import('./MyNoticePage'), 'MyNoticePage'), titleKey: 'pages.noticeDetail' },
    { path: 'surveys', page: page(() => import('./MySurveysPage'), 'MySurveysPage'), titleKey: 'pages.mySurveys' },
    {
      path: 'surveys/:id',
      page: page(() => import('./SurveyAnswerPage'), 'SurveyAnswerPage'),
      titleKey: 'pages.surveyAnswer',
    },
  ],
  admin: [
    {
      path: 'notices',
      page: page(() => import('./NoticesPage'), 'NoticesPage'),
      menu: { labelKey: 'menu.reachNotices', permission: 'notice.read', group: 'reach' },
    },
    {
      path: 'notices/new',
      page: page(() => import('./NoticeEditorPage'), 'NoticeEditorPage'),
      titleKey: 'pages.noticeNew',
    },
    {
      path: 'notices/:id/edit',
      page: page(() => import('./NoticeEditorPage'), 'NoticeEditorPage'),
      titleKey: 'pages.noticeEdit',
    },
    {
      path: 'notices/:id',
      page: page(() => import('./NoticeDetailPage'), 'NoticeDetailPage'),
      titleKey: 'pages.noticeDetail',
    },
    {
      path: 'surveys',
      page: page(() => import('./SurveysPage'), 'SurveysPage'),
      menu: { labelKey: 'menu.reachSurveys', permission: 'survey.read', group: 'reach' },
    },
    {
      path: 'surveys/new',
      page: page(() => import('./SurveyEditorPage'), 'SurveyEditorPage'),
      titleKey: 'pages.surveyNew',
    },
    {
      path: 'surveys/:id/edit',
      page: page(() => import('./SurveyEditorPage'), 'SurveyEditorPage'),
      titleKey: 'pages.surveyEdit',
    },
    {
      path: 'surveys/:id/paper',
      page: page(() => import('./SurveyPaperPage'), 'SurveyPaperPage'),
      titleKey: 'pages.surveyPaper',
    },
    {
      path: 'surveys/:id',
      page: page(() => import('./SurveyDetailPage'), 'SurveyDetailPage'),
      titleKey: 'pages.surveyDetail',
    },
    { path: 'messages', page: page(() => import('./MessagesPage'), 'MessagesPage'), titleKey: 'pages.messages' },
    {
      path: 'deliveries',
      page: page(() => import('./DeliveriesPage'), 'DeliveriesPage'),
      menu: { labelKey: 'menu.deliveries', permission: 'reach.deliveries', group: 'system' },
    },
  ],
};
