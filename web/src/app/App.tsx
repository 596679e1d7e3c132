import { onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider, Result, Spin } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCNLocale from 'antd/locale/zh_CN';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, type RouteObject, RouterProvider } from 'react-router';
import '../i18n';
import { WEB_MODULES } from '../modules';
import { Pending } from '../ui/query-state';
import { usePrefersReducedMotion } from '../ui/reduced-motion';
import { TouchSized } from '../ui/touch';
import { type PageRoute, titleKeyOf, type WebModule } from './manifest';
import { consoleLanding } from './menu';
import { NetworkStatus } from './NetworkStatus';
import { type PageHandle, Titled } from './page-title';
import { useMe } from './session';
import { useLargeText } from './useLargeText';

// react-query assumes it starts online and learns only from later events: an app opened offline
// would never see the network come back.
onlineManager.setOnline(navigator.onLine);
// Reads run offline too (networkMode 'always'), so they fail at once and say so, or fall back to
// what the device kept (the member card), instead of waiting silently; writes keep the default:
// offline they pause, queued, and are sent when the network returns (NetworkStatus says so).
const queryClient = new QueryClient({
  defaultOptions: { queries: { retry: false, refetchOnWindowFocus: false, networkMode: 'always' } },
});

/** Sends each person to the shell their account kind uses; signed-out people to the login page. */
function Gate({ shell }: { shell: 'admin' | 'member' | 'any' }) {
  const session = useMe();
  const me = session.data;
  if (me === undefined) return session.isError ? <Pending query={session} /> : <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace />;
  if (shell !== 'any' && me.shell !== shell) return <Navigate to={me.shell === 'admin' ? '/admin' : '/app'} replace />;
  return <Outlet />;
}

function Home() {
  const session = useMe();
  const me = session.data;
  if (me === undefined) return session.isError ? <Pending query={session} /> : <Spin fullscreen />;
  if (!me) return <Navigate to="/login" replace />;
  return <Navigate to={me.shell === 'admin' ? consoleLanding(WEB_MODULES, me) : '/app'} replace />;
}

function NotFound() {
  const { t } = useTranslation();
  return <Result status="404" title="404" subTitle={t('common.notFound')} />;
}

/** The pages of one area of every module, each loaded when first visited. */
const pagesOf = (area: Exclude<keyof WebModule, 'name' | 'slots'>): RouteObject[] =>
  WEB_MODULES.flatMap((module) => module[area] ?? []).map((route: PageRoute) => ({
    path: route.path,
    handle: { titleKey: titleKeyOf(route) } satisfies PageHandle,
    lazy: async () => ({ Component: await route.page() }),
  }));

// The shells and their own pages load on demand too: the sign-in page does not wait for the
// console, nor the member app for either.
const memberPages = () => import('./MemberPages');

const router = createBrowserRouter([
  {
    element: <Titled />,
    children: [
      { path: '/', element: <Home /> },
      {
        // Phone screens: controls sized for a finger.
        element: <TouchSized />,
        children: [
          {
            path: '/login',
            handle: { titleKey: 'pages.login' },
            lazy: async () => ({ Component: (await import('./LoginPage')).LoginPage }),
          },
          ...pagesOf('public'),
          {
            element: <Gate shell="member" />,
            children: [
              {
                path: '/app',
                lazy: async () => ({ Component: (await import('./MemberShell')).MemberShell }),
                children: [
                  {
                    index: true,
                    handle: { titleKey: 'pages.home' },
                    lazy: async () => ({ Component: (await memberPages()).MemberHome }),
                  },
                  {
                    path: 'services',
                    handle: { titleKey: 'pages.services' },
                    lazy: async () => ({ Component: (await memberPages()).MemberServices }),
                  },
                  {
                    path: 'me',
                    handle: { titleKey: 'pages.me' },
                    lazy: async () => ({ Component: (await memberPages()).MemberMe }),
                  },
                  ...pagesOf('member'),
                ],
              },
            ],
          },
        ],
      },
      {
        element: <Gate shell="admin" />,
        children: [
          {
            path: '/admin',
            lazy: async () => ({ Component: (await import('./AdminShell')).AdminShell }),
            children: [
              { index: true, element: <Home /> },
              {
                path: 'todo',
                handle: { titleKey: 'pages.todo' },
                lazy: async () => ({ Component: (await import('./TodoPage')).TodoPage }),
              },
              ...pagesOf('admin'),
            ],
          },
        ],
      },
      { element: <Gate shell="admin" />, children: pagesOf('screen') },
      { path: '*', element: <NotFound /> },
    ],
  },
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
        <NetworkStatus />
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
