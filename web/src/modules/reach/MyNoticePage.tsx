import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Card, Flex, Typography } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { formatDateTime } from '../../ui/dates';
import { Pending } from '../../ui/query-state';
import { reachApi } from './api';
import { NoticeBody, noticeFileHref } from './notice-parts';

/** One notice addressed to the member; opening it records the read (member app). */
export function MyNoticePage() {
  const id = Number(useParams().id);
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const notice = useQuery(reachApi.query('myNotice', { params: { id } }));
  // The read is recorded by the fetch: the inbox and the list are stale from then on.
  useEffect(() => {
    if (notice.data)
      void Promise.all(
        (['inbox', 'unreadCount', 'myNotices'] as const).map((name) =>
          client.invalidateQueries({ queryKey: reachApi.key(name) }),
        ),
      );
  }, [notice.data, client]);
  if (notice.data === undefined) return <Pending query={notice} />;
  const n = notice.data;
  return (
    <Card>
      <Typography.Title level={2} style={{ fontSize: 20 }}>
        {n.title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {n.organisationName} · {n.publishAt ? formatDateTime(n.publishAt, i18n.language) : ''}
      </Typography.Paragraph>
      <NoticeBody html={n.body} />
      {n.attachments.length > 0 && (
        <Flex vertical gap={8} style={{ marginTop: 16 }}>
          <Typography.Text strong>{t('reach.notices.attachments')}</Typography.Text>
          {n.attachments.map((file) => (
            <Typography.Link
              key={file.documentId}
              href={noticeFileHref(n.id, file.documentId)}
              style={{ minHeight: 44, display: 'inline-flex', alignItems: 'center' }}
            >
              {file.fileName}
            </Typography.Link>
          ))}
        </Flex>
      )}
    </Card>
  );
}
