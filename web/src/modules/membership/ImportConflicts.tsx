import type { ImportConflict, RosterImport } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Drawer, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SUCCESS_TAG_COLOR } from '../../ui/colors';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { membershipApi } from './api';

/**
 * The rows of an import whose ID number names a member of another name. Nothing was changed for
 * them; the cadre compares both names and confirms the file (the row is applied, name included)
 * or keeps the roster. A trial import only shows them.
 */
export function ImportConflictsDrawer({ job, onClose }: { job: RosterImport | null; onClose: () => void }) {
  const sendDecideImportConflict = membershipApi.useSend('decideImportConflict');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [page, setPage] = useState(1);
  const [busy, setBusy] = useState<number | null>(null);
  const conflicts = useQuery({
    // Only fetched for an open job (`enabled`); the key of a closed drawer names no job.
    ...membershipApi.query('listImportConflicts', {
      params: { id: job?.id ?? '' },
      query: { page, pageSize: PAGE_SIZE },
    }),
    enabled: job !== null,
  });
  const decide = async (row: ImportConflict, decision: 'confirm' | 'reject') => {
    setBusy(row.rowNumber);
    try {
      await sendDecideImportConflict.mutateAsync({
        params: { id: job!.id, rowNumber: row.rowNumber },
        body: {
          decision,
        },
      });
      message.success(t(decision === 'confirm' ? 'membership.conflicts.confirmed' : 'membership.conflicts.rejected'));
    } catch (error) {
      message.error((error as Error).message);
    } finally {
      setBusy(null);
    }
  };
  const decidable = job !== null && !job.dryRun && job.status !== 'running';
  return (
    <Drawer open={job !== null} onClose={onClose} width={760} title={t('membership.conflicts.title')} destroyOnHidden>
      <Typography.Paragraph type="secondary">
        {t(decidable ? 'membership.conflicts.hint' : 'membership.conflicts.trialHint')}
      </Typography.Paragraph>
      <Table<ImportConflict>
        size="small"
        rowKey="rowNumber"
        {...tableState(conflicts)}
        dataSource={conflicts.data?.items ?? []}
        pagination={serverPagination(t, page, conflicts.data?.total, setPage)}
        columns={[
          { title: t('membership.conflicts.row'), dataIndex: 'rowNumber', width: 70 },
          { title: t('membership.fields.idNumber'), dataIndex: 'idNumber' },
          { title: t('membership.conflicts.nameInFile'), dataIndex: 'nameInFile' },
          { title: t('membership.conflicts.nameOnRoster'), dataIndex: 'nameOnRoster' },
          {
            title: t('common.actions'),
            render: (_: unknown, row) =>
              row.resolution ? (
                <Tag color={row.resolution === 'confirmed' ? SUCCESS_TAG_COLOR : 'default'}>
                  {t(`membership.conflicts.${row.resolution}`)}
                </Tag>
              ) : (
                decidable && (
                  <Flex gap={4}>
                    <Popconfirm
                      title={t('membership.conflicts.confirmQuestion', {
                        from: row.nameOnRoster,
                        to: row.nameInFile,
                      })}
                      onConfirm={() => decide(row, 'confirm')}
                    >
                      <Button size="small" type="link" loading={busy === row.rowNumber}>
                        {t('membership.conflicts.confirm')}
                      </Button>
                    </Popconfirm>
                    <Button
                      size="small"
                      type="link"
                      disabled={busy === row.rowNumber}
                      onClick={() => decide(row, 'reject')}
                    >
                      {t('membership.conflicts.reject')}
                    </Button>
                  </Flex>
                )
              ),
          },
        ]}
      />
    </Drawer>
  );
}
