import { auditPageSchema, auditVerifySchema } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Input, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api, query } from '../../api/client';
import { useCurrentOrganisation } from '../../app/AdminShell';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentOrganisation();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState('');
  const list = useQuery({
    queryKey: ['audit', current.id, action, page],
    queryFn: () =>
      api('GET', `/audit${query({ organisationId: current.id, action, page, pageSize: PAGE_SIZE })}`, auditPageSchema),
  });
  const verify = useQuery({
    queryKey: ['audit-verify'],
    queryFn: () => api('GET', '/audit/verify', auditVerifySchema),
    enabled: false,
  });
  const format = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'short', timeStyle: 'medium' });
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
        <Input.Search
          allowClear
          placeholder={t('audit.action')}
          aria-label={t('audit.action')}
          onSearch={(value) => {
            setAction(value);
            setPage(1);
          }}
          style={{ maxWidth: 280 }}
        />
      </Flex>
      <Table
        rowKey="id"
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        scroll={{ x: 900 }}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        columns={[
          { title: '#', dataIndex: 'id', width: 70 },
          { title: t('audit.time'), dataIndex: 'occurredAt', render: (v: string) => format.format(new Date(v)) },
          { title: t('audit.actor'), dataIndex: 'actorName', render: (v: string | null) => v ?? '—' },
          {
            title: t('audit.action'),
            dataIndex: 'action',
            render: (v: string) => <Typography.Text code>{v}</Typography.Text>,
          },
          {
            title: t('audit.subject'),
            render: (_: unknown, row) => (row.subjectType ? `${row.subjectType} ${row.subjectId ?? ''}` : '—'),
          },
          {
            title: t('audit.changes'),
            dataIndex: 'changes',
            render: (v: unknown) =>
              v ? (
                <Typography.Text style={{ fontSize: 12 }} ellipsis={{ tooltip: JSON.stringify(v) }}>
                  {JSON.stringify(v)}
                </Typography.Text>
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
