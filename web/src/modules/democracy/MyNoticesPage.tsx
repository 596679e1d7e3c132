import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Collapse, Empty, Flex, Form, Input, Modal, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SUCCESS_TAG_COLOR } from '../../ui/colors';
import { formatDate } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { Pending } from '../../ui/query-state';
import { democracyApi } from './api';
import { Questions } from './notice-parts';

/** Notices addressed to the member: opening one leaves a read receipt; questions are answered publicly. */
export function MyNoticesPage() {
  const sendMarkNoticeRead = democracyApi.useSend('markNoticeRead');
  const sendAskQuestion = democracyApi.useSend('askQuestion');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [asking, setAsking] = useState<number | null>(null);
  const [form] = Form.useForm();
  const list = useQuery({
    ...democracyApi.query('myNotices'),
  });
  const items = list.data?.items ?? [];
  return (
    <Card>
      {list.data === undefined && <Pending query={list} />}
      {list.data !== undefined && items.length === 0 && <Empty />}
      <Collapse
        accordion
        onChange={async (keys) => {
          const key = Array.isArray(keys) ? keys[0] : keys;
          const notice = items.find((n) => String(n.id) === key);
          if (notice && !notice.read) {
            await sendMarkNoticeRead.mutateAsync({ params: { id: notice.id } });
          }
        }}
        items={items.map((notice) => ({
          key: String(notice.id),
          label: (
            <Flex justify="space-between" gap={8}>
              <span>{notice.title}</span>
              {notice.read && <Tag color={SUCCESS_TAG_COLOR}>{t('democracy.notices.read')}</Tag>}
            </Flex>
          ),
          children: (
            <Flex vertical gap={8}>
              <Typography.Text type="secondary">
                {notice.organisationName} · {formatDate(notice.publishedAt, i18n.language)}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{notice.body}</Typography.Paragraph>
              <Typography.Title level={5}>{t('democracy.notices.questions')}</Typography.Title>
              <Questions notice={notice} />
              <Button onClick={() => setAsking(notice.id)}>{t('democracy.notices.ask')}</Button>
            </Flex>
          ),
        }))}
      />
      <Modal
        open={asking !== null}
        title={t('democracy.notices.ask')}
        onCancel={() => setAsking(null)}
        onOk={async () => {
          const values = await form.validateFields();
          try {
            await sendAskQuestion.mutateAsync({ params: { id: asking }, body: values });
            setAsking(null);
            form.resetFields();
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form name="question" form={form} layout="vertical">
          <Form.Item name="question" label={t('democracy.notices.question')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
