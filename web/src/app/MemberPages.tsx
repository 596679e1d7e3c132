import {
  AlertOutlined,
  BankOutlined,
  CheckSquareOutlined,
  EnvironmentOutlined,
  FileTextOutlined,
  FormOutlined,
  HeartOutlined,
  MedicineBoxOutlined,
  NotificationOutlined,
  PhoneOutlined,
  ReadOutlined,
  UsergroupAddOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { Avatar, Button, Card, Col, Empty, Flex, Input, Row, Skeleton, Tag, Typography } from 'antd';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { WEB_MODULES } from '../modules';
import { useLogout, useMe } from './session';

const SERVICES = [
  { key: 'join', icon: <UsergroupAddOutlined />, to: '/join' },
  { key: 'legal', icon: <BankOutlined />, to: '/app/help/new?category=legal_aid' },
  { key: 'wages', icon: <AlertOutlined />, to: '/app/help/new?category=wage_arrears' },
  { key: 'demand', icon: <FormOutlined />, to: '/app/help' },
  { key: 'aid', icon: <HeartOutlined />, to: '/app/assistance' },
  { key: 'study', icon: <ReadOutlined />, to: '/app/assistance' },
  { key: 'medical', icon: <MedicineBoxOutlined />, to: '/app/assistance' },
  { key: 'station', icon: <EnvironmentOutlined /> },
  { key: 'vote', icon: <CheckSquareOutlined />, to: '/app/congress' },
  { key: 'notices', icon: <NotificationOutlined />, to: '/app/notices' },
  { key: 'survey', icon: <FileTextOutlined /> },
] as const satisfies readonly { key: string; icon: React.ReactNode; to?: string }[];

// What modules show on the home page (notices, updates on requests for help), each loaded on demand.
const MEMBER_HOME_SLOTS = WEB_MODULES.flatMap((module) =>
  module.slots?.memberHome
    ? [{ name: module.name, Slot: lazy(async () => ({ default: await module.slots!.memberHome!() })) }]
    : [],
);

/**
 * The member home: who they are and their union, a search over the services, the 12351 hotline
 * one tap away, what is new for them (notices, case updates, from the modules), and the services.
 */
export function MemberHome() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const [query, setQuery] = useState('');
  if (!me) return null;
  const membership = me.roles.find((role) => role.role === 'member');
  return (
    <Flex vertical gap={16}>
      <Card size="small">
        <Flex gap={12} align="center">
          <Avatar size={48} icon={<UserOutlined />} alt="" />
          <Flex vertical>
            <Typography.Title level={2} style={{ fontSize: '1.2em', margin: 0 }}>
              {t('member.hello', { name: me.user.displayName })}
            </Typography.Title>
            <Typography.Text type="secondary">
              {membership ? membership.organisationName : t('member.home.applicant')}
            </Typography.Text>
          </Flex>
          {membership && <Tag style={{ marginInlineStart: 'auto' }}>{t('member.home.member')}</Tag>}
        </Flex>
      </Card>
      <Input.Search
        allowClear
        placeholder={t('member.home.search')}
        aria-label={t('member.home.search')}
        onChange={(event) => setQuery(event.target.value)}
        onSearch={setQuery}
      />
      <Button block size="large" href="tel:12351" icon={<PhoneOutlined />} style={{ minHeight: 48 }}>
        {t('member.home.hotline')}
      </Button>
      <Suspense fallback={<Skeleton active />}>
        {MEMBER_HOME_SLOTS.map(({ name, Slot }) => (
          <Slot key={name} />
        ))}
      </Suspense>
      <MemberServices query={query} />
    </Flex>
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
  if (shown.length === 0) return <Empty description={t('member.home.noService')} />;
  return (
    <Row gutter={[12, 12]}>
      {shown.map((service) => {
        const to = 'to' in service ? service.to : undefined;
        const tile = (
          <Card size="small" hoverable={Boolean(to)} style={{ textAlign: 'center', height: '100%', minHeight: 44 }}>
            <div style={{ fontSize: '1.8em', color: '#c8161e' }}>{service.icon}</div>
            {/* One line even in large text: a label that wraps reads as two. */}
            <div style={{ whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
              {t(`member.services.${service.key}`)}
            </div>
            {!to && <Tag style={{ marginTop: 4, marginInlineEnd: 0 }}>{t('common.comingSoon')}</Tag>}
          </Card>
        );
        return (
          <Col span={8} key={service.key}>
            {to ? <Link to={to}>{tile}</Link> : tile}
          </Col>
        );
      })}
    </Row>
  );
}

// What modules show on this tab (the accounts module's settings), each loaded when the tab opens.
const MEMBER_ME_SLOTS = WEB_MODULES.flatMap((module) =>
  module.slots?.memberMe
    ? [{ name: module.name, Slot: lazy(async () => ({ default: await module.slots!.memberMe!() })) }]
    : [],
);

export function MemberMe() {
  const { t } = useTranslation();
  const logout = useLogout();
  const navigate = useNavigate();
  return (
    <>
      <Card style={{ marginBottom: 16 }}>
        <Flex vertical gap={8}>
          <Link to="/app/membership">{t('membership.mine.title')}</Link>
          <Link to="/app/me/data">{t('membership.myData.title')}</Link>
        </Flex>
      </Card>
      <Suspense fallback={<Skeleton active />}>
        {MEMBER_ME_SLOTS.map(({ name, Slot }) => (
          <Slot key={name} />
        ))}
      </Suspense>
      <Button block danger style={{ marginTop: 16 }} onClick={() => void logout().then(() => navigate('/login'))}>
        {t('common.logout')}
      </Button>
    </>
  );
}
