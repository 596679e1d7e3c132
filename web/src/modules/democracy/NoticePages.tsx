import type { Notice } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { App, Button, Card, Collapse, Empty, Flex, Form, Input, List, Modal, Pagination, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMe } from '../../app/session';
import { SUCCESS_TAG_COLOR } from '../../ui/colors';
import { showServerErrors } from '../../ui/forms';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { PAGE_SIZE, serverPagination } from '../../ui/pagination';
import { democracyApi } from './api';

function Questions({ notice, onAnswer }: { notice: Notice; onAnswer?: (questionId: number) => void }) {
  const { t } = useTranslation();
  if (notice.questions.length === 0)
    return <Typography.Text type="secondary">{t('democracy.notices.noQuestions')}</Typography.Text>;
  return (
    <List
      size="small"
      dataSource={notice.questions}
      renderItem={(q) => (
        <List.Item
          actions={
            onAnswer && !q.answer
              ? [
                  <Button key="a" size="small" onClick={() => onAnswer(q.id)}>
                    {t('democracy.notices.answer')}
                  </Button>,
                ]
              : []
          }
        >
          <List.Item.Meta title={q.question} description={q.answer ?? <Tag>{t('democracy.notices.unanswered')}</Tag>} />
        </List.Item>
      )}
    />
  );
}

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
      title={t('democracy.notices.title')}
      extra={
        canManage && (
          <Button type="primary" onClick={() => setPublishing(true)}>
            {t('democracy.notices.publish')}
          </Button>
        )
      }
    >
      <List
        loading={list.isLoading}
        dataSource={list.data?.items ?? []}
        renderItem={(notice) => (
          <List.Item>
            <Flex vertical gap={4} style={{ width: '100%' }}>
              <Typography.Title level={5} style={{ margin: 0 }}>
                {notice.title}
              </Typography.Title>
              <Typography.Text type="secondary">
                {notice.organisationName} · {new Date(notice.publishedAt).toLocaleDateString(i18n.language)} ·{' '}
                {t('democracy.notices.reads', { reads: notice.reads, audience: notice.audience })}
              </Typography.Text>
              <Typography.Paragraph style={{ whiteSpace: 'pre-wrap' }}>{notice.body}</Typography.Paragraph>
              <Collapse
                size="small"
                items={[
                  {
                    key: 'q',
                    label: `${t('democracy.notices.questions')}（${notice.questions.length}）`,
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
    <Card title={t('democracy.member.notices')}>
      {!list.isLoading && items.length === 0 && <Empty />}
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
                {notice.organisationName} · {new Date(notice.publishedAt).toLocaleDateString(i18n.language)}
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
