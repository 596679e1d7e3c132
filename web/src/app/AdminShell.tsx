import { organisationPageSchema } from '@gonghui/contract';
import { Button, Dropdown, Flex, Layout, Menu, Tag, TreeSelect, Typography } from 'antd';
import { createContext, useContext, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { api, query } from '../api/client';
import { LanguageSwitch } from './LanguageSwitch';
import { useLogout, useMe } from './session';

interface TreeNode {
  id: number;
  pId: number | null;
  value: number;
  title: string;
  isLeaf: boolean;
}

/** The organisation the console is looking at; always inside the cadre's scope. */
const CurrentOrganisation = createContext<{ id: number | null; set(id: number): void }>({ id: null, set: () => {} });
export const useCurrentOrganisation = () => useContext(CurrentOrganisation);

/** Lazily loads the subtree the cadre may see; nothing above their scope roots is ever offered. */
function OrganisationSwitcher({ value, onChange }: { value: number | null; onChange(id: number): void }) {
  const { t } = useTranslation();
  const [nodes, setNodes] = useState<TreeNode[]>([]);
  const load = async (parentId?: number) => {
    const page = await api('GET', `/organisations${query({ parentId, pageSize: 200 })}`, organisationPageSchema);
    setNodes((existing) => {
      const known = new Set(existing.map((n) => n.id));
      const added = page.items
        .filter((o) => !known.has(o.id))
        .map((o) => ({ id: o.id, pId: parentId ?? null, value: o.id, title: o.name, isLeaf: o.childCount === 0 }));
      return [...existing, ...added];
    });
    return page.items;
  };
  // biome-ignore lint/correctness/useExhaustiveDependencies: the scope roots are loaded once, on mount
  useEffect(() => {
    void load().then((roots) => {
      if (value === null && roots[0]) onChange(roots[0].id);
    });
  }, []);
  return (
    <TreeSelect
      aria-label={t('admin.switcher')}
      title={t('admin.switcherHint')}
      style={{ minWidth: 260 }}
      treeDataSimpleMode
      treeData={nodes}
      value={value ?? undefined}
      onChange={(id: number) => onChange(id)}
      loadData={async (node) => {
        await load(node.value as number);
      }}
      popupMatchSelectWidth={false}
    />
  );
}

export function AdminShell() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const logout = useLogout();
  const navigate = useNavigate();
  const location = useLocation();
  const [organisationId, setOrganisationId] = useState<number | null>(null);
  if (!me) return null;
  const items = [
    ...me.menu.map((item) => ({ key: item.path, label: t(item.labelKey) })),
    { key: '/admin/profile', label: t('menu.profile') },
  ];
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key ?? '';
  return (
    <CurrentOrganisation.Provider value={{ id: organisationId, set: setOrganisationId }}>
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
                <Typography.Text strong>{t('admin.switcher')}</Typography.Text>
                <OrganisationSwitcher
                  value={organisationId}
                  onChange={(id) => {
                    setOrganisationId(id);
                    if (location.pathname.startsWith('/admin/organisations')) navigate(`/admin/organisations/${id}`);
                  }}
                />
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
