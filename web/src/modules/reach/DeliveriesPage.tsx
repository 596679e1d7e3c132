import { DELIVERY_STATUSES, type DeliveryStatus } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Segmented, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatTime } from '../../ui/dates';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { reachApi } from './api';
import { useMessageText } from './message-text';

type Delivery = NonNullable<ReturnType<typeof useDeliveries>['data']>['items'][number];

function useDeliveries(status: DeliveryStatus, page: number, organisationId: number | undefined) {
  return useQuery(
    reachApi.query('deliveries', {
      query: { status, page, pageSize: 20, ...(organisationId ? { organisationId } : {}) },
    }),
  );
}

/**
 * Messages that did not reach people in the cadre's subtree by SMS or WeChat (and, by status, those
 * waiting, sent or skipped): who, about what, by which channel, why; a failed one can be sent again.
 */
export function DeliveriesPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const text = useMessageText();
  const [status, setStatus] = useState<DeliveryStatus>('failed');
  const [page, setPage] = useState(1);
  const [organisationId, setOrganisationId] = useState<number | undefined>();
  const list = useDeliveries(status, page, organisationId);
  const sendRetry = reachApi.useSend('retryDelivery');
  return (
    <Card>
      <Flex gap={12} wrap style={{ marginBottom: 12 }}>
        <Segmented
          value={status}
          onChange={(value) => {
            setStatus(value as DeliveryStatus);
            setPage(1);
          }}
          options={DELIVERY_STATUSES.map((s) => ({ value: s, label: t(`reach.statuses.${s}`) }))}
        />
        <OrganisationPicker
          value={organisationId ?? null}
          allowClear
          aria-label={t('reach.deliveries.organisation')}
          style={{ minWidth: 240 }}
          onChange={(id) => {
            setOrganisationId(id ?? undefined);
            setPage(1);
          }}
        />
      </Flex>
      <Table<Delivery>
        rowKey="id"
        size="small"
        {...tableState(list)}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        columns={[
          {
            title: t('reach.deliveries.time'),
            dataIndex: 'createdAt',
            render: (v: string) => formatTime(v, i18n.language),
          },
          { title: t('reach.deliveries.recipient'), dataIndex: 'recipient' },
          { title: t('reach.deliveries.organisation'), dataIndex: 'organisationName' },
          { title: t('reach.deliveries.message'), render: (_, row) => text(row) },
          {
            title: t('reach.deliveries.channel'),
            dataIndex: 'channel',
            render: (v: string) => <Tag>{t(`reach.channels.${v}`)}</Tag>,
          },
          {
            title: t('reach.deliveries.reason'),
            dataIndex: 'reason',
            render: (v: string | null, row) =>
              v ? (
                <Typography.Text type={row.status === 'failed' ? 'danger' : 'secondary'}>
                  {t(`reach.reasons.${v}`, { defaultValue: v })}
                </Typography.Text>
              ) : (
                ''
              ),
          },
          { title: t('reach.deliveries.attempts'), dataIndex: 'attempts' },
          {
            title: '',
            render: (_, row) =>
              row.status === 'failed' ? (
                <Button
                  size="small"
                  onClick={async () => {
                    try {
                      await sendRetry.mutateAsync({ params: { id: row.id } });
                      message.success(t('reach.deliveries.retried'));
                    } catch (error) {
                      message.error((error as Error).message);
                    }
                  }}
                >
                  {t('reach.deliveries.retry')}
                </Button>
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
