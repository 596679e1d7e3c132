import { todoKindsFor } from '@gonghui/contract';
import { Button, Dropdown, Flex, Layout, Menu, Tag, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate, useSearchParams } from 'react-router';
import { WEB_MODULES } from '../modules';
import { OrganisationPicker } from '../ui/organisation-tree';
import { CurrentOrganisation } from './current-organisation';
import { LanguageSwitch } from './LanguageSwitch';
import { consoleMenu } from './menu';
import { PageHeading } from './page-title';
import { useLogout, useMe } from './session';

const ORGANISATION_KEY = 'gonghui.organisation';
const positiveId = (value: string | null) => (value && /^\d+$/.test(value) && Number(value) > 0 ? Number(value) : null);

export function AdminShell() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [search, setSearch] = useSearchParams();
  // The organisation the console looks at is in the URL (`?org=`), so a reload or a shared link
  // keeps it; a page reached without it gets the one last looked at in this tab, else the cadre's
  // first scope root. The server still refuses one outside the cadre's scope. (Remembered per user:
  // another cadre signing in on the same tab starts at their own root.)
  const remembered = me ? `${ORGANISATION_KEY}:${me.user.id}` : null;
  const currentId =
    positiveId(search.get('org')) ??
    positiveId(remembered ? sessionStorage.getItem(remembered) : null) ??
    me?.scopes[0]?.organisationId ??
    null;
  useEffect(() => {
    if (currentId === null) return;
    if (remembered) sessionStorage.setItem(remembered, String(currentId));
    if (search.get('org') !== String(currentId))
      setSearch(
        (previous) => {
          const next = new URLSearchParams(previous);
          next.set('org', String(currentId));
          return next;
        },
        { replace: true },
      );
  }, [currentId, remembered, search, setSearch]);
  if (!me) return null;
  // The menu under headings by domain, in MENU_GROUPS order; every entry stays one click away.
  const groups = consoleMenu(WEB_MODULES, me.permissions).map(({ group, entries }) => ({
    type: 'group' as const,
    key: `group:${group}`,
    label: t(`menu.groups.${group}`),
    children: entries.map((entry) => ({ key: entry.path, label: t(entry.labelKey) })),
  }));
  // The to-do list first, for those with any kind of work on it.
  const todo = todoKindsFor(me.permissions).length > 0 ? [{ key: '/admin/todo', label: t('menu.todo') }] : [];
  const items = [...todo, ...groups, { key: '/admin/profile', label: t('menu.profile') }];
  const paths = [...todo.map((i) => i.key), ...groups.flatMap((g) => g.children.map((c) => c.key)), '/admin/profile'];
  const selected = paths.find((path) => location.pathname.startsWith(path)) ?? '';
  return (
    <CurrentOrganisation.Provider value={{ id: currentId }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
          <div style={{ padding: 16 }}>
            <Typography.Text strong style={{ fontSize: 18, color: '#c8161e' }}>
              {t('app.fullName')}
            </Typography.Text>
          </div>
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => navigate({ pathname: key, search: currentId ? `?org=${currentId}` : '' })}
            aria-label={t('app.fullName')}
          />
        </Layout.Sider>
        <Layout>
          <Layout.Header style={{ background: '#fff', padding: '0 16px', height: 'auto', lineHeight: 'normal' }}>
            <Flex justify="space-between" align="center" wrap gap={8} style={{ minHeight: 64 }}>
              <Flex align="center" gap={8}>
                {me.permissions.includes('organisation.read') && (
                  <>
                    <Typography.Text strong>{t('admin.switcher')}</Typography.Text>
                    <OrganisationPicker
                      aria-label={t('admin.switcher')}
                      value={currentId}
                      onChange={(id) => {
                        if (location.pathname.startsWith('/admin/organisations'))
                          navigate(`/admin/organisations/${id}?org=${id}`);
                        else
                          setSearch((previous) => {
                            const next = new URLSearchParams(previous);
                            next.set('org', String(id));
                            return next;
                          });
                      }}
                    />
                  </>
                )}
              </Flex>
              <Flex align="center" gap={12}>
                <LanguageSwitch signedIn />
                <Dropdown
                  menu={{
                    items: [
                      { key: 'profile', label: t('menu.profile'), onClick: () => navigate('/admin/profile') },
                      {
                        key: 'logout',
                        label: t('common.logout'),
                        onClick: () => void logout().then(() => navigate('/login')),
                      },
                    ],
                  }}
                >
                  <Button type="text">
                    {me.user.displayName} {me.roles[0] && <Tag>{t(`roles.${me.roles[0].role}`)}</Tag>}
                  </Button>
                </Dropdown>
              </Flex>
            </Flex>
          </Layout.Header>
          <Layout.Content style={{ margin: 16 }}>
            <div style={{ marginBottom: 12 }}>
              <PageHeading />
            </div>
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
    </CurrentOrganisation.Provider>
  );
}
