import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, RouterProvider } from 'react-router';
import '../i18n';
import { ProfilePage } from '../modules/accounts/ProfilePage';
import { UsersPage } from '../modules/accounts/UsersPage';
import { AssistanceApplicationPage, AssistanceApplicationsPage } from '../modules/assistance/ApplicationsPage';
import { AssistanceBatchesPage } from '../modules/assistance/BatchesPage';
import { HardshipFilesPage } from '../modules/assistance/FilesPage';
import {
  ApplyPage,
  MyApplicationPage,
  MyAssistancePage,
  NoticeBoardPage,
} from '../modules/assistance/MemberAssistance';
import { AssistanceProgrammesPage } from '../modules/assistance/ProgrammesPage';
import { AssistanceStatisticsPage } from '../modules/assistance/StatisticsPage';
import { AuditPage } from '../modules/audit/AuditPage';
import { CongressPage, CongressSessionPage } from '../modules/democracy/CongressPages';
import { BallotPage, CheckInPage, MyCongressPage } from '../modules/democracy/MemberCongress';
import { MyNoticesPage, NoticesPage } from '../modules/democracy/NoticePages';
import { ProposalsPage } from '../modules/democracy/ProposalPanels';
import { ScreenPage } from '../modules/democracy/ScreenPage';
import { VotesPage } from '../modules/democracy/VotePanels';
import { ApplicationsPage } from '../modules/membership/ApplicationsPage';
import { CardCheckPage } from '../modules/membership/CardCheckPage';
import { DuesPage } from '../modules/membership/DuesPage';
import { ImportsPage } from '../modules/membership/ImportsPage';
import { JoinPage } from '../modules/membership/JoinPage';
import { MemberCardPage } from '../modules/membership/MemberCardPage';
import { MembersPage } from '../modules/membership/MembersPage';
import { MyDataPage } from '../modules/membership/MyDataPage';
import { MyMembershipPage } from '../modules/membership/MyMembershipPage';
import { StatisticsPage } from '../modules/membership/StatisticsPage';
import { TransfersPage } from '../modules/membership/TransfersPage';
import { EmployersPage } from '../modules/organisations/EmployersPage';
import { OrganisationsPage } from '../modules/organisations/OrganisationsPage';
import { AnonymousReportPage, FollowUpPage } from '../modules/rights/AnonymousReport';
import { CaseDetailPage, CasesPage } from '../modules/rights/CasesPage';
import { AskPage, MyCasePage, MyCasesPage } from '../modules/rights/MemberRights';
import { RightsDashboardPage } from '../modules/rights/RightsDashboardPage';
import { usePrefersReducedMotion } from '../ui/reduced-motion';
import { AdminShell } from './AdminShell';
import { LoginPage } from './LoginPage';
import { MemberHome, MemberMe, MemberServices } from './MemberPages';
import { MemberShell } from './MemberShell';
import { useMe } from './session';
import { useLargeText } from './useLargeText';

const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false } } });

/** Sends each person to the shell their account kind uses; signed-out people to the login page. */
function Gate({ shell }: { shell: 'admin' | 'member' | 'any' }) {
  const { data: me, isLoading } = useMe();
  if (isLoading) return <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace />;
  if (shell !== 'any' && me.shell !== shell) return <Navigate to={me.shell === 'admin' ? '/admin' : '/app'} replace />;
  return <Outlet />;
}

