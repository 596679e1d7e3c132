import type { NoticeView, ReadRate } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Descriptions, Empty, Flex, Form, Input, Modal, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { INFO_TAG_COLOR } from '../../ui/colors';
import { useConfirm } from '../../ui/confirm';
import { formatDateTime } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { Pending, tableState } from '../../ui/query-state';
import { reachApi } from './api';
import { branchColumn, remindColumn, useBranchTrail, useRemindBranches } from './branch-table';
import { NoticeBody, NoticeStatusTag, noticeFileHref, RateBar } from './notice-parts';

/**
 * One notice for its cadres: its text and audience, what can still be done with it (publish, edit,
 * pin, withdraw), and who has read it, branch by branch down the tree within the cadre's subtree,
 * with a reminder to the unread of the branches chosen.
 */
export function NoticeDetailPage() {
  const id = Number(useParams().id);
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const confirm = useConfirm();
  const notice = useQuery(reachApi.query('notice', { params: { id } }));
  const publish = reachApi.useSend('publishNotice');
  const pin = reachApi.useSend('pinNotice');
  const [withdrawing, setWithdrawing] = useState(false);
  if (notice.data === undefined) return <Pending query={notice} />;
  const n = notice.data;
  const editable = n.status === 'draft' || (n.status === 'published' && !n.live);
  const act = async (run: () => Promise<unknown>) => {
    try {
      await run();
    } catch (error) {
      message.error((error as Error).message);
    }
  };
  return (
    <Flex vertical gap={16}>
      <Card
        title={
          <Flex gap={8} align="center" wrap>
            <NoticeStatusTag notice={n} />
            {n.pinned && <Tag color={INFO_TAG_COLOR}>{t('reach.notices.pinned')}</Tag>}
            <span>{n.title}</span>
          </Flex>
        }
        extra={
          <Flex gap={8} wrap>
            {editable && (
              <Link to={`/admin/notices/${n.id}/edit`}>
                <Button>{t('reach.notices.edit')}</Button>
              </Link>
            )}
            {n.status === 'draft' && (
              <Button
                type="primary"
                loading={publish.isPending}
                onClick={async () => {
                  const go = await confirm({
                    title: t('reach.notices.publish'),
                    content: n.publishAt
                      ? t('reach.notices.publishConfirmScheduled', {
                          time: formatDateTime(n.publishAt, i18n.language),
                        })
                      : t('reach.notices.publishConfirm'),
                    okText: t('reach.notices.publish'),
                  });
                  if (go) await act(() => publish.mutateAsync({ params: { id } }));
                }}
              >
                {t('reach.notices.publish')}
              </Button>
            )}
            {n.status === 'published' && (
              <Button
                loading={pin.isPending}
                onClick={() => void act(() => pin.mutateAsync({ params: { id }, body: { pinned: !n.pinned } }))}
              >
                {n.pinned ? t('reach.notices.unpin') : t('reach.notices.pin')}
              </Button>
            )}
            {n.status === 'published' && (
              <Button danger onClick={() => setWithdrawing(true)}>
                {t('reach.notices.withdraw')}
              </Button>
            )}
          </Flex>
        }
      >
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2 }}
          items={[
            { key: 'from', label: t('reach.notices.publisher'), children: n.organisationName },
            {
              key: 'at',
              label: t('reach.notices.publishedAt'),
              children: n.publishAt ? formatDateTime(n.publishAt, i18n.language) : '—',
            },
            { key: 'audience', label: t('reach.notices.audience'), children: audienceText(n, t) },
            ...(n.live
              ? [
                  {
                    key: 'reads',
                    label: t('reach.notices.reads'),
                    children:
                      n.audienceSize === null
                        ? t('reach.notices.counting', { reads: n.reads })
                        : t('reach.notices.countedAudience', { reads: n.reads, audience: n.audienceSize }),
                  },
                ]
              : []),
          ]}
        />
        {n.withdrawnReason && (
          <Typography.Paragraph type="warning">
            {t('reach.notices.withdrawnBecause', { reason: n.withdrawnReason })}
          </Typography.Paragraph>
        )}
        <NoticeBody html={n.body} />
        {n.attachments.length > 0 && (
          <Flex vertical gap={4}>
            <Typography.Text strong>{t('reach.notices.attachments')}</Typography.Text>
            {n.attachments.map((file) => (
              <Typography.Link key={file.documentId} href={noticeFileHref(n.id, file.documentId)}>
                {file.fileName}
              </Typography.Link>
            ))}
          </Flex>
        )}
      </Card>
      {n.live && n.status === 'published' && <ReadRateCard notice={n} />}
      <WithdrawDialog open={withdrawing} noticeId={id} onClose={() => setWithdrawing(false)} />
    </Flex>
  );
}

