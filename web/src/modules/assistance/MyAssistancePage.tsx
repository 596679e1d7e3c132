import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, List, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { listState } from '../../ui/query-state';
import { assistanceApi } from './api';
import { PaymentTag, StageTag, useMoney } from './shared';

/** The programmes open to the member's union, and their applications. */
export function MyAssistancePage() {
  const { t } = useTranslation();
  const money = useMoney();
  const programmes = useQuery({
    ...assistanceApi.query('myProgrammes'),
  });
  const mine = useQuery({
    ...assistanceApi.query('myApplications'),
  });
  return (
    <Flex vertical gap={16}>
      <Card
        title={t('assistance.member.mine')}
        extra={<Link to="/app/assistance/notices">{t('assistance.member.notices')}</Link>}
      >
        <List
          {...listState(mine, <Empty description={t('assistance.member.none')} />)}
          dataSource={mine.data?.items ?? []}
          renderItem={(item) => (
            <List.Item key={item.id}>
              <Link to={`/app/assistance/${item.id}`} style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8} wrap>
                  <span>
                    {item.programmeName} <Typography.Text type="secondary">· {money(item.amountFen)}</Typography.Text>
                  </span>
                  <span>
                    <StageTag stage={item.stage} />
                    <PaymentTag status={item.paymentStatus} />
                  </span>
                </Flex>
              </Link>
            </List.Item>
          )}
        />
      </Card>
      <Card title={t('assistance.member.programmes')}>
        <List
          {...listState(programmes)}
          dataSource={programmes.data?.items ?? []}
          renderItem={(p) => (
            <List.Item
              key={p.id}
              actions={[
                p.open ? (
                  <Link key="apply" to={`/app/assistance/apply/${p.id}`}>
                    <Button type="primary" size="small">
                      {t('assistance.member.apply')}
                    </Button>
                  </Link>
                ) : (
                  <Typography.Text key="closed" type="secondary">
                    {t('assistance.member.closed')}
                  </Typography.Text>
                ),
              ]}
            >
              <List.Item.Meta
                title={p.name}
                description={
                  <>
                    {t(`assistance.kinds.${p.kind}`)} · {p.organisationName}
                    <br />
                    {t('assistance.member.window', { from: p.opensOn, to: p.closesOn })}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}
