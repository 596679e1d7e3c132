import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../ui/dates';
import { Badge, Card, Empty, Pending } from '../../ui/lite';
import { inboxApi } from './inbox-api';
import { useMessageText } from './message-text';

/** The member home's cards: the union's notices and the newest messages (light kit, as the home is). */
export function HomeMessages() {
  return (
    <>
      <HomeNotices />
      <HomeInbox />
    </>
  );
}

/** The newest notices and news addressed to the member, pinned first. */
function HomeNotices() {
  const { t, i18n } = useTranslation();
  const list = useQuery(inboxApi.query('myNotices', { query: { page: 1, pageSize: 3 } }));
  const items = list.data?.items;
  return (
    <Card title={t('reach.notices.title')} extra={<Link to="/app/notices">{t('member.home.more')}</Link>}>
      {items === undefined ? (
        <Pending query={list} />
      ) : items.length === 0 ? (
        <Empty>{t('reach.notices.none')}</Empty>
      ) : (
        <ul className="gl-list" data-testid="home-notices">
          {items.map((notice) => (
            <li key={notice.id}>
              <Link
                to={`/app/notices/${notice.id}`}
                style={{ color: 'inherit', fontWeight: notice.readAt ? 'normal' : 'bold' }}
              >
                {notice.pinned ? t('reach.notices.pinnedPrefix') : ''}
                {notice.title}
              </Link>
              <span className="gl-secondary" style={{ whiteSpace: 'nowrap' }}>
                {formatDate(notice.publishAt!, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}

/** The newest three messages and how many are unread. */
function HomeInbox() {
  const { t, i18n } = useTranslation();
  const text = useMessageText();
  const list = useQuery(inboxApi.query('inbox', { query: { page: 1, pageSize: 3 } }));
  const sendMarkRead = inboxApi.useSend('markRead');
  const items = list.data?.items;
  const unread = list.data?.unread ?? 0;
  return (
    <Card
      title={
        <>
          {t('reach.messages.title')}
          <Badge count={unread} label={t('member.home.unread', { count: unread })} />
        </>
      }
      extra={<Link to="/app/messages">{t('member.home.more')}</Link>}
    >
      {items === undefined ? (
        <Pending query={list} />
      ) : items.length === 0 ? (
        <Empty>{t('reach.messages.none')}</Empty>
      ) : (
        <ul className="gl-list" data-testid="home-messages">
          {items.map((message) => (
            <li key={message.id}>
              <Link
                to={message.link ?? '/app/messages'}
                onClick={() => {
                  if (!message.readAt && message.noticeId === null)
                    void sendMarkRead.mutateAsync({ body: { ids: [message.id] } });
                }}
                style={{ color: 'inherit', fontWeight: message.readAt ? 'normal' : 'bold' }}
              >
                {text(message)}
              </Link>
              <span className="gl-secondary" style={{ whiteSpace: 'nowrap' }}>
                {formatDate(message.createdAt, i18n.language)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </Card>
  );
}
