import { UploadOutlined } from '@ant-design/icons';
import type { ArrearsRow, BodyInput, CheckoffDiscrepancy, CheckoffFile, membershipEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, DatePicker, Flex, Form, Select, Table, Tabs, Typography, Upload } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { formatFen } from '../../ui/money';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { membershipApi } from './api';
import { ReasonModal, RemoteSelect } from './shared';

function LedgerTools() {
  const sendOpenDuesMonth = membershipApi.useSend('openDuesMonth');
  const sendPreviewLapse = membershipApi.useSend('previewLapse');
  const sendRunLapse = membershipApi.useSend('runLapse');
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const current = useCurrentOrganisation();
  const [month, setMonth] = useState<Dayjs>(dayjs());
  const openMonth = async () => {
    const result = await sendOpenDuesMonth.mutateAsync({
      body: {
        organisationId: current.id,
        month: month.format('YYYY-MM'),
      } as BodyInput<typeof membershipEndpoints.openDuesMonth>,
    });
    message.success(t('membership.dues.opened', { count: result.opened }));
  };
  const lapse = async () => {
    const preview = await sendPreviewLapse.mutateAsync({
      body: { organisationId: current.id } as BodyInput<typeof membershipEndpoints.previewLapse>,
    });
    modal.confirm({
      title: t('membership.dues.lapse'),
      content: (
        <>
          <p>{t('membership.dues.wouldLapse', { count: preview.count, since: preview.sinceMonth })}</p>
          <p>{preview.sample.map((m) => m.name).join(t('common.listSeparator'))}</p>
        </>
      ),
      okText: t('membership.dues.run'),
      okButtonProps: { disabled: preview.count === 0 },
      onOk: async () => {
        const result = await sendRunLapse.mutateAsync({
          body: { organisationId: current.id } as BodyInput<typeof membershipEndpoints.runLapse>,
        });
        message.success(t('membership.dues.lapsed', { count: result.lapsed }));
      },
    });
  };
  return (
    <Flex gap={16} wrap>
      <Card size="small" title={t('membership.dues.openMonth')}>
        <Flex gap={8}>
          <DatePicker
            picker="month"
            value={month}
            onChange={(value) => value && setMonth(value)}
            aria-label={t('membership.fields.month')}
          />
          <Button type="primary" onClick={() => void openMonth()}>
            {t('membership.dues.openMonth')}
          </Button>
        </Flex>
      </Card>
      <Card size="small" title={t('membership.dues.lapse')} style={{ maxWidth: 480 }}>
        <Typography.Paragraph type="secondary">{t('membership.dues.lapseHint')}</Typography.Paragraph>
        <Button onClick={() => void lapse()}>{t('membership.dues.preview')}</Button>
      </Card>
    </Flex>
  );
}

function Arrears() {
  const { t, i18n } = useTranslation();
  const current = useCurrentOrganisation();
  const [page, setPage] = useState(1);
  const list = useQuery({
    ...membershipApi.query('listArrears', { query: { organisationId: current.id, page, pageSize: PAGE_SIZE } }),
  });
  return (
    <Table<ArrearsRow>
      rowKey="memberId"
      {...tableState(list)}
      dataSource={list.data?.items ?? []}
      pagination={serverPagination(t, page, list.data?.total, setPage)}
      columns={[
        { title: t('membership.fields.memberNumber'), dataIndex: 'memberNumber' },
        { title: t('membership.fields.name'), dataIndex: 'name' },
        { title: t('membership.fields.union'), dataIndex: 'organisationName' },
        { title: t('membership.dues.monthsOwed'), dataIndex: 'monthsOwed', align: 'right' },
        {
          title: t('membership.dues.owed'),
          dataIndex: 'owedFen',
          align: 'right',
          render: (v: number) => formatFen(v, i18n.language),
        },
        { title: t('membership.dues.since'), dataIndex: 'oldestMonth' },
      ]}
    />
  );
}

