import { Button, Dropdown, Flex, Layout, Menu, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { WEB_MODULES } from '../modules';
import { OrganisationPicker } from '../ui/organisation-tree';
import { CurrentOrganisation } from './current-organisation';
import { LanguageSwitch } from './LanguageSwitch';
import { consoleMenu } from './menu';
import { useLogout, useMe } from './session';

export function AdminShell() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [organisationId, setOrganisationId] = useState<number | null>(null);
  if (!me) return null;
  // The menu under headings by domain, in MENU_GROUPS order; every entry stays one click away.
  const groups = consoleMenu(WEB_MODULES, me.permissions).map(({ group, entries }) => ({
    type: 'group' as const,
    key: `group:${group}`,
    label: t(`menu.groups.${group}`),
    children: entries.map((entry) => ({ key: entry.path, label: t(entry.labelKey) })),
  }));
  const items = [...groups, { key: '/admin/profile', label: t('menu.profile') }];
  const paths = [...groups.flatMap((g) => g.children.map((c) => c.key)), '/admin/profile'];
  const selected = paths.find((path) => location.pathname.startsWith(path)) ?? '';
  // Until the cadre picks one, the console looks at their first scope root.
  const currentId = organisationId ?? me.scopes[0]?.organisationId ?? null;
  return (
    <CurrentOrganisation.Provider value={{ id: currentId }}>
      <Layout style={{ minHeight: '100vh' }}>
        <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
          <div style={{ padding: 16 }}>
            <Typography.Title level={4} style={{ margin: 0, color: '#c8161e' }}>
              {t('app.fullName')}
            </Typography.Title>
          </div>
          <Menu
            mode="inline"
            selectedKeys={[selected]}
            items={items}
            onClick={({ key }) => navigate(key)}
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
                        setOrganisationId(id);
                        if (location.pathname.startsWith('/admin/organisations'))
                          navigate(`/admin/organisations/${id}`);
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
            <Outlet />
          </Layout.Content>
        </Layout>
      </Layout>
    </CurrentOrganisation.Provider>
  );
}
