import { type cardVerificationSchema, membershipEndpoints } from '@gonghui/contract';
import { Alert, App, Button, Card, Flex, Form, Input } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { href } from '../../api/client';
import { showServerErrors } from '../../ui/forms';
import { membershipApi } from './api';

type Verification = z.infer<typeof cardVerificationSchema>;

/**
 * A station keeper checks a scanned card. Online it asks the server (live revocation list); the
 * same check runs offline in the contract's verifier with the published key.
 */
export function CardCheckPage() {
  const sendVerifyCard = membershipApi.useSend('verifyCard');
  const { t } = useTranslation();
  const [result, setResult] = useState<Verification | null>(null);
  const [form] = Form.useForm();
  const { message } = App.useApp();
  return (
    <Card style={{ maxWidth: 640 }}>
      <Form
        form={form}
        layout="vertical"
        onFinish={async ({ token }) => {
          try {
            setResult(await sendVerifyCard.mutateAsync({ body: { token } }));
          } catch (error) {
            message.error(showServerErrors(form, error));
          }
        }}
      >
        <Form.Item
          name="token"
          label={t('membership.cardCheck.token')}
          extra={t('membership.cardCheck.tokenHint')}
          rules={[{ required: true, message: t('common.required') }]}
        >
          <Input.TextArea rows={3} autoFocus />
        </Form.Item>
        <Flex gap={8}>
          <Button type="primary" htmlType="submit">
            {t('membership.cardCheck.verify')}
          </Button>
          <Button href={href(membershipEndpoints.getCardKey)} target="_blank">
            {t('membership.cardCheck.publicKey')}
          </Button>
        </Flex>
      </Form>
      {result && (
        <Alert
          style={{ marginTop: 16 }}
          type={result.valid ? 'success' : 'error'}
          showIcon
          title={result.valid ? t('membership.cardCheck.valid') : t('membership.cardCheck.invalid')}
          description={
            result.valid
              ? `${result.name} · ${result.memberNumber} · ${result.organisationName}`
              : t(`membership.cardCheck.reasons.${result.reason}`)
          }
        />
      )}
    </Card>
  );
}
