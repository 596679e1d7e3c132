import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../ui/dates';
import { Badge, Card, Empty, Pending } from '../../ui/lite';
import { democracyApi } from './api';

/**
 * The member home's part from democracy: a trustee's waiting steps (key ceremony or decryption),
 * then the newest three notices addressed to the member and how many are unread. Drawn with the
 * light kit, as the home is.
 */
export function HomeNotices() {
  return (
    <>
      <TrusteeTasks />
      <NoticesCard />
    </>
  );
}

/** The votes where a step waits for this member as trustee; nothing at all when none does. */
function TrusteeTasks() {
  const { t } = useTranslation();
  const list = useQuery({ ...democracyApi.query('myTrusteeships') });
  const waiting = (list.data?.items ?? []).filter((item) => item.actionNeeded);
  if (waiting.length === 0) return null;
  return (
    <Card
      title={
        <>
          {t('democracy.member.trustee.tasks')}
          <Badge count={waiting.length} label={t('member.home.unread', { count: waiting.length })} />
        </>
      }
    >
      <ul className="gl-list">
        {waiting.map((item) => (
          <li key={item.voteId}>
            <Link to={`/app/trustee/${item.voteId}`} style={{ color: 'inherit', fontWeight: 'bold' }}>
              {item.title}
            </Link>
            <span className="gl-secondary" style={{ whiteSpace: 'nowrap' }}>
              {t(item.status === 'tallying' ? 'democracy.member.trustee.toDecrypt' : 'democracy.member.trustee.toKey')}
            </span>
          </li>
        ))}
      </ul>
    </Card>
  );
}

function NoticesCard() {
  const { t, i18n } = useTranslation();
  const list = useQuery({ ...democracyApi.query('myNotices') });
  const items = list.data?.items;
  const unread = (items ?? []).filter((notice) => !notice.read).length;
  return (
    <Card
      title={
        <>
          {t('member.services.notices')}
          <Badge count={unread} label={t('member.home.unread', { count: unread })} />
        </>
      }
      extra={<Link to="/app/disclosure">{t('member.home.more')}</Link>}
    >
      {items === undefined ? (
        <Pending query={list} />
      ) : items.length === 0 ? (
        <Empty>{t('member.home.noNotices')}</Empty>
      ) : (
        <ul className="gl-list">
          {items.slice(0, 3).map((notice) => (
            <li key={notice.id}>
              <Link to="/app/disclosure" style={{ color: 'inherit', fontWeight: notice.read ? 'normal' : 'bold' }}>
                {notice.title}
              </Link>
              <span className="gl-secondary" style={{ whiteSpace: 'nowrap' }}>
                {formatDate(notice.publishedAt, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
