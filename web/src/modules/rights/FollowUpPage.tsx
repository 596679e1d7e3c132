import { type BodyInput, followUpParamSchema, rightsEndpoints } from '@gonghui/contract';
import { App, Button, Card, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { call } from '../../api/client';
import { PublicFrame as Frame } from '../../app/PublicFrame';
import { schemaRule, showServerErrors } from '../../ui/forms';
import { rightsApi } from './api';
import { ReporterCaseCard } from './shared';

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
      // The case card's form shows the error (on its field where it has one).
      setReport(await load(code));
      throw error;
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
