import {
  type BodyInput,
  CASE_CATEGORIES,
  type CaseCategory,
  createCaseBodySchema,
  type rightsEndpoints,
} from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { App, Button, Card, Empty, Flex, Form, Input, List, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { schemaRule, showServerErrors } from '../../ui/forms';
import { rightsApi } from './api';
import { AskDetailFields, askDetails, ReporterCaseCard, StageTag, useCaseNotifications } from './shared';

/** Unread notices about my cases (an answer, a mediation past its 15 days), cleared once seen. */
function MyNotifications() {
  const { t } = useTranslation();
  const { list, markRead } = useCaseNotifications();
  const unread = (list.data?.items ?? []).filter((n) => !n.readAt);
  if (unread.length === 0) return null;
  return (
    <Card
      size="small"
      title={t('rights.notifications.title')}
      extra={
        <Button size="small" type="link" onClick={() => void markRead()}>
          {t('rights.notifications.markRead')}
        </Button>
      }
    >
      <List
        size="small"
        dataSource={unread}
        renderItem={(n) => (
          <List.Item key={n.id}>
            <Link to={`/app/help/${n.caseId}`}>
              {t(`rights.notifications.${n.kind}`)} · {n.caseTitle}
            </Link>
          </List.Item>
        )}
      />
    </Card>
  );
}

/** A worker's requests for help, newest first. */
export function MyCasesPage() {
  const { t } = useTranslation();
  const cases = useQuery({
    ...rightsApi.query('myCases'),
  });
  return (
    <Flex vertical gap={16}>
      <MyNotifications />
      <Card
        title={t('rights.ask.myCases')}
        extra={
          <Link to="/app/help/new">
            <Button type="primary">{t('rights.ask.title')}</Button>
          </Link>
        }
      >
        <List
          loading={cases.isLoading}
          locale={{ emptyText: <Empty description={t('rights.ask.none')} /> }}
          dataSource={cases.data?.items ?? []}
          renderItem={(item) => (
            <List.Item key={item.id}>
              <Link to={`/app/help/${item.id}`} style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8} wrap>
                  <span>
                    {item.title}{' '}
                    <Typography.Text type="secondary">· {t(`rights.categories.${item.category}`)}</Typography.Text>
                  </span>
                  <StageTag stage={item.stage} />
                </Flex>
              </Link>
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}

/** The ask form, shared by signed-in workers and anonymous reporters (who also choose a desk). */
export function AskForm({
  onSubmit,
  deskField,
}: {
  onSubmit: (body: Record<string, unknown>) => Promise<void>;
  deskField?: React.ReactNode;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [params] = useSearchParams();
  const [form] = Form.useForm();
  const preset = params.get('category');
  const category = Form.useWatch('category', form) as CaseCategory | undefined;
  const submit = async (values: Record<string, unknown>) => {
    const chosen = values.category as CaseCategory;
    const details = askDetails(chosen, values);
    try {
      await onSubmit({
        category: chosen,
        title: values.title,
        description: values.description,
        ...(values.organisationId ? { organisationId: values.organisationId } : {}),
        ...(details ? { details } : {}),
      });
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  return (
    <Form
      form={form}
      name="ask-for-help"
      layout="vertical"
      initialValues={{ category: (CASE_CATEGORIES as readonly string[]).includes(preset ?? '') ? preset : 'help' }}
      onFinish={submit}
    >
      <Form.Item name="category" label={t('rights.fields.category')} rules={[{ required: true }]}>
        <Select options={CASE_CATEGORIES.map((c) => ({ value: c, label: t(`rights.categories.${c}`) }))} />
      </Form.Item>
      {deskField}
      <Form.Item
        name="title"
        label={t('rights.fields.title')}
        rules={[{ required: true }, schemaRule(createCaseBodySchema.shape.title)]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item
        name="description"
        label={t('rights.fields.description')}
        rules={[{ required: true }, schemaRule(createCaseBodySchema.shape.description)]}
      >
        <Input.TextArea rows={4} maxLength={5000} />
      </Form.Item>
      <AskDetailFields category={category} />
      <Button type="primary" htmlType="submit" block>
        {t('rights.ask.submit')}
      </Button>
    </Form>
  );
}

export function AskPage() {
  const sendFileCase = rightsApi.useSend('fileCase');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  return (
    <Card title={t('rights.ask.title')}>
      <Typography.Paragraph type="secondary">{t('rights.ask.intro')}</Typography.Paragraph>
      <AskForm
        onSubmit={async (body) => {
          const filed = await sendFileCase.mutateAsync({
            body: body as BodyInput<typeof rightsEndpoints.fileCase>,
          });
          message.success(t('rights.ask.submitted'));
          navigate(`/app/help/${filed.id}`);
        }}
      />
      <Link to="/report">{t('rights.ask.anonymousLink')}</Link>
    </Card>
  );
}

export function MyCasePage() {
  const sendActOnMyCase = rightsApi.useSend('actOnMyCase');
  const { message } = App.useApp();
  const { id } = useParams();
  const client = useQueryClient();
  const key = rightsApi.key('getMyCase', { params: { id } });
  const attach = rightsApi.useUpload('attachToMyCase');
  const value = useQuery({ ...rightsApi.query('getMyCase', { params: { id } }) });
  if (!value.data) return null;
  const act = async (body: Record<string, unknown>) => {
    try {
      const updated = await sendActOnMyCase.mutateAsync({
        params: { id },
        body: {
          version: value.data.version,
          ...body,
        } as BodyInput<typeof rightsEndpoints.actOnMyCase>,
      });
      client.setQueryData(key, updated);
    } catch (error) {
      message.error(String((error as Error).message));
      await value.refetch();
    }
  };
  return (
    <ReporterCaseCard
      value={value.data}
      onReply={(note) => act({ action: 'reply', note })}
      onRate={(rating, note) => act({ action: 'rate', rating, ...(note ? { note } : {}) })}
      onAttach={async (file) => {
        try {
          client.setQueryData(key, await attach.mutateAsync({ args: { params: { id } }, file }));
        } catch (error) {
          message.error(String((error as Error).message));
        }
      }}
    />
  );
}
