import AlertOutlined from '@ant-design/icons-svg/es/asn/AlertOutlined';
import AuditOutlined from '@ant-design/icons-svg/es/asn/AuditOutlined';
import BankOutlined from '@ant-design/icons-svg/es/asn/BankOutlined';
import CheckSquareOutlined from '@ant-design/icons-svg/es/asn/CheckSquareOutlined';
import EnvironmentOutlined from '@ant-design/icons-svg/es/asn/EnvironmentOutlined';
import FileTextOutlined from '@ant-design/icons-svg/es/asn/FileTextOutlined';
import FormOutlined from '@ant-design/icons-svg/es/asn/FormOutlined';
import HeartOutlined from '@ant-design/icons-svg/es/asn/HeartOutlined';
import MedicineBoxOutlined from '@ant-design/icons-svg/es/asn/MedicineBoxOutlined';
import NotificationOutlined from '@ant-design/icons-svg/es/asn/NotificationOutlined';
import PhoneOutlined from '@ant-design/icons-svg/es/asn/PhoneOutlined';
import ReadOutlined from '@ant-design/icons-svg/es/asn/ReadOutlined';
import UsergroupAddOutlined from '@ant-design/icons-svg/es/asn/UsergroupAddOutlined';
import UserOutlined from '@ant-design/icons-svg/es/asn/UserOutlined';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { WEB_MODULES } from '../modules';
import { Card, Empty, Skeleton, Tag } from '../ui/lite';
import { Icon } from '../ui/lite/icon';
import { useMe } from './session';

const SERVICES = [
  { key: 'join', icon: <Icon icon={UsergroupAddOutlined} />, to: '/join' },
  { key: 'legal', icon: <Icon icon={BankOutlined} />, to: '/app/help/new?category=legal_aid' },
  { key: 'wages', icon: <Icon icon={AlertOutlined} />, to: '/app/help/new?category=wage_arrears' },
  { key: 'demand', icon: <Icon icon={FormOutlined} />, to: '/app/help' },
  { key: 'aid', icon: <Icon icon={HeartOutlined} />, to: '/app/assistance' },
  { key: 'study', icon: <Icon icon={ReadOutlined} />, to: '/app/assistance' },
  { key: 'medical', icon: <Icon icon={MedicineBoxOutlined} />, to: '/app/assistance' },
  { key: 'station', icon: <Icon icon={EnvironmentOutlined} /> },
  { key: 'vote', icon: <Icon icon={CheckSquareOutlined} />, to: '/app/congress' },
  { key: 'news', icon: <Icon icon={NotificationOutlined} />, to: '/app/notices' },
  { key: 'notices', icon: <Icon icon={AuditOutlined} />, to: '/app/disclosure' },
  { key: 'survey', icon: <Icon icon={FileTextOutlined} />, to: '/app/surveys' },
] as const satisfies readonly { key: string; icon: React.ReactNode; to?: string }[];

// What modules show on the home page (notices, updates on requests for help), each loaded on demand
// (drawn with the light kit, as this page is).
const MEMBER_HOME_SLOTS = WEB_MODULES.flatMap((module) =>
  module.slots?.memberHome
    ? [{ name: module.name, Slot: lazy(async () => ({ default: await module.slots!.memberHome!() })) }]
    : [],
);

/**
 * The member home: who they are and their union, a search over the services, the 12351 hotline
 * one tap away, the services, and what is new for them (notices, case updates, from the modules).
 * Drawn with the light kit: it is the first screen a member sees, often on a slow phone.
 */
export function MemberHome() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [query, setQuery] = useState('');
  if (!me) return null;
  const membership = me.roles.find((role) => role.role === 'member');
  return (
    <div className="gl-stack">
      <Card>
        <div className="gl-row">
          <span className="gl-avatar" aria-hidden>
            <Icon icon={UserOutlined} />
          </span>
          <div>
            <h2 className="gl-h2">{t('member.hello', { name: me.user.displayName })}</h2>
            <div className="gl-secondary">{membership ? membership.organisationName : t('member.home.applicant')}</div>
          </div>
          {membership && (
            <span style={{ marginInlineStart: 'auto' }}>
              <Tag>{t('member.home.member')}</Tag>
            </span>
          )}
        </div>
      </Card>
      <input
        type="search"
        className="gl-input"
        placeholder={t('member.home.search')}
        aria-label={t('member.home.search')}
        value={query}
        onChange={(event) => setQuery(event.target.value)}
      />
      <a className="gl-button gl-block" href="tel:12351" style={{ minHeight: 48 }}>
        <Icon icon={PhoneOutlined} />
        {t('member.home.hotline')}
      </a>
      <MemberServices query={query} />
      {/* Below the services, whose place is known at once: the cards, loaded after them, move nothing. */}
      <Suspense fallback={<Skeleton />}>
        {MEMBER_HOME_SLOTS.map(({ name, Slot }) => (
          <Slot key={name} />
        ))}
      </Suspense>
    </div>
  );
}

/** The services members reach here, filtered by a search; each module links its own entry as it lands. */
export function MemberServices({ query = '' }: { query?: string }) {
  const { t } = useTranslation();
  const { data: me } = useMe();
  // A member is not offered to join again.
  const member = me?.roles.some((role) => role.role === 'member') ?? false;
  const wanted = query.trim().toLowerCase();
  const shown = SERVICES.filter((service) => !(member && service.key === 'join')).filter(
    (service) => !wanted || t(`member.services.${service.key}`).toLowerCase().includes(wanted),
  );
  if (shown.length === 0) return <Empty>{t('member.home.noService')}</Empty>;
  return (
    <div className="gl-tiles">
      {shown.map((service) => {
        const to = 'to' in service ? service.to : undefined;
        const tile = (
          <>
            <span style={{ fontSize: '1.8em', color: '#c8161e' }} aria-hidden>
              {service.icon}
            </span>
            {/* One line even in large text: a label that wraps reads as two. */}
            <span className="gl-tile-label">{t(`member.services.${service.key}`)}</span>
            {!to && <Tag>{t('common.comingSoon')}</Tag>}
          </>
        );
        return to ? (
          <Link key={service.key} to={to} className="gl-tile">
            {tile}
          </Link>
        ) : (
          <div key={service.key} className="gl-tile">
            {tile}
          </div>
        );
      })}
    </div>
  );
}
