import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listState } from '../../ui/query-state';
import { rightsApi } from './api';
import { useCaseNotifications } from './notifications';
import { StageTag } from './shared';

/** Unread notices about my cases (an answer, a mediation past its 15 days), cleared once seen. */
function MyNotifications() {
  const { t } = useTranslation();
  const { list, markRead } = useCaseNotifications();
  const unread = (list.data?.items ?? []).filter((n) => !n.readAt);
  if (unread.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('rights.notifications.title')}
      extra={
        <Button size="small" type="link" onClick={() => void markRead()}>
          {t('rights.notifications.markRead')}
        </Button>
      }
    >
      <List
        size="small"
        dataSource={unread}
        renderItem={(n) => (
          <List.Item key={n.id}>
            <Link to={`/app/help/${n.caseId}`}>
              {t(`rights.notifications.${n.kind}`)} · {n.caseTitle}
            </Link>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** A worker's requests for help, newest first. */
export function MyCasesPage() {
  const { t } = useTranslation();
  const cases = useQuery({
    ...rightsApi.query('myCases'),
  });
  return (
    <Flex vertical gap={16}>
      <MyNotifications />
      <Card
        extra={
          <Link to="/app/help/new">
            <Button type="primary">{t('rights.ask.title')}</Button>
          </Link>
        }
      >
        <List
          {...listState(cases, <Empty description={t('rights.ask.none')} />)}
          dataSource={cases.data?.items ?? []}
          renderItem={(item) => (
            <List.Item key={item.id}>
              <Link to={`/app/help/${item.id}`} style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8} wrap>
                  <span>
                    {item.title}{' '}
                    <Typography.Text type="secondary">· {t(`rights.categories.${item.category}`)}</Typography.Text>
                  </span>
                  <StageTag stage={item.stage} />
                </Flex>
              </Link>
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}
