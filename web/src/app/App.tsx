import { onlineManager, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { useDeferredValue, useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { createBrowserRouter, Navigate, Outlet, type RouteObject, RouterProvider } from 'react-router';
import '../i18n';
import { WEB_MODULES } from '../modules';
import { NotFound, Pending, Spinner } from '../ui/lite';
import { TouchSized } from '../ui/touch';
import { type PageRoute, titleKeyOf, type WebModule } from './manifest';
import { consoleLanding } from './menu';
import { NetworkStatus } from './NetworkStatus';
import { type PageHandle, Titled } from './page-title';
import { keepQueuedWrites, resumeQueuedWrites } from './queued-writes';
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
keepQueuedWrites(queryClient, () => Promise.all(WEB_MODULES.map((module) => module.api())));

/** Sends each person to the shell their account kind uses; signed-out people to the login page. */
function Gate({ shell }: { shell: 'admin' | 'member' | 'any' }) {
  const session = useMe();
  // The answer comes as an urgent update (react-query's store is read synchronously); the pages it
  // opens are then drawn as a deferred render, in slices a phone can interleave with input, rather
  // than in one long task.
  const me = useDeferredValue(session.data);
  if (me === undefined) return session.isError ? <Pending query={session} /> : <Spinner fullscreen />;
  if (!me) return <Navigate to="/login" replace />;
  if (shell !== 'any' && me.shell !== shell) return <Navigate to={me.shell === 'admin' ? '/admin' : '/app'} replace />;
  return <Outlet />;
}

function Home() {
  const session = useMe();
  const me = useDeferredValue(session.data);
  if (me === undefined) return session.isError ? <Pending query={session} /> : <Spinner fullscreen />;
  if (!me) return <Navigate to="/login" replace />;
  return <Navigate to={me.shell === 'admin' ? consoleLanding(WEB_MODULES, me) : '/app'} replace />;
}

type Area = Exclude<keyof WebModule, 'name' | 'api' | 'slots'>;

const routeOf = (route: PageRoute): RouteObject => ({
  path: route.path,
  handle: { titleKey: titleKeyOf(route) } satisfies PageHandle,
  lazy: async () => ({ Component: await route.page() }),
});

/** The pages of one area of every module, each loaded when first visited: the light ones, or the rest. */
const pagesOf = (area: Area, lite = false): RouteObject[] =>
  WEB_MODULES.flatMap((module) => module[area] ?? [])
    .filter((route) => Boolean(route.lite) === lite)
    .map(routeOf);

// Pages drawn with antd sit inside its frame, a route loaded with the first of them: the sign-in
// page, the member home and the card (drawn with the light kit) load none of it.
const frame = (kind: 'ConsoleFrame' | 'TouchFrame', children: RouteObject[]): RouteObject => ({
  lazy: async () => ({ Component: (await import('./AntdFrame'))[kind] }),
  children,
});

/**
 * The router, made by the app's start (main.tsx) in a step of its own. The shells and their own
 * pages load on demand too: the sign-in page does not wait for the console, nor the member app
 * for either.
 */
export const createAppRouter = () =>
  createBrowserRouter([
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
            ...pagesOf('public', true),
            frame('TouchFrame', pagesOf('public')),
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
                      lazy: async () => ({ Component: (await import('./MemberHome')).MemberHome }),
                    },
                    {
                      path: 'services',
                      handle: { titleKey: 'pages.services' },
                      lazy: async () => ({ Component: (await import('./MemberHome')).MemberServices }),
                    },
                    ...pagesOf('member', true),
                    frame('TouchFrame', [
                      {
                        path: 'me',
                        handle: { titleKey: 'pages.me' },
                        lazy: async () => ({ Component: (await import('./MemberMe')).MemberMe }),
                      },
                      ...pagesOf('member'),
                    ]),
                  ],
                },
              ],
            },
          ],
        },
        {
          element: <Gate shell="admin" />,
          children: [
            frame('ConsoleFrame', [
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
              ...pagesOf('screen'),
            ]),
          ],
        },
        { path: '*', element: <NotFound /> },
      ],
    },
  ]);

/** The page's language and text size, on the document itself (the light kit sizes in em). */
function DocumentSettings() {
  const { i18n } = useTranslation();
  const [largeText] = useLargeText();
  useEffect(() => {
    document.documentElement.lang = i18n.language;
  }, [i18n.language]);
  useEffect(() => {
    document.documentElement.classList.toggle('gh-large', largeText);
  }, [largeText]);
  return null;
}

export function App({ router }: { router: ReturnType<typeof createAppRouter> }) {
  // (After NetworkStatus, a child, has begun listening: effects run children first.)
  useEffect(() => resumeQueuedWrites(queryClient), []);
  return (
    <QueryClientProvider client={queryClient}>
      <DocumentSettings />
      <NetworkStatus />
      <RouterProvider router={router} />
    </QueryClientProvider>
  );
}
