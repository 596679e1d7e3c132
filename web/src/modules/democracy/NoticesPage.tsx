import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Collapse, Flex, Form, Input, List, Modal, Pagination, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { formatDate } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { listState } from '../../ui/query-state';
import { democracyApi } from './api';
import { Questions } from './notice-parts';

/** Affairs disclosure for cadres: publish to a subtree, see read counts, answer questions publicly. */
export function NoticesPage() {
  const sendPublishNotice = democracyApi.useSend('publishNotice');
  const sendAnswerQuestion = democracyApi.useSend('answerQuestion');
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const { data: me } = useMe();
  const canManage = me?.permissions.includes('democracy.manage') ?? false;
  const [page, setPage] = useState(1);
  const [publishing, setPublishing] = useState(false);
  const [answering, setAnswering] = useState<{ notice: number; question: number } | null>(null);
  const [form] = Form.useForm();
  const [answerForm] = Form.useForm();
  const list = useQuery({
    ...democracyApi.query('listNotices', { query: { page, pageSize: PAGE_SIZE } }),
  });
  return (
    <Card
      extra={
        canManage && (
          <Button type="primary" onClick={() => setPublishing(true)}>
            {t('democracy.notices.publish')}
          </Button>
        )
      }
    >
      <List
        {...listState(list)}
        dataSource={list.data?.items ?? []}
        renderItem={(notice) => (
          <List.Item>
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {notice.title}
              </Typography.Title>
              <Typography.Text type="secondary">
                {notice.organisationName} · {formatDate(notice.publishedAt, i18n.language)} ·{' '}
                {t('democracy.notices.reads', { reads: notice.reads, audience: notice.audience })}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{notice.body}</Typography.Paragraph>
              <Collapse
                size="small"
                items={[
                  {
                    key: 'q',
                    label: `${t('democracy.notices.questions')}${t('common.parenthesised', { text: notice.questions.length })}`,
                    children: (
                      <Questions
                        notice={notice}
                        onAnswer={canManage ? (question) => setAnswering({ notice: notice.id, question }) : undefined}
                      />
                    ),
                  },
                ]}
              />
            </Flex>
          </List.Item>
        )}
      />
      {(list.data?.total ?? 0) > PAGE_SIZE && (
        <Pagination align="end" {...serverPagination(t, page, list.data?.total, setPage)} />
      )}
      <Modal
        open={publishing}
        title={t('democracy.notices.publish')}
        onCancel={() => setPublishing(false)}
        onOk={async () => {
          const values = await form.validateFields();
          try {
            await sendPublishNotice.mutateAsync({ body: values });
            setPublishing(false);
            form.resetFields();
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form name="notice" form={form} layout="vertical">
          <Form.Item name="organisationId" label={t('democracy.notices.scope')} rules={[{ required: true }]}>
            <OrganisationPicker aria-label={t('democracy.notices.scope')} />
          </Form.Item>
          <Form.Item name="title" label={t('democracy.notices.name')} rules={[{ required: true, min: 2 }]}>
            <Input />
          </Form.Item>
          <Form.Item name="body" label={t('democracy.notices.body')} rules={[{ required: true }]}>
            <Input.TextArea rows={6} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={answering !== null}
        title={t('democracy.notices.answer')}
        onCancel={() => setAnswering(null)}
        onOk={async () => {
          const values = await answerForm.validateFields();
          try {
            await sendAnswerQuestion.mutateAsync({
              params: { id: answering!.notice, questionId: answering!.question },
              body: values,
            });
            setAnswering(null);
            answerForm.resetFields();
          } catch (error) {
            message.error(showServerErrors(answerForm, error));
          }
        }}
      >
        <Form name="answer" form={answerForm} layout="vertical">
          <Form.Item name="answer" label={t('democracy.notices.answer')} rules={[{ required: true }]}>
            <Input.TextArea rows={4} />
          </Form.Item>
        </Form>
      </Modal>
    </Card>
  );
}