function Checkoff() {
  const sendResolveDiscrepancy = membershipApi.useSend('resolveDiscrepancy');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [employerId, setEmployerId] = useState<number | null>(null);
  const [month, setMonth] = useState<Dayjs>(dayjs().subtract(1, 'month'));
  const [fileId, setFileId] = useState<number>();
  const [resolving, setResolving] = useState<CheckoffDiscrepancy | null>(null);
  const [page, setPage] = useState(1);
  const reconcile = membershipApi.useUpload('reconcileCheckoff');
  const files = useQuery({
    ...membershipApi.query('listCheckoffFiles', { query: { pageSize: 50 } }),
  });
  const discrepancies = useQuery({
    ...membershipApi.query('listDiscrepancies', { query: { fileId, status: 'open', page, pageSize: PAGE_SIZE } }),
  });
  const money = (v: number | null) => (v === null ? '—' : formatFen(v, i18n.language));
  return (
    <Flex vertical gap={16}>
      <Typography.Paragraph type="secondary">{t('membership.dues.checkoffHint')}</Typography.Paragraph>
      <Flex gap={8} wrap align="center">
        <div style={{ minWidth: 280 }}>
          <RemoteSelect
            source="employers"
            value={employerId}
            onChange={setEmployerId}
            placeholder={t('membership.dues.employer')}
            aria-label={t('membership.dues.employer')}
          />
        </div>
        <DatePicker
          picker="month"
          value={month}
          onChange={(value) => value && setMonth(value)}
          aria-label={t('membership.fields.month')}
        />
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          disabled={!employerId}
          customRequest={async ({ file, onSuccess, onError }) => {
            try {
              const result = await reconcile.mutateAsync({
                args: {},
                file: file as File,
                fields: { employerId: String(employerId), month: month.format('YYYY-MM') },
              });
              onSuccess?.(result);
              setFileId(result.id);
            } catch (error) {
              onError?.(error as Error);
              message.error((error as Error).message);
            }
          }}
        >
          <Button icon={<UploadOutlined />} disabled={!employerId}>
            {t('membership.dues.upload')}
          </Button>
        </Upload>
      </Flex>
      <Table<CheckoffFile>
        size="small"
        rowKey="id"
        title={() => t('membership.dues.files')}
        {...tableState(files)}
        dataSource={files.data?.items ?? []}
        pagination={false}
        onRow={(row) => ({
          onClick: () => setFileId(row.id),
          style: { cursor: 'pointer', fontWeight: row.id === fileId ? 600 : undefined },
        })}
        columns={[
          { title: t('membership.dues.employer'), dataIndex: 'employerName' },
          { title: t('membership.fields.month'), dataIndex: 'month' },
          { title: t('membership.imports.file'), dataIndex: 'fileName' },
          { title: t('membership.dues.rows'), dataIndex: 'rowCount', align: 'right' },
          { title: t('membership.dues.matched'), dataIndex: 'matchedCount', align: 'right' },
          { title: t('membership.dues.matchedAmount'), dataIndex: 'matchedFen', align: 'right', render: money },
          { title: t('membership.dues.open'), dataIndex: 'openDiscrepancies', align: 'right' },
        ]}
      />
      <Table<CheckoffDiscrepancy>
        size="small"
        rowKey="id"
        title={() => t('membership.dues.discrepancies')}
        {...tableState(discrepancies)}
        dataSource={discrepancies.data?.items ?? []}
        pagination={serverPagination(t, page, discrepancies.data?.total, setPage)}
        columns={[
          {
            title: t('membership.fields.status'),
            dataIndex: 'kind',
            render: (v: string) => t(`membership.dues.kinds.${v}`),
          },
          { title: t('membership.fields.name'), dataIndex: 'name' },
          {
            title: t('membership.fields.idNumber'),
            dataIndex: 'idNumberMasked',
            render: (v: string | null) => v ?? '—',
          },
          {
            title: t('membership.fields.memberNumber'),
            dataIndex: 'memberNumber',
            render: (v: string | null) => v ?? '—',
          },
          { title: t('membership.fields.expected'), dataIndex: 'expectedFen', align: 'right', render: money },
          { title: t('membership.dues.fileAmount'), dataIndex: 'fileFen', align: 'right', render: money },
          {
            title: t('common.actions'),
            render: (_: unknown, row) => (
              <Button size="small" type="link" onClick={() => setResolving(row)}>
                {t('membership.dues.resolve')}
              </Button>
            ),
          },
        ]}
      />
      <ReasonModal
        open={resolving !== null}
        title={t('membership.dues.resolve')}
        label={t('membership.dues.note')}
        field="note"
        onCancel={() => setResolving(null)}
        onSubmit={async ({ note, resolution }) => {
          await sendResolveDiscrepancy.mutateAsync({
            params: { id: resolving!.id },
            body: {
              note,
              resolution: resolution ?? 'no_action',
            } as BodyInput<typeof membershipEndpoints.resolveDiscrepancy>,
          });
          message.success(t('membership.dues.resolved'));
          setResolving(null);
        }}
      >
        <Form.Item
          name="resolution"
          label={t('membership.dues.resolve')}
          initialValue={resolving?.kind === 'amount_differs' ? 'record_file_amount' : 'no_action'}
        >
          <Select
            options={[
              ...(resolving?.memberId && resolving.fileFen
                ? [{ value: 'record_file_amount', label: t('membership.dues.recordFileAmount') }]
                : []),
              { value: 'no_action', label: t('membership.dues.noAction') },
            ]}
          />
        </Form.Item>
      </ReasonModal>
    </Flex>
  );
}

/** Dues: the monthly ledger, arrears, the lapse rule and check-off reconciliation. */
export function DuesPage() {
  const { t } = useTranslation();
  return (
    <Card>
      <LedgerTools />
      <Tabs
        style={{ marginTop: 16 }}
        items={[
          { key: 'checkoff', label: t('membership.dues.checkoff'), children: <Checkoff /> },
          { key: 'arrears', label: t('membership.dues.arrears'), children: <Arrears /> },
        ]}
      />
    </Card>
  );
}
