import type { Transfer } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Flex, Segmented, Table } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { formatDate } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { membershipApi } from './api';
import { ReasonModal, StatusTag } from './shared';

/** Transfers into and out of the subtree: the source releases, the target accepts, either turns down. */
export function TransfersPage() {
  const sendRejectTransfer = membershipApi.useSend('rejectTransfer');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('member.manage') ?? false;
  const [direction, setDirection] = useState<'incoming' | 'outgoing'>('incoming');
  const [page, setPage] = useState(1);
  const [rejecting, setRejecting] = useState<Transfer | null>(null);
  const list = useQuery({
    ...membershipApi.query('listTransfers', { query: { direction, page, pageSize: PAGE_SIZE } }),
  });
  const release = membershipApi.useSend('releaseTransfer');
  const accept = membershipApi.useSend('acceptTransfer');
  const act = async (transfer: Transfer, action: 'release' | 'accept', body: Record<string, string> = {}) => {
    try {
      await (action === 'release' ? release : accept).mutateAsync({ params: { id: transfer.id }, body });
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Card>
      <Segmented
        style={{ marginBottom: 16 }}
        value={direction}
        onChange={(value) => {
          setDirection(value as typeof direction);
          setPage(1);
        }}
        options={[
          { value: 'incoming', label: t('membership.transfers.incoming') },
          { value: 'outgoing', label: t('membership.transfers.outgoing') },
        ]}
      />
      <Table<Transfer>
        rowKey="id"
        {...tableState(list)}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        columns={[
          { title: t('membership.fields.memberNumber'), dataIndex: 'memberNumber' },
          { title: t('membership.fields.name'), dataIndex: 'memberName' },
          { title: t('membership.transfers.from'), dataIndex: 'fromOrganisationName' },
          { title: t('membership.transfers.to'), dataIndex: 'toOrganisationName' },
          { title: t('membership.fields.reason'), dataIndex: 'reason' },
          {
            title: t('membership.fields.submittedAt'),
            dataIndex: 'createdAt',
            render: (v: string) => formatDate(v, i18n.language),
          },
          {
            title: t('membership.fields.status'),
            dataIndex: 'status',
            render: (v: string, row) => (
              <>
                <StatusTag group="transferStatuses" value={v} /> {row.rejectedReason}
              </>
            ),
          },
          ...(canManage
            ? [
                {
                  title: t('common.actions'),
                  key: 'actions',
                  render: (_: unknown, row: Transfer) => (
                    <Flex gap={4}>
                      {direction === 'outgoing' && row.status === 'requested' && (
                        <Button size="small" type="link" onClick={() => void act(row, 'release')}>
                          {t('membership.transfers.release')}
                        </Button>
                      )}
                      {direction === 'incoming' && row.status === 'released' && (
                        <Button size="small" type="link" onClick={() => void act(row, 'accept')}>
                          {t('membership.transfers.accept')}
                        </Button>
                      )}
                      {(row.status === 'requested' || row.status === 'released') && (
                        <Button size="small" type="link" danger onClick={() => setRejecting(row)}>
                          {t('membership.transfers.reject')}
                        </Button>
                      )}
                    </Flex>
                  ),
                },
              ]
            : []),
        ]}
      />
      <ReasonModal
        open={rejecting !== null}
        title={t('membership.transfers.reject')}
        label={t('membership.transfers.rejectReason')}
        onCancel={() => setRejecting(null)}
        onSubmit={async ({ reason }) => {
          await sendRejectTransfer.mutateAsync({ params: { id: rejecting!.id }, body: { reason } });
          setRejecting(null);
        }}
      />
    </Card>
  );
}
