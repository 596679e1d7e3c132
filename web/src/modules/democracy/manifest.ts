import { page, type WebModule } from '../../app/manifest';

export const democracyWeb: WebModule = {
  name: 'democracy',
  api: () => import('./api'),
  slots: { memberHome: page(() => import('./HomeNotices'), 'HomeNotices') },
  public: [
    {
      path: '/verify-election',
      page: page(() => import('./VerifyElectionPage'), 'VerifyElectionPage'),
      titleKey: 'pages.verifyElection',
    },
  ],
  member: [
    { path: 'congress', page: page(() => import('./MyCongressPage'), 'MyCongressPage'), titleKey: 'pages.myCongress' },
    { path: 'congress/check-in', page: page(() => import('./CheckInPage'), 'CheckInPage'), titleKey: 'pages.checkIn' },
    { path: 'votes/:id', page: page(() => import('./BallotPage'), 'BallotPage'), titleKey: 'pages.ballot' },
    { path: 'trustee/:id', page: page(() => import('./TrusteePage'), 'TrusteePage'), titleKey: 'pages.trustee' },
    { path: 'disclosure', page: page(() => import('./MyNoticesPage'), 'MyNoticesPage'), titleKey: 'pages.myNotices' },
  ],
  admin: [
    {
      path: 'congress',
      page: page(() => import('./CongressPage'), 'CongressPage'),
      menu: { labelKey: 'menu.congress', permission: 'democracy.read', group: 'democracy' },
    },
    {
      path: 'congress/:id',
      page: page(() => import('./CongressSessionPage'), 'CongressSessionPage'),
      titleKey: 'pages.congressSession',
    },
    {
      path: 'votes',
      page: page(() => import('./VotesPage'), 'VotesPage'),
      menu: { labelKey: 'menu.votes', permission: 'democracy.read', group: 'democracy' },
    },
    {
      path: 'proposals',
      page: page(() => import('./ProposalsPage'), 'ProposalsPage'),
      menu: { labelKey: 'menu.proposals', permission: 'democracy.read', group: 'democracy' },
    },
    {
      path: 'disclosure',
      page: page(() => import('./NoticesPage'), 'NoticesPage'),
      menu: { labelKey: 'menu.notices', permission: 'democracy.read', group: 'democracy' },
    },
  ],
  screen: [
    { path: '/screen/congress/:id', page: page(() => import('./ScreenPage'), 'ScreenPage'), titleKey: 'pages.screen' },
  ],
};
