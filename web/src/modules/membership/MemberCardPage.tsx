import UserOutlined from '@ant-design/icons-svg/es/asn/UserOutlined';
import { type EndpointResult, membershipEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ApiError, call } from '../../api/client';
import { deviceCopies, useMe } from '../../app/session';
import { formatDate } from '../../ui/dates';
import { Alert, ButtonLink, Card, Empty, Pending } from '../../ui/lite';
import { Icon } from '../../ui/lite/icon';
import { QrCode } from '../../ui/lite/qr';
import { problemOf } from '../../ui/online';
import { membershipApi } from './api';

type MemberCard = EndpointResult<typeof membershipEndpoints.getMyCard>;

/**
 * The e-member card: the QR holds a signed token a station checks offline with the public key. The
 * last card fetched is kept on the device, so the card still shows, and still verifies, when the
 * phone is offline (until the token expires); the page says when it shows that copy. Drawn with
 * the light kit: a member shows it at a station, often on a slow phone or none.
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
      <Card>
        {applications.data === undefined ? (
          <Pending query={applications} />
        ) : (
          <div className="gl-stack" style={{ alignItems: 'center' }}>
            <Empty>{pending ? t('membership.mine.pending') : t('membership.card.notMember')}</Empty>
            <ButtonLink variant="primary" to={pending ? '/app/membership' : '/join'}>
              {pending ? t('membership.mine.title') : t('membership.mine.apply')}
            </ButtonLink>
          </div>
        )}
      </Card>
    );
  }
  const c = card.data.card;
  const saved = card.data.saved;
  return (
    <Card
      title={t('app.fullName')}
      headStyle={{ background: '#c8161e', color: '#fff', borderRadius: '8px 8px 0 0' }}
      aria-label={t('membership.card.title')}
    >
      {saved && (
        <div style={{ marginBottom: 16 }}>
          <Alert type="warning">{t('membership.card.saved')}</Alert>
        </div>
      )}
      <div className="gl-row" style={{ gap: 16, marginBottom: 16 }}>
        <span
          className="gl-avatar"
          style={{ width: 72, height: 72, fontSize: 36, borderRadius: 6 }}
          role="img"
          aria-label={t('membership.card.photo')}
        >
          <Icon icon={UserOutlined} />
        </span>
        <div style={{ display: 'flex', flexDirection: 'column' }}>
          <h2 className="gl-h2" style={{ fontSize: '1.3em' }}>
            {c.name}
          </h2>
          <span>{c.organisationName}</span>
          <span className="gl-secondary">
            {t('membership.fields.memberNumber')}: <span data-testid="member-number">{c.memberNumber}</span>
          </span>
          <span className="gl-secondary">
            {t('membership.fields.joinedOn')}: {c.joinedOn}
          </span>
        </div>
      </div>
      <div style={{ display: 'flex', flexDirection: 'column', alignItems: 'center', gap: 8 }}>
        <QrCode value={c.token} size={240} label={t('membership.card.title')} testId="card-qr" />
        <span className="gl-secondary">{t('membership.card.scanHint')}</span>
        <span className="gl-secondary">
          {t('membership.card.validUntil', { date: formatDate(c.expiresAt, i18n.language) })}
        </span>
      </div>
    </Card>
  );
}
