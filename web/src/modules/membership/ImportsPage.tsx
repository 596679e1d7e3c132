import { InboxOutlined } from '@ant-design/icons';
import { membershipEndpoints, type RosterImport, translate } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Flex, Progress, Table, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { href } from '../../api/client';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { currentLocale } from '../../i18n';
import { formatDateTime } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { ScrollRegion } from '../../ui/ScrollRegion';
import { membershipApi } from './api';
import { ImportConflictsDrawer } from './ImportConflicts';
import { StatusTag } from './shared';

/**
 * Roster import into the current organisation. Jobs run on the server; the list below polls while
 * one is running, so leaving the page and coming back shows where it got to.
 */
export function ImportsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const createImport = membershipApi.useUpload('createRosterImport');
  const current = useCurrentOrganisation();
  const [dryRun, setDryRun] = useState(true);
  const [page, setPage] = useState(1);
  const [reviewing, setReviewing] = useState<RosterImport | null>(null);
  const list = useQuery({
    ...membershipApi.query('listRosterImports', { query: { page, pageSize: PAGE_SIZE } }),
    refetchInterval: (q) => (q.state.data?.items.some((job) => job.status === 'running') ? 1000 : false),
  });
  return (
    <Card
      extra={<Button href={href(membershipEndpoints.rosterImportTemplate)}>{t('membership.imports.template')}</Button>}
    >
      <Flex vertical gap={12} style={{ marginBottom: 16 }}>
        <Checkbox checked={dryRun} onChange={(event) => setDryRun(event.target.checked)}>
          {t('membership.imports.dryRun')}
        </Checkbox>
        <Upload.Dragger
          accept=".xlsx,.csv"
          showUploadList={false}
          customRequest={async ({ file, onSuccess, onError }) => {
            try {
              const job = await createImport.mutateAsync({
                args: { query: { organisationId: current.id, dryRun: String(dryRun) } },
                file: file as File,
              });
              onSuccess?.(job);
              message.success(t('membership.imports.started'));
            } catch (error) {
              onError?.(error as Error);
              message.error((error as Error).message);
            }
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p>{t('membership.imports.upload')}</p>
        </Upload.Dragger>
      </Flex>
      <ScrollRegion label={t('membership.imports.title')} minWidth={1000}>
        <Table<RosterImport>
          rowKey="id"
          {...tableState(list)}
          dataSource={list.data?.items ?? []}
          pagination={serverPagination(t, page, list.data?.total, setPage)}
          columns={[
            {
              title: t('membership.imports.at'),
              dataIndex: 'createdAt',
              render: (v: string) => formatDateTime(v, i18n.language),
            },
            {
              title: t('membership.imports.file'),
              dataIndex: 'fileName',
              render: (v: string, row) => (
                <>
                  {v} <Tag>{row.dryRun ? t('membership.imports.trial') : t('membership.imports.real')}</Tag>
                </>
              ),
            },
            {
              title: t('membership.imports.progress'),
              render: (_: unknown, row) =>
                row.status === 'running' ? (
                  // How much of the file has been read: the rows read so far are not the file's size.
                  <Progress
                    percent={row.fileBytes ? Math.min(99, Math.floor((row.readBytes / row.fileBytes) * 100)) : 0}
                    size="small"
                    format={(percent) => `${percent}% · ${row.committedRows.toLocaleString(i18n.language)}`}
                  />
                ) : (
                  <StatusTag group="imports" value={row.status} />
                ),
            },
            { title: t('membership.imports.created'), dataIndex: 'createdRows', align: 'right' },
            { title: t('membership.imports.updated'), dataIndex: 'updatedRows', align: 'right' },
            { title: t('membership.imports.unchanged'), dataIndex: 'unchangedRows', align: 'right' },
            {
              title: t('membership.imports.rejected'),
              dataIndex: 'rejectedRows',
              align: 'right',
              render: (v: number, row) =>
                v > 0 ? (
                  <Typography.Link
                    href={href(membershipEndpoints.prepareImportErrorReport, { params: { id: row.id } })}
                  >
                    {v} · {t('membership.imports.errors')}
                  </Typography.Link>
                ) : (
                  v
                ),
            },
            {
              title: '',
              render: (_: unknown, row) => {
                const cleared = Object.entries(row.cleared);
                return (
                  <Flex vertical gap={4}>
                    {row.conflictRows > 0 && (
                      <Typography.Link type="warning" onClick={() => setReviewing(row)}>
                        {t('membership.imports.conflicts', { count: row.conflictRows })}
                      </Typography.Link>
                    )}
                    {cleared.length > 0 && (
                      <Typography.Text type="warning">
                        {t(row.dryRun ? 'membership.imports.wouldClear' : 'membership.imports.cleared', {
                          items: cleared
                            .map(([field, count]) =>
                              t('membership.imports.clearedItem', {
                                field: t(`membership.imports.fields.${field}`),
                                count,
                              }),
                            )
                            .join(t('membership.imports.separator')),
                        })}
                      </Typography.Text>
                    )}
                  </Flex>
                );
              },
            },
            {
              title: '',
              render: (_: unknown, row) =>
                row.failure && (
                  <Alert
                    type="error"
                    showIcon
                    title={translate(currentLocale(), `problem.${row.failure}`, row.failureParams ?? {})}
                  />
                ),
            },
          ]}
        />
      </ScrollRegion>
      <ImportConflictsDrawer job={reviewing} onClose={() => setReviewing(null)} />
    </Card>
  );
}
