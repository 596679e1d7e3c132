import { NOTICE_KINDS, type NoticeKind, type NoticeView } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Card, Empty, Flex, List, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { INFO_TAG_COLOR, WARNING_TAG_COLOR } from '../../ui/colors';
import { formatDate } from '../../ui/dates';
import { listState } from '../../ui/query-state';
import { reachApi } from './api';

const PAGE_SIZE = 20;

/** The notices and news addressed to the member, pinned first, unread in bold (member app). */
export function MyNoticesPage() {
  const { t, i18n } = useTranslation();
  const [kind, setKind] = useState<NoticeKind | 'all'>('all');
  const [page, setPage] = useState(1);
  const list = useQuery(
    reachApi.query('myNotices', { query: { page, pageSize: PAGE_SIZE, ...(kind === 'all' ? {} : { kind }) } }),
  );
  return (
    <Card>
      <Segmented
        block
        style={{ marginBottom: 12 }}
        value={kind}
        onChange={(value) => {
          setKind(value as NoticeKind | 'all');
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('reach.categories.all') },
          ...NOTICE_KINDS.map((k) => ({ value: k, label: t(`reach.notices.${k}`) })),
        ]}
      />
      <List<NoticeView>
        {...listState(list, <Empty description={t('reach.notices.none')} />)}
        dataSource={list.data?.items ?? []}
        pagination={
          (list.data?.total ?? 0) > PAGE_SIZE
            ? { current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, size: 'small' }
            : false
        }
        renderItem={(notice) => (
          <List.Item>
            <List.Item.Meta
              title={
                <Flex gap={4} wrap align="center">
                  {notice.pinned && <Tag color={WARNING_TAG_COLOR}>{t('reach.notices.pinned')}</Tag>}
                  {notice.kind === 'news' && <Tag color={INFO_TAG_COLOR}>{t('reach.notices.news')}</Tag>}
                  <Link to={`/app/notices/${notice.id}`}>
                    <Typography.Text strong={!notice.readAt}>{notice.title}</Typography.Text>
                  </Link>
                </Flex>
              }
              description={`${notice.organisationName} · ${formatDate(notice.publishAt!, i18n.language)}${
                notice.readAt ? '' : ` · ${t('reach.notices.unread')}`
              }`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
