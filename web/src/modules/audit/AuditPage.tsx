import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { zhCN } from '../../i18n/zh-CN';
import { formatDateTime } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { auditApi } from './api';

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentOrganisation();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState('');
  const list = useQuery({
    ...auditApi.query('listAuditEntries', {
      query: { organisationId: current.id, action, page, pageSize: PAGE_SIZE },
    }),
  });
  const verify = useQuery({
    ...auditApi.query('verifyChain'),
    enabled: false,
  });
  return (
    <Card
      title={t('audit.title')}
      extra={
        <Button onClick={() => void verify.refetch()} loading={verify.isFetching}>
          {t('audit.verify')}
        </Button>
      }
    >
      {verify.data && (
        <Alert
          style={{ marginBottom: 16 }}
          type={verify.data.ok ? 'success' : 'error'}
          showIcon
          title={
            verify.data.ok
              ? t('audit.chainOk', { count: verify.data.checked })
              : t('audit.chainBroken', { id: verify.data.firstBrokenId, reason: verify.data.reason })
          }
        />
      )}
      <Flex gap={12} style={{ marginBottom: 16 }}>
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          placeholder={t('audit.action')}
          aria-label={t('audit.action')}
          style={{ minWidth: 240 }}
          options={Object.keys(zhCN.audit.actions).map((key) => ({ value: key, label: t(`audit.actions.${key}`) }))}
          onChange={(value?: string) => {
            setAction(value ?? '');
            setPage(1);
          }}
        />
      </Flex>
      <ScrollRegion label={t('audit.title')} minWidth={1000}>
        <Table
          rowKey="id"
          {...tableState(list)}
          dataSource={list.data?.items ?? []}
          tableLayout="fixed"
          pagination={serverPagination(t, page, list.data?.total, setPage)}
          columns={[
            { title: '#', dataIndex: 'id', width: 70 },
            {
              title: t('audit.time'),
              dataIndex: 'occurredAt',
              width: 180,
              render: (v: string) => formatDateTime(v, i18n.language),
            },
            { title: t('audit.actor'), dataIndex: 'actorName', width: 120, render: (v: string | null) => v ?? '—' },
            {
              title: t('audit.action'),
              dataIndex: 'action',
              width: 170,
              render: (v: string) => (
                <span title={v}>
                  {i18n.exists(`audit.actions.${v}`) ? (
                    t(`audit.actions.${v}`)
                  ) : (
                    <Typography.Text code>{v}</Typography.Text>
                  )}
                </span>
              ),
            },
            {
              title: t('audit.subject'),
              width: 200,
              ellipsis: true,
              render: (_: unknown, row) => (row.subjectType ? `${row.subjectType} ${row.subjectId ?? ''}` : '—'),
            },
            {
              title: t('audit.changes'),
              dataIndex: 'changes',
              ellipsis: { showTitle: true },
              render: (v: unknown) => (v ? <code style={{ fontSize: 12 }}>{JSON.stringify(v)}</code> : '—'),
            },
          ]}
        />
      </ScrollRegion>
    </Card>
  );
}
