import { NOTICE_STATUSES, type NoticeStatus, type NoticeView } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Button, Card, Empty, Flex, Segmented, Table, Tag } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { WARNING_TAG_COLOR } from '../../ui/colors';
import { formatDateTime } from '../../ui/dates';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { tableState } from '../../ui/query-state';
import { reachApi } from './api';
import { NoticeStatusTag, RateBar } from './notice-parts';

/** Notices published in the cadre's subtree or addressed into it, with how many have read each (console). */
export function NoticesPage() {
  const { t, i18n } = useTranslation();
  const [status, setStatus] = useState<NoticeStatus | 'all'>('all');
  const [page, setPage] = useState(1);
  const list = useQuery(
    reachApi.query('notices', { query: { page, pageSize: PAGE_SIZE, ...(status === 'all' ? {} : { status }) } }),
  );
  return (
    <Card
      extra={
        <Link to="/admin/notices/new">
          <Button type="primary">{t('reach.notices.write')}</Button>
        </Link>
      }
    >
      <Segmented
        style={{ marginBottom: 12 }}
        value={status}
        onChange={(value) => {
          setStatus(value as NoticeStatus | 'all');
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('reach.categories.all') },
          ...NOTICE_STATUSES.map((s) => ({ value: s, label: t(`reach.notices.statuses.${s}`) })),
        ]}
      />
      <Table<NoticeView>
        rowKey="id"
        {...tableState(list, <Empty description={t('reach.notices.none')} />)}
        dataSource={list.data?.items ?? []}
        pagination={serverPagination(t, page, list.data?.total, setPage)}
        scroll={{ x: 760 }}
        columns={[
          {
            title: t('reach.notices.titleField'),
            key: 'title',
            render: (_, notice) => (
              <Flex gap={4} wrap>
                {notice.pinned && <Tag color={WARNING_TAG_COLOR}>{t('reach.notices.pinned')}</Tag>}
                <Link to={`/admin/notices/${notice.id}`}>{notice.title}</Link>
              </Flex>
            ),
          },
          { title: t('reach.notices.publisher'), dataIndex: 'organisationName' },
          {
            title: t('reach.notices.status'),
            key: 'status',
            render: (_, notice) => <NoticeStatusTag notice={notice} />,
          },
          {
            title: t('reach.notices.publishedAt'),
            key: 'publishAt',
            render: (_, notice) => (notice.publishAt ? formatDateTime(notice.publishAt, i18n.language) : '—'),
          },
          {
            title: t('reach.notices.rate'),
            key: 'rate',
            width: 200,
            render: (_, notice) =>
              notice.live && notice.audienceSize ? (
                <RateBar
                  reads={notice.reads ?? 0}
                  audience={notice.audienceSize}
                  label={`${t('reach.notices.rate')}: ${notice.title}`}
                />
              ) : (
                '—'
              ),
          },
        ]}
      />
    </Card>
  );
}
