import { MESSAGE_CATEGORIES, type Message, type MessageCategory } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Badge, Button, Card, Empty, Flex, List, Segmented, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { DANGER_TAG_COLOR } from '../../ui/colors';
import { formatTime } from '../../ui/dates';
import { listState } from '../../ui/query-state';
import { reachApi } from './api';
import { useMessageText } from './message-text';

const PAGE_SIZE = 20;

/**
 * The message centre's inbox, in the member app and the console alike: everything addressed to the
 * signed-in person, by category, newest first. Opening a message marks it read and follows its link.
 */
export function MessagesPage() {
  const { t, i18n } = useTranslation();
  const { message: toast } = App.useApp();
  const inConsole = useLocation().pathname.startsWith('/admin');
  const text = useMessageText();
  const [category, setCategory] = useState<MessageCategory | 'all'>('all');
  const [page, setPage] = useState(1);
  const sendMarkRead = reachApi.useSend('markRead');
  const list = useQuery(
    reachApi.query('inbox', {
      query: { page, pageSize: PAGE_SIZE, ...(category === 'all' ? {} : { category }) },
    }),
  );
  // Opening a message (its link) marks it read; a notice is marked read by its page.
  const opened = (message: Message) => {
    if (!message.readAt && message.noticeId === null) void sendMarkRead.mutateAsync({ body: { ids: [message.id] } });
  };
  const markAll = async () => {
    try {
      await sendMarkRead.mutateAsync({ body: category === 'all' ? {} : { category } });
    } catch (error) {
      toast.error((error as Error).message);
    }
  };
  const counts = list.data?.unreadByCategory;
  return (
    <Card
      title={
        <Flex gap={8} align="center">
          {t('reach.messages.title')}
          <Badge count={list.data?.unread ?? 0} />
        </Flex>
      }
      extra={
        <Flex gap={8} wrap>
          <Button size="small" onClick={() => void markAll()} disabled={(list.data?.unread ?? 0) === 0}>
            {t('reach.messages.markAll')}
          </Button>
          {!inConsole && <Link to="/app/messages/settings">{t('reach.messages.settings')}</Link>}
        </Flex>
      }
    >
      <Segmented
        block
        style={{ marginBottom: 12, overflowX: 'auto' }}
        value={category}
        onChange={(value) => {
          setCategory(value as MessageCategory | 'all');
          setPage(1);
        }}
        options={[
          { value: 'all', label: t('reach.categories.all') },
          ...MESSAGE_CATEGORIES.map((c) => ({
            value: c,
            label: counts?.[c] ? `${t(`reach.categories.${c}`)} ${counts[c]}` : t(`reach.categories.${c}`),
          })),
        ]}
      />
      <List<Message>
        {...listState(list, <Empty description={t('reach.messages.none')} />)}
        dataSource={list.data?.items ?? []}
        pagination={
          (list.data?.total ?? 0) > PAGE_SIZE
            ? { current: page, pageSize: PAGE_SIZE, total: list.data?.total ?? 0, onChange: setPage, size: 'small' }
            : false
        }
        renderItem={(message) => (
          <List.Item
            extra={message.critical ? <Tag color={DANGER_TAG_COLOR}>{t('reach.messages.critical')}</Tag> : undefined}
          >
            <List.Item.Meta
              title={
                <Typography.Text strong={!message.readAt}>
                  {message.link ? (
                    <Link to={message.link} onClick={() => opened(message)}>
                      {text(message)}
                    </Link>
                  ) : (
                    text(message)
                  )}
                </Typography.Text>
              }
              description={`${t(`reach.categories.${message.category}`)} · ${formatTime(message.createdAt, i18n.language)}`}
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
