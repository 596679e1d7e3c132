import { loginBodySchema, mobileSchema } from '@gonghui/contract';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Form, type FormInstance, Input, Tabs, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useNavigate } from 'react-router';
import { ApiError } from '../api/client';
import { schemaRule, showServerErrors } from '../ui/forms';
import { LanguageSwitch } from './LanguageSwitch';
import { loginWithPassword, loginWithSms, requestSmsCode, useMe } from './session';

export function LoginPage() {
  const { t } = useTranslation();
  const { data: me } = useMe();
  const client = useQueryClient();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [needsTotp, setNeedsTotp] = useState(false);
  const [busy, setBusy] = useState(false);
  const [cooldown, setCooldown] = useState(0);
  const [smsForm] = Form.useForm();
  const [passwordForm] = Form.useForm();

  useEffect(() => {
    if (cooldown <= 0) return;
    const timer = setTimeout(() => setCooldown(cooldown - 1), 1000);
    return () => clearTimeout(timer);
  }, [cooldown]);

  if (me) return <Navigate to="/" replace />;

  const attempt = async (form: FormInstance, login: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await login();
      await client.invalidateQueries({ queryKey: ['me'] });
      navigate('/', { replace: true });
    } catch (caught) {
      if (caught instanceof ApiError && caught.problem.code === 'totp_required') setNeedsTotp(true);
      // Field errors on their fields; the rest (a wrong password) above the form.
      setError(showServerErrors(form, caught));
    } finally {
      setBusy(false);
    }
  };

  const totpField = needsTotp && (
    <Form.Item
      name="totp"
      label={t('login.totp')}
      extra={t('login.totpHint')}
      rules={[{ required: true, pattern: /^\d{6}$/ }]}
    >
      <Input inputMode="numeric" autoComplete="one-time-code" maxLength={6} />
    </Form.Item>
  );

  const sendCode = async () => {
    try {
      const mobile = (await smsForm.validateFields(['mobile'])).mobile as string;
      await requestSmsCode(mobile);
      setCooldown(60);
      setError(null);
    } catch (caught) {
      if (caught instanceof ApiError) setError(caught.problem.title);
    }
  };

  return (
    <Flex vertical align="center" justify="center" style={{ minHeight: '100vh', padding: 16, background: '#f5f5f5' }}>
      <Card style={{ width: '100%', maxWidth: 400 }}>
        <Flex justify="space-between" align="center" style={{ marginBottom: 16 }}>
          <div>
            <Typography.Title level={1} style={{ margin: 0, color: '#c8161e', fontSize: 24 }}>
              {t('app.name')}
            </Typography.Title>
            <Typography.Text type="secondary">{t('app.tagline')}</Typography.Text>
          </div>
          <LanguageSwitch signedIn={false} />
        </Flex>
        {error && <Alert type="error" title={error} showIcon style={{ marginBottom: 16 }} role="alert" />}
        <Tabs
          items={[
            {
              key: 'password',
              label: t('login.passwordTab'),
              children: (
                <Form
                  form={passwordForm}
                  layout="vertical"
                  requiredMark={false}
                  onFinish={(values: { login: string; password: string; totp?: string }) =>
                    attempt(passwordForm, () => loginWithPassword(values))
                  }
                >
                  <Form.Item
                    name="login"
                    label={t('login.login')}
                    rules={[{ required: true, message: t('common.required') }, schemaRule(loginBodySchema.shape.login)]}
                  >
                    <Input autoComplete="username" autoFocus />
                  </Form.Item>
                  <Form.Item
                    name="password"
                    label={t('login.password')}
                    rules={[{ required: true, message: t('common.required') }]}
                  >
                    <Input.Password autoComplete="current-password" />
                  </Form.Item>
                  {totpField}
                  <Button type="primary" htmlType="submit" block loading={busy}>
                    {t('login.submit')}
                  </Button>
                </Form>
              ),
            },
            {
              key: 'sms',
              label: t('login.smsTab'),
              children: (
                <Form
                  form={smsForm}
                  layout="vertical"
                  requiredMark={false}
                  onFinish={(values: { mobile: string; code: string; totp?: string }) =>
                    attempt(smsForm, () => loginWithSms(values))
                  }
                >
                  <Form.Item
                    name="mobile"
                    label={t('login.mobile')}
                    rules={[{ required: true, message: t('common.required') }, schemaRule(mobileSchema)]}
                  >
                    <Input inputMode="tel" autoComplete="tel" maxLength={14} />
                  </Form.Item>
                  <Form.Item label={t('login.code')} required>
                    <Flex gap={8}>
                      <Form.Item
                        name="code"
                        noStyle
                        rules={[{ required: true, pattern: /^\d{6}$/, message: t('common.required') }]}
                      >
                        <Input
                          inputMode="numeric"
                          autoComplete="one-time-code"
                          maxLength={6}
                          aria-label={t('login.code')}
                        />
                      </Form.Item>
                      <Button onClick={sendCode} disabled={cooldown > 0}>
                        {cooldown > 0 ? t('login.resendIn', { seconds: cooldown }) : t('login.sendCode')}
                      </Button>
                    </Flex>
                  </Form.Item>
                  {cooldown > 0 && <Typography.Paragraph type="secondary">{t('login.codeSent')}</Typography.Paragraph>}
                  {totpField}
                  <Button type="primary" htmlType="submit" block loading={busy}>
                    {t('login.submit')}
                  </Button>
                </Form>
              ),
            },
          ]}
        />
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.demoHint')}
        </Typography.Paragraph>
      </Card>
    </Flex>
  );
}
