import { UserOutlined } from '@ant-design/icons';
import { type EndpointResult, membershipEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, Avatar, Button, Card, Empty, Flex, QRCode, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError, call } from '../../api/client';
import { deviceCopies, useMe } from '../../app/session';
import { formatDate } from '../../ui/dates';
import { Pending, problemOf } from '../../ui/query-state';
import { membershipApi } from './api';

type MemberCard = EndpointResult<typeof membershipEndpoints.getMyCard>;

/**
 * The e-member card: the QR holds a signed token a station checks offline with the public key. The
 * last card fetched is kept on the device, so the card still shows, and still verifies, when the
 * phone is offline (until the token expires); the page says when it shows that copy.
 */
export function MemberCardPage() {
  const { t, i18n } = useTranslation();
  const { data: me } = useMe();
  const copy = `gonghui.copy.card.${me?.user.id ?? ''}` as const;
  const card = useQuery({
    queryKey: membershipApi.key('getMyCard'),
    queryFn: async (): Promise<{ card: MemberCard | null; saved: boolean }> => {
      try {
        const fresh = await call(membershipEndpoints.getMyCard);
        deviceCopies.save(copy, fresh);
        return { card: fresh, saved: false };
      } catch (error) {
        // Not (or no longer) a member: the server says so, and a kept copy is void.
        if (error instanceof ApiError && (error.status === 404 || error.status === 409)) {
          deviceCopies.save(copy, null);
          return { card: null, saved: false };
        }
        const saved = problemOf(error) === 'offline' ? deviceCopies.read<MemberCard>(copy) : null;
        if (saved && new Date(saved.expiresAt) > new Date()) return { card: saved, saved: true };
        throw error;
      }
    },
  });
  const applications = useQuery({
    ...membershipApi.query('listMyApplications'),
    enabled: card.data?.card === null,
  });
  if (card.data === undefined) return <Pending query={card} />;
  if (!card.data.card) {
    // One story with the membership page: an applicant is told their application is being reviewed.
    const pending = applications.data?.items.some((a) => a.status === 'submitted');
    return (
      <Card title={t('membership.card.title')}>
        {applications.data === undefined ? (
          <Pending query={applications} />
        ) : (
          <Flex vertical align="center" gap={12}>
            <Empty description={pending ? t('membership.mine.pending') : t('membership.card.notMember')} />
            <Link to={pending ? '/app/membership' : '/join'}>
              <Button type="primary">{pending ? t('membership.mine.title') : t('membership.mine.apply')}</Button>
            </Link>
          </Flex>
        )}
      </Card>
    );
  }
  const c = card.data.card;
  const saved = card.data.saved;
  return (
    <Card
      title={t('membership.card.title')}
      styles={{ header: { background: '#c8161e', color: '#fff' } }}
      aria-label={t('membership.card.title')}
    >
      {saved && <Alert type="warning" showIcon title={t('membership.card.saved')} style={{ marginBottom: 16 }} />}
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
          {t('membership.card.validUntil', { date: formatDate(c.expiresAt, i18n.language) })}
        </Typography.Text>
      </Flex>
    </Card>
  );
}
