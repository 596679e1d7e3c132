import AppstoreOutlined from '@ant-design/icons-svg/es/asn/AppstoreOutlined';
import HomeOutlined from '@ant-design/icons-svg/es/asn/HomeOutlined';
import IdcardOutlined from '@ant-design/icons-svg/es/asn/IdcardOutlined';
import UserOutlined from '@ant-design/icons-svg/es/asn/UserOutlined';
import { lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { NavLink, Outlet } from 'react-router';
import { WEB_MODULES } from '../modules';
import { Icon } from '../ui/lite/icon';
import { PageHeading } from './page-title';

const TABS = [
  { to: '/app', key: 'home', icon: <Icon icon={HomeOutlined} />, end: true },
  { to: '/app/services', key: 'services', icon: <Icon icon={AppstoreOutlined} />, end: false },
  { to: '/app/card', key: 'card', icon: <Icon icon={IdcardOutlined} />, end: false },
  { to: '/app/me', key: 'me', icon: <Icon icon={UserOutlined} />, end: false },
] as const;

// Counts the modules put on the home tab (unread messages), each loaded on demand.
const TAB_BADGES = WEB_MODULES.flatMap((module) =>
  module.slots?.memberTabBadge
    ? [{ name: module.name, Badge: lazy(async () => ({ default: await module.slots!.memberTabBadge!() })) }]
    : [],
);

/** The mobile-first member app: content above, four tabs at the bottom. */
export function MemberShell() {
  const { t } = useTranslation();
  return (
    <div
      style={{
        display: 'flex',
        flexDirection: 'column',
        minHeight: '100vh',
        maxWidth: 560,
        margin: '0 auto',
        background: '#f5f5f5',
      }}
    >
      <header style={{ background: '#c8161e', color: '#fff', padding: '12px 16px' }}>
        <PageHeading color="#fff" />
      </header>
      <main style={{ flex: 1, padding: 16, paddingBottom: 80 }}>
        <Outlet />
      </main>
      <nav
        aria-label={t('app.name')}
        className="gl-nav"
        style={{ position: 'fixed', bottom: 0, left: 0, right: 0, background: '#fff', borderTop: '1px solid #eee' }}
      >
        <div style={{ display: 'flex', justifyContent: 'space-around', maxWidth: 560, margin: '0 auto' }}>
          {TABS.map((tab) => (
            <NavLink
              key={tab.key}
              to={tab.to}
              end={tab.end}
              style={({ isActive }) => ({
                flex: 1,
                textAlign: 'center',
                padding: '8px 0',
                color: isActive ? '#c8161e' : '#555',
                textDecoration: 'none',
                fontSize: '0.85em',
              })}
            >
              <div style={{ fontSize: '1.5em' }}>{tab.icon}</div>
              <div style={{ whiteSpace: 'nowrap' }}>
                {t(`member.tabs.${tab.key}`)}
                {tab.key === 'home' && (
                  // After the label, in a tab of fixed width: nothing else moves when it arrives.
                  <span style={{ marginLeft: 2 }}>
                    <Suspense fallback={null}>
                      {TAB_BADGES.map(({ name, Badge }) => (
                        <Badge key={name} />
                      ))}
                    </Suspense>
                  </span>
                )}
              </div>
            </NavLink>
          ))}
        </div>
      </nav>
    </div>
  );
}