function Home() {
  const { data: me, isLoading } = useMe();
  if (isLoading) return <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace />;
  return (
    <Navigate
      to={me.shell === 'admin' ? (me.mustEnrolTotp ? '/admin/profile' : '/admin/organisations') : '/app'}
      replace
    />
  );
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

const router = createBrowserRouter([
  { path: '/', element: <Home /> },
  { path: '/login', element: <LoginPage /> },
  { path: '/join', element: <JoinPage /> },
  { path: '/report', element: <AnonymousReportPage /> },
  { path: '/report/follow-up', element: <FollowUpPage /> },
  {
    element: <Gate shell="member" />,
    children: [
      {
        path: '/app',
        element: <MemberShell />,
        children: [
          { index: true, element: <MemberHome /> },
          { path: 'services', element: <MemberServices /> },
          { path: 'card', element: <MemberCardPage /> },
          { path: 'membership', element: <MyMembershipPage /> },
          { path: 'me', element: <MemberMe /> },
          { path: 'me/data', element: <MyDataPage /> },
          { path: 'congress', element: <MyCongressPage /> },
          { path: 'congress/check-in', element: <CheckInPage /> },
          { path: 'votes/:id', element: <BallotPage /> },
          { path: 'notices', element: <MyNoticesPage /> },
          { path: 'help', element: <MyCasesPage /> },
          { path: 'help/new', element: <AskPage /> },
          { path: 'help/:id', element: <MyCasePage /> },
          { path: 'assistance', element: <MyAssistancePage /> },
          { path: 'assistance/notices', element: <NoticeBoardPage /> },
          { path: 'assistance/apply/:programmeId', element: <ApplyPage /> },
          { path: 'assistance/:id', element: <MyApplicationPage /> },
        ],
      },
    ],
  },
  {
    element: <Gate shell="admin" />,
    children: [
      {
        path: '/admin',
        element: <AdminShell />,
        children: [
          { index: true, element: <Home /> },
          { path: 'organisations', element: <OrganisationsPage /> },
          { path: 'organisations/:id', element: <OrganisationsPage /> },
          { path: 'employers', element: <EmployersPage /> },
          { path: 'applications', element: <ApplicationsPage /> },
          { path: 'members', element: <MembersPage /> },
          { path: 'transfers', element: <TransfersPage /> },
          { path: 'imports', element: <ImportsPage /> },
          { path: 'dues', element: <DuesPage /> },
          { path: 'statistics', element: <StatisticsPage /> },
          { path: 'card-check', element: <CardCheckPage /> },
          { path: 'congress', element: <CongressPage /> },
          { path: 'congress/:id', element: <CongressSessionPage /> },
          { path: 'votes', element: <VotesPage /> },
          { path: 'proposals', element: <ProposalsPage /> },
          { path: 'notices', element: <NoticesPage /> },
          { path: 'cases', element: <CasesPage /> },
          { path: 'cases/:id', element: <CaseDetailPage /> },
          { path: 'rights-dashboard', element: <RightsDashboardPage /> },
          { path: 'assistance/applications', element: <AssistanceApplicationsPage /> },
          { path: 'assistance/applications/:id', element: <AssistanceApplicationPage /> },
          { path: 'assistance/files', element: <HardshipFilesPage /> },
          { path: 'assistance/programmes', element: <AssistanceProgrammesPage /> },
          { path: 'assistance/batches', element: <AssistanceBatchesPage /> },
          { path: 'assistance/statistics', element: <AssistanceStatisticsPage /> },
          { path: 'users', element: <UsersPage /> },
          { path: 'audit', element: <AuditPage /> },
          { path: 'profile', element: <ProfilePage /> },
        ],
      },
    ],
  },
  {
    element: <Gate shell="admin" />,
    children: [{ path: '/screen/congress/:id', element: <ScreenPage /> }],
  },
  { path: '*', element: <NotFound /> },
]);

function Themed() {
  const { i18n } = useTranslation();
  const [largeText] = useLargeText();
  const reducedMotion = usePrefersReducedMotion();
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  return (
    <ConfigProvider
      locale={i18n.language === 'en' ? enUS : zhCNLocale}
      theme={{
        // Secondary text and the error red darkened from antd's defaults to reach WCAG AA contrast.
        token: {
          colorPrimary: '#c8161e',
          colorError: '#c41d1d',
          colorLink: '#0958d9',
          colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
          colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
          colorTextDescription: 'rgba(0, 0, 0, 0.62)',
          colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
          fontSize: largeText ? 18 : 14,
          borderRadius: 6,
          motion: !reducedMotion,
        },
      }}
    >
      <AntApp>
        <RouterProvider router={router} />
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return (
    <QueryClientProvider client={queryClient}>
      <Themed />
    </QueryClientProvider>
  );
}
