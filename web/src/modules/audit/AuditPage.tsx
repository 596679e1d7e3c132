import { AUDIT_ACTIONS, type AuditEntry } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { formatDateTime } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { auditApi } from './api';
import { readEntry } from './sentence';

export function AuditPage() {
  const { t, i18n } = useTranslation();
  const current = useCurrentOrganisation();
  const [page, setPage] = useState(1);
  const [action, setAction] = useState('');
  const read = (row: AuditEntry) => readEntry({ t, exists: (key) => i18n.exists(key), locale: i18n.language }, row);
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
          options={AUDIT_ACTIONS.map((key) => ({ value: key, label: t(`audit.actions.${key}`) }))}
          onChange={(value?: string) => {
            setAction(value ?? '');
            setPage(1);
          }}
        />
      </Flex>
      <ScrollRegion label={t('audit.title')} minWidth={900}>
        <Table
          rowKey="id"
          {...tableState(list)}
          dataSource={list.data?.items ?? []}
          tableLayout="fixed"
          pagination={serverPagination(t, page, list.data?.total, setPage)}
          columns={[
            {
              title: t('audit.time'),
              dataIndex: 'occurredAt',
              width: 170,
              render: (v: string) => formatDateTime(v, i18n.language),
            },
            {
              title: t('audit.event'),
              width: 360,
              render: (_: unknown, row: AuditEntry) => read(row).sentence,
            },
            {
              title: t('audit.changes'),
              render: (_: unknown, row: AuditEntry) => {
                const lines = read(row).changes;
                if (lines.length === 0) return t('audit.noChanges');
                return (
                  <ul style={{ margin: 0, paddingInlineStart: 18 }}>
                    {lines.map((line) => (
                      <li key={line.field}>
                        <Typography.Text type="secondary">{line.label}</Typography.Text> {line.text}
                      </li>
                    ))}
                  </ul>
                );
              },
            },
          ]}
        />
      </ScrollRegion>
    </Card>
  );
}
