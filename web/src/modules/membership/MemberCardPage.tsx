import { UserOutlined } from '@ant-design/icons';
import { membershipEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Avatar, Button, Card, Empty, Flex, QRCode, Spin, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, call } from '../../api/client';
import { membershipApi } from './api';

/** The e-member card: the QR holds a signed token a station checks offline with the public key. */
export function MemberCardPage() {
  const { t, i18n } = useTranslation();
  const card = useQuery({
    queryKey: membershipApi.key('getMyCard'),
    queryFn: async () => {
      try {
        return await call(membershipEndpoints.getMyCard);
      } catch (error) {
        if (error instanceof ApiError && (error.status === 404 || error.status === 409)) return null;
        throw error;
      }
    },
  });
  if (card.isLoading) return <Spin />;
  if (!card.data) {
    return (
      <Card title={t('membership.card.title')}>
        <Flex vertical align="center" gap={12}>
          <Empty description={t('membership.card.notMember')} />
          <Link to="/join">
            <Button type="primary">{t('membership.mine.apply')}</Button>
          </Link>
        </Flex>
      </Card>
    );
  }
  const c = card.data;
  return (
    <Card
      title={t('membership.card.title')}
      styles={{ header: { background: '#c8161e', color: '#fff' } }}
      aria-label={t('membership.card.title')}
    >
      <Flex gap={16} align="center" style={{ marginBottom: 16 }}>
        <Avatar size={72} icon={<UserOutlined />} shape="square" alt={t('membership.card.photo')} />
        <Flex vertical>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {c.name}
          </Typography.Title>
          <Typography.Text>{c.organisationName}</Typography.Text>
          <Typography.Text type="secondary">
            {t('membership.fields.memberNumber')}: <span data-testid="member-number">{c.memberNumber}</span>
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('membership.fields.joinedOn')}: {c.joinedOn}
          </Typography.Text>
        </Flex>
      </Flex>
      <Flex vertical align="center" gap={8}>
        <QRCode value={c.token} size={240} errorLevel="M" bordered={false} aria-label={t('membership.card.title')} />
        <Typography.Text type="secondary">{t('membership.card.scanHint')}</Typography.Text>
        <Typography.Text type="secondary">
          {t('membership.card.validUntil', { date: new Date(c.expiresAt).toLocaleDateString(i18n.language) })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
