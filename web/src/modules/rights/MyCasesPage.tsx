import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listState } from '../../ui/query-state';
import { rightsApi } from './api';
import { StageTag } from './shared';

/** A worker's requests for help, newest first. */
export function MyCasesPage() {
  const { t } = useTranslation();
  const cases = useQuery({
    ...rightsApi.query('myCases'),
  });
  return (
    <Flex vertical gap={16}>
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
