import { page, type WebModule } from '../../app/manifest';

const congress = () => import('./CongressPages');
const member = () => import('./MemberCongress');
const notices = () => import('./NoticePages');

export const democracyWeb: WebModule = {
  name: 'democracy',
  member: [
    { path: 'congress', page: page(member, 'MyCongressPage') },
    { path: 'congress/check-in', page: page(member, 'CheckInPage') },
    { path: 'votes/:id', page: page(member, 'BallotPage') },
    { path: 'notices', page: page(notices, 'MyNoticesPage') },
  ],
  admin: [
    {
      path: 'congress',
      page: page(congress, 'CongressPage'),
      menu: { labelKey: 'menu.congress', permission: 'democracy.read', group: 'democracy' },
    },
    { path: 'congress/:id', page: page(congress, 'CongressSessionPage') },
    {
      path: 'votes',
      page: page(() => import('./VotePanels'), 'VotesPage'),
      menu: { labelKey: 'menu.votes', permission: 'democracy.read', group: 'democracy' },
    },
    {
      path: 'proposals',
      page: page(() => import('./ProposalPanels'), 'ProposalsPage'),
      menu: { labelKey: 'menu.proposals', permission: 'democracy.read', group: 'democracy' },
    },
    {
      path: 'notices',
      page: page(notices, 'NoticesPage'),
      menu: { labelKey: 'menu.notices', permission: 'democracy.read', group: 'democracy' },
    },
  ],
  screen: [{ path: '/screen/congress/:id', page: page(() => import('./ScreenPage'), 'ScreenPage') }],
};
