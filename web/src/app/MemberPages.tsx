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
  ReadOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Flex, List, Row, Skeleton, Tag, Typography } from 'antd';
import { lazy, Suspense } from 'react';
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

export function MemberHome() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  if (!me) return null;
  return (
    <>
      <Typography.Title level={3}>{t('member.hello', { name: me.user.displayName })}</Typography.Title>
      <Card
        title={t('member.myUnion')}
        style={{ marginBottom: 16 }}
        extra={<Link to="/app/membership">{t('membership.mine.title')}</Link>}
      >
        <List dataSource={me.roles} renderItem={(role) => <List.Item>{role.organisationName}</List.Item>} />
      </Card>
      <MemberServices />
    </>
  );
}

/** The services members reach here; each module links its own entry as it lands. */
export function MemberServices() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  // A member is not offered to join again.
  const member = me?.roles.some((role) => role.role === 'member') ?? false;
  return (
    <Row gutter={[12, 12]}>
      {SERVICES.filter((service) => !(member && service.key === 'join')).map((service) => {
        const to = 'to' in service ? service.to : undefined;
        const tile = (
          <Card size="small" hoverable={Boolean(to)} style={{ textAlign: 'center', height: '100%' }}>
            <div style={{ fontSize: '1.8em', color: '#c8161e' }}>{service.icon}</div>
            <div>{t(`member.services.${service.key}`)}</div>
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
