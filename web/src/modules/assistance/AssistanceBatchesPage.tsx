import { assistanceEndpoints, type batchSchema } from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Drawer, Flex, Input, Modal, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { href } from '../../api/client';
import { INFO_TAG_COLOR, SUCCESS_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { useConfirm } from '../../ui/confirm';
import { formatDateTime } from '../../ui/dates';
import { tableState } from '../../ui/query-state';
import { assistanceApi } from './api';
import { PaymentTag, useMoney } from './shared';

type Batch = z.infer<typeof batchSchema>;
const BATCH_COLOURS = { open: WARNING_TAG_COLOR, exported: INFO_TAG_COLOR, closed: SUCCESS_TAG_COLOR } as const;

/** Payments waiting per paying organisation, the batches made of them, and the bank's results. */
export function AssistanceBatchesPage() {
  const sendCreateBatch = assistanceApi.useSend('createBatch');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const money = useMoney();
  const [openId, setOpenId] = useState<number | null>(null);
  const list = useQuery({
    ...assistanceApi.query('listBatches'),
  });
  const create = async (organisationId: number) => {
    try {
      // One key per click: a retry of this request (a double click, a dropped answer) makes no second batch.
      const batch = await sendCreateBatch.mutateAsync({
        body: { organisationId },
        headers: { 'idempotency-key': crypto.randomUUID() },
      });
      setOpenId(batch.id);
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <Flex vertical gap={16}>
      <Card title={t('assistance.batches.pending')}>
        <Table
          rowKey="organisationId"
          {...tableState(list)}
          pagination={false}
          dataSource={list.data?.pending ?? []}
          columns={[
            { title: t('assistance.fields.organisation'), dataIndex: 'organisationName' },
            { title: t('assistance.fields.count'), dataIndex: 'count', align: 'right' },
            {
              title: t('assistance.fields.total'),
              dataIndex: 'totalFen',
              align: 'right',
              render: (v: number) => money(v),
            },
            {
              title: t('common.actions'),
              render: (_, row) => (
                <Button type="primary" size="small" onClick={() => void create(row.organisationId)}>
                  {t('assistance.batches.create')}
                </Button>
              ),
            },
          ]}
        />
      </Card>
      <Card title={t('assistance.batches.list')}>
        <Table
          rowKey="id"
          {...tableState(list)}
          dataSource={list.data?.items ?? []}
          onRow={(row) => ({ onClick: () => setOpenId(row.id), style: { cursor: 'pointer' } })}
          pagination={false}
          columns={[
            { title: '#', dataIndex: 'id', width: 70 },
            { title: t('assistance.fields.organisation'), dataIndex: 'organisationName' },
            { title: t('assistance.fields.count'), dataIndex: 'count', align: 'right' },
            {
              title: t('assistance.fields.total'),
              dataIndex: 'totalFen',
              align: 'right',
              render: (v: number) => money(v),
            },
            {
              title: t('assistance.fields.paid'),
              dataIndex: 'paidFen',
              align: 'right',
              render: (v: number) => money(v),
            },
            {
              title: t('assistance.fields.status'),
              dataIndex: 'status',
              render: (s: Batch['status']) => <Tag color={BATCH_COLOURS[s]}>{t(`assistance.batchStatus.${s}`)}</Tag>,
            },
            {
              title: t('assistance.fields.created'),
              dataIndex: 'createdAt',
              render: (v: string) => formatDateTime(v, i18n.language),
            },
          ]}
        />
      </Card>
      {openId !== null && <BatchDrawer id={openId} onClose={() => setOpenId(null)} />}
    </Flex>
  );
}

function BatchDrawer({ id, onClose }: { id: number; onClose: () => void }) {
  const sendRecordBatchResults = assistanceApi.useSend('recordBatchResults');
  const sendReissuePayment = assistanceApi.useSend('reissuePayment');
  const sendCancelPayment = assistanceApi.useSend('cancelPayment');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const money = useMoney();
  const queryClient = useQueryClient();
  const [failing, setFailing] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [rowErrors, setRowErrors] = useState<{ row: number; message: string }[]>([]);
  const batch = useQuery({
    ...assistanceApi.query('getBatch', { params: { id } }),
  });
  const b = batch.data;
  // Downloading the bank file marks the batch exported: a GET with an effect, so the page asks again.
  const afterExport = () =>
    setTimeout(() => void queryClient.invalidateQueries({ queryKey: assistanceApi.key('getBatch') }), 1000);
  const uploadResults = assistanceApi.useUpload('recordResultsFile');
  const confirm = useConfirm();
  const recordAllPaid = async () => {
    const paying = (b?.payments ?? []).filter((p) => p.status === 'batched');
    const go = await confirm({
      title: t('assistance.batches.confirmAllPaidTitle', { count: paying.length }),
      content: t('assistance.batches.confirmAllPaid', {
        count: paying.length,
        amount: money(paying.reduce((sum, p) => sum + p.amountFen, 0)),
      }),
      okText: t('assistance.batches.allPaid'),
      danger: true,
    });
    if (go) await record(paying.map((p) => ({ paymentId: p.id, outcome: 'paid' as const })));
  };
  const record = async (results: { paymentId: number; outcome: 'paid' | 'failed'; reason?: string }[]) => {
    try {
      const answer = await sendRecordBatchResults.mutateAsync({ params: { id }, body: { results } });
      message.success(t('assistance.batches.recorded', answer));
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };
  const payment = async (
    { id: paymentId, amountFen, accountName }: { id: number; amountFen: number; accountName: string },
    action: 'reissue' | 'cancel',
  ) => {
    const go = await confirm({
      title: t(`assistance.batches.${action}`),
      content: t(action === 'reissue' ? 'assistance.batches.confirmReissue' : 'assistance.batches.confirmCancel', {
        amount: money(amountFen),
        name: accountName,
      }),
      okText: t(`assistance.batches.${action}`),
      danger: action === 'cancel',
    });
    if (!go) return;
    try {
      if (action === 'reissue') await sendReissuePayment.mutateAsync({ params: { id: paymentId }, body: {} });
      else await sendCancelPayment.mutateAsync({ params: { id: paymentId } });
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };
  return (
    <Drawer
      open
      onClose={onClose}
      width={820}
      title={b ? `${t('assistance.batches.list')} #${b.id} · ${b.organisationName}` : ''}
    >
      {b && (
        <Flex vertical gap={12}>
          <Typography.Text>
            {t('assistance.fields.count')}: {b.count} · {t('assistance.fields.total')}: {money(b.totalFen)} ·{' '}
            {t('assistance.fields.paid')}: {money(b.paidFen)}
          </Typography.Text>
          <Space wrap>
            <Button
              href={href(assistanceEndpoints.exportBatch, { params: { id }, query: { format: 'xlsx' } })}
              disabled={b.status === 'closed'}
              onClick={afterExport}
            >
              {t('assistance.batches.exportXlsx')}
            </Button>
            <Button
              href={href(assistanceEndpoints.exportBatch, { params: { id }, query: { format: 'csv' } })}
              disabled={b.status === 'closed'}
              onClick={afterExport}
            >
              {t('assistance.batches.exportCsv')}
            </Button>
            <Button type="primary" disabled={b.status !== 'exported'} onClick={() => void recordAllPaid()}>
              {t('assistance.batches.allPaid')}
            </Button>
          </Space>
          {b.status === 'open' && (
            <Typography.Text type="secondary">{t('assistance.batches.exportFirst')}</Typography.Text>
          )}
          {b.status === 'exported' && (
            <Space wrap>
              <Typography.Text>{t('assistance.batches.resultFile')}</Typography.Text>
              <input
                type="file"
                aria-label={t('assistance.batches.resultFile')}
                accept=".xlsx,.csv"
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  if (!file) return;
                  void uploadResults
                    .mutateAsync({ args: { params: { id } }, file })
                    .then((answer) => {
                      message.success(t('assistance.batches.recorded', answer));
                      setRowErrors(answer.errors);
                    })
                    .catch((error: unknown) => message.error(error instanceof Error ? error.message : String(error)))
                    .finally(() => {
                      e.target.value = '';
                    });
                }}
              />
            </Space>
          )}
          {rowErrors.length > 0 && (
            <Alert
              type="warning"
              showIcon
              message={t('assistance.batches.rowErrors', { count: rowErrors.length })}
              description={
                <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                  {rowErrors.map((r) => (
                    <li key={r.row}>{t('assistance.batches.row', { row: r.row, message: r.message })}</li>
                  ))}
                </ul>
              }
            />
          )}
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            dataSource={b.payments}
            scroll={{ x: 760 }}
            columns={[
              { title: t('assistance.fields.reference'), dataIndex: 'reference' },
              { title: t('assistance.fields.accountName'), dataIndex: 'accountName' },
              { title: t('assistance.fields.accountNumber'), dataIndex: 'accountNumber' },
              {
                title: t('assistance.fields.total'),
                dataIndex: 'amountFen',
                align: 'right',
                render: (v: number) => money(v),
              },
              {
                title: t('assistance.fields.status'),
                dataIndex: 'status',
                render: (s: Batch['payments'][number]['status'], p) => (
                  <>
                    <PaymentTag status={s} />
                    {p.failureReason && <Typography.Text type="secondary">{p.failureReason}</Typography.Text>}
                  </>
                ),
              },
              {
                title: t('common.actions'),
                render: (_, p) => (
                  <Space>
                    {p.status === 'batched' && b.status === 'exported' && (
                      <Button size="small" danger onClick={() => setFailing(p.id)}>
                        {t('assistance.batches.markFailed')}
                      </Button>
                    )}
                    {(p.status === 'failed' || p.status === 'returned') && (
                      <>
                        <Button size="small" onClick={() => void payment(p, 'reissue')}>
                          {t('assistance.batches.reissue')}
                        </Button>
                        <Button size="small" danger onClick={() => void payment(p, 'cancel')}>
                          {t('assistance.batches.cancel')}
                        </Button>
                      </>
                    )}
                  </Space>
                ),
              },
            ]}
          />
        </Flex>
      )}
      <Modal
        open={failing !== null}
        title={t('assistance.batches.markFailed')}
        onCancel={() => setFailing(null)}
        onOk={async () => {
          if (failing !== null)
            await record([{ paymentId: failing, outcome: 'failed', ...(reason ? { reason } : {}) }]);
          setFailing(null);
          setReason('');
        }}
      >
        <Input
          aria-label={t('assistance.batches.failReason')}
          placeholder={t('assistance.batches.failReason')}
          value={reason}
          onChange={(e) => setReason(e.target.value)}
        />
      </Modal>
    </Drawer>
  );
}