function audienceText(n: NoticeView, t: (key: string) => string) {
  const separator = t('reach.notices.separator');
  const parts = [n.audienceNames.join(separator)];
  if (n.audience.employmentForms.length > 0)
    parts.push(n.audience.employmentForms.map((f) => t(`membership.forms.${f}`)).join(separator));
  if (n.audience.industries.length > 0)
    parts.push(n.audience.industries.map((code) => t(`reach.industries.${code}`)).join(separator));
  if (n.audience.delegatesOnly) parts.push(t('reach.notices.delegatesOnly'));
  return parts.join(' · ');
}

function WithdrawDialog({ open, noticeId, onClose }: { open: boolean; noticeId: number; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: string }>();
  const withdraw = reachApi.useSend('withdrawNotice');
  return (
    <Modal
      open={open}
      title={t('reach.notices.withdraw')}
      okText={t('reach.notices.withdraw')}
      okButtonProps={{ danger: true, loading: withdraw.isPending }}
      onCancel={onClose}
      onOk={async () => {
        const values = await form.validateFields();
        try {
          await withdraw.mutateAsync({ params: { id: noticeId }, body: values });
          onClose();
        } catch (error) {
          message.error(showServerErrors(form, error));
        }
      }}
    >
      <Typography.Paragraph>{t('reach.notices.withdrawConfirm')}</Typography.Paragraph>
      <Form form={form} name="withdraw" layout="vertical">
        <Form.Item
          name="reason"
          label={t('reach.notices.withdrawReason')}
          rules={[{ required: true, min: 2, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

type Row = ReadRate['rows'][number];

/** Read rates under one node, child by child; a row with children opens them; chosen rows are reminded. */
function ReadRateCard({ notice }: { notice: NoticeView }) {
  const { t } = useTranslation();
  const [selected, setSelected] = useState<number[]>([]);
  const { node, down, up } = useBranchTrail(() => setSelected([]));
  const rate = useQuery(
    reachApi.query('noticeReadRate', { params: { id: notice.id }, query: node ? { organisationId: node } : {} }),
  );
  const remind = reachApi.useSend('remindNotice');
  const remindBranches = useRemindBranches(
    (organisationIds) => remind.mutateAsync({ params: { id: notice.id }, body: { organisationIds } }),
    { label: t('reach.notices.remind'), confirm: (count) => t('reach.notices.remindConfirm', { count }) },
  );
  const doRemind = async (ids: number[]) => {
    if (await remindBranches(ids)) setSelected([]);
  };
  const data = rate.data;
  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          {t('reach.notices.readRate')}
          {data && (
            <Typography.Text type="secondary">
              {t('reach.notices.readRateOf', { name: data.organisation.name })}
            </Typography.Text>
          )}
        </Flex>
      }
      extra={
        <Flex gap={8} wrap>
          {up && <Button onClick={up}>{t('reach.notices.up')}</Button>}
          <Button disabled={selected.length === 0} loading={remind.isPending} onClick={() => void doRemind(selected)}>
            {t('reach.notices.remindSelected')}
          </Button>
        </Flex>
      }
    >
      {data && (
        <div style={{ marginBottom: 12 }}>
          <RateBar reads={data.reads} audience={data.audience} label={t('reach.notices.rate')} />
        </div>
      )}
      <Table<Row>
        rowKey="organisationId"
        size="small"
        {...tableState(rate, <Empty />)}
        dataSource={data?.rows ?? []}
        pagination={false}
        scroll={{ x: 640 }}
        rowSelection={{
          selectedRowKeys: selected,
          onChange: (keys) => setSelected(keys.map(Number)),
          getCheckboxProps: (row) => ({
            disabled: row.reads >= row.audience || row.remindedToday,
            'aria-label': row.name,
          }),
        }}
        columns={[
          branchColumn(t, data?.organisation.id, down),
          { title: t('reach.notices.audienceSize'), dataIndex: 'audience', align: 'right' },
          { title: t('reach.notices.reads'), dataIndex: 'reads', align: 'right' },
          {
            title: t('reach.notices.rate'),
            key: 'rate',
            width: 180,
            render: (_, row) => (
              <RateBar reads={row.reads} audience={row.audience} label={`${t('reach.notices.rate')}: ${row.name}`} />
            ),
          },
          remindColumn(
            t,
            t('reach.notices.remind'),
            (row) => row.reads < row.audience,
            (ids) => void doRemind(ids),
          ),
        ]}
      />
    </Card>
  );
}
