import { useQuery } from '@tanstack/react-query';
import { Badge, Card, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDate } from '../../ui/dates';
import { listState } from '../../ui/query-state';
import { democracyApi } from './api';

/** The member home's notices: the newest three addressed to the member, and how many are unread. */
export function HomeNotices() {
  const { t, i18n } = useTranslation();
  const list = useQuery({ ...democracyApi.query('myNotices') });
  const items = list.data?.items ?? [];
  const unread = items.filter((notice) => !notice.read).length;
  return (
    <Card
      size="small"
      title={
        <Badge count={unread} offset={[12, 0]} aria-label={t('member.home.unread', { count: unread })}>
          {t('member.home.notices')}
        </Badge>
      }
      extra={<Link to="/app/notices">{t('member.home.more')}</Link>}
    >
      <List
        size="small"
        {...listState(list, t('member.home.noNotices'))}
        dataSource={items.slice(0, 3)}
        renderItem={(notice) => (
          <List.Item>
            <Link to="/app/notices" style={{ color: 'inherit', fontWeight: notice.read ? 'normal' : 'bold' }}>
              {notice.title}
            </Link>
            <Typography.Text type="secondary">{formatDate(notice.publishedAt, i18n.language)}</Typography.Text>
          </List.Item>
        )}
      />
    </Card>
  );
}
