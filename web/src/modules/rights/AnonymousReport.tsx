import { type BodyInput, followUpParamSchema, rightsEndpoints } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, Layout, Select, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../../api/client';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { schemaRule, showServerErrors } from '../../ui/forms';
import { rightsApi } from './api';
import { AskForm } from './MemberRights';
import { ReporterCaseCard } from './shared';

function Frame({ children }: { children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Content style={{ maxWidth: 560, width: '100%', margin: '0 auto', padding: 16 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 12 }}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('rights.anonymous.title')}
          </Typography.Title>
          <LanguageSwitch signedIn={false} />
        </Flex>
        {children}
      </Layout.Content>
    </Layout>
  );
}

/** Reporting without an account: nothing about the reporter is kept; a follow-up code is the key. */
export function AnonymousReportPage() {
  const sendFileAnonymousCase = rightsApi.useSend('fileAnonymousCase');
  const { t } = useTranslation();
  const [code, setCode] = useState<string | null>(null);
  const desks = useQuery({ ...rightsApi.query('listDesks') });
  return (
    <Frame>
      {code ? (
        <Card>
          <Alert
            type="warning"
            showIcon
            message={t('rights.anonymous.codeTitle')}
            description={t('rights.anonymous.codeHint')}
          />
          <Typography.Title
            level={2}
            copyable={{ text: code }}
            style={{ textAlign: 'center', margin: '24px 0' }}
            data-testid="follow-up-code"
          >
            {code}
          </Typography.Title>
          <Link to={`/report/follow-up?code=${encodeURIComponent(code)}`}>
            <Button block>{t('rights.anonymous.followUp')}</Button>
          </Link>
        </Card>
      ) : (
        <Card>
          <Typography.Paragraph type="secondary">{t('rights.anonymous.intro')}</Typography.Paragraph>
          <AskForm
            deskField={
              <Form.Item name="organisationId" label={t('rights.fields.desk')} rules={[{ required: true }]}>
                <Select
                  loading={desks.isLoading}
                  options={(desks.data?.items ?? []).map((d) => ({ value: d.id, label: d.name }))}
                />
              </Form.Item>
            }
            onSubmit={async (body) => {
              const receipt = await sendFileAnonymousCase.mutateAsync({
                body: body as BodyInput<typeof rightsEndpoints.fileAnonymousCase>,
              });
              setCode(receipt.followUpCode);
            }}
          />
          <Flex justify="center" style={{ marginTop: 12 }}>
            <Link to="/report/follow-up">{t('rights.anonymous.followUp')}</Link>
          </Flex>
        </Card>
      )}
    </Frame>
  );
}

export function FollowUpPage() {
  const sendActAnonymously = rightsApi.useSend('actAnonymously');
  const attach = rightsApi.useUpload('attachAnonymously');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const initial = new URLSearchParams(window.location.search).get('code') ?? '';
  const [code, setCode] = useState(initial);
  const [report, setReport] = useState<Awaited<ReturnType<typeof load>> | null>(null);
  async function load(value: string) {
    return call(rightsEndpoints.anonymousCase, { params: { code: value.trim() } });
  }
  const lookUp = async (values: { code: string }) => {
    try {
      setReport(await load(values.code));
      setCode(values.code.trim().toUpperCase());
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  const act = async (body: Record<string, unknown>) => {
    try {
      setReport(
        await sendActAnonymously.mutateAsync({
          params: { code },
          body: {
            version: report!.version,
            ...body,
          } as BodyInput<typeof rightsEndpoints.actAnonymously>,
        }),
      );
    } catch (error) {
      message.error(String((error as Error).message));
      setReport(await load(code));
    }
  };
  return (
    <Frame>
      <Flex vertical gap={16}>
        <Card title={t('rights.anonymous.followUp')}>
          <Form form={form} name="follow-up" layout="inline" initialValues={{ code: initial }} onFinish={lookUp}>
            <Form.Item
              name="code"
              label={t('rights.anonymous.code')}
              rules={[{ required: true }, schemaRule(followUpParamSchema.shape.code)]}
              style={{ flex: 1 }}
            >
              <Input placeholder="44-XXXX-XXXX-XXXX-XXXX" autoComplete="off" />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('rights.anonymous.lookUp')}
            </Button>
          </Form>
        </Card>
        {report && (
          <ReporterCaseCard
            value={report}
            onReply={(note) => act({ action: 'reply', note })}
            onRate={(rating, note) => act({ action: 'rate', rating, ...(note ? { note } : {}) })}
            onAttach={async (file) => {
              try {
                setReport(await attach.mutateAsync({ args: { params: { code } }, file }));
              } catch (error) {
                message.error(String((error as Error).message));
              }
            }}
          />
        )}
      </Flex>
    </Frame>
  );
}
