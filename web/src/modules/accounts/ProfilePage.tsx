import { Alert, App, Button, Card, Flex, Form, Input, QRCode, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { useMe } from '../../app/session';
import { useLargeText } from '../../app/useLargeText';
import { SUCCESS_TAG_COLOR } from '../../ui/colors';
import { showServerErrors } from '../../ui/forms';
import { authApi } from './api';
import { ApiTokensCard, SessionsCard } from './SecurityCards';

/** Password, two-factor enrolment, language and large text: shared by both shells. */
export function ProfilePage() {
  const sendChangePassword = authApi.useSend('changePassword');
  const sendUpdateMe = authApi.useSend('updateMe');
  const sendStartTotpSetup = authApi.useSend('startTotpSetup');
  const sendEnableTotp = authApi.useSend('enableTotp');
  const sendDisableTotp = authApi.useSend('disableTotp');
  const { t } = useTranslation();
  const { data: me } = useMe();
  const { message } = App.useApp();
  const [largeText, setLargeText] = useLargeText();
  const [setup, setSetup] = useState<{ secret: string; otpauthUrl: string } | null>(null);
  const [passwordForm] = Form.useForm();
  const [totpForm] = Form.useForm();
  if (!me) return null;

  const changePassword = async (values: { currentPassword: string; newPassword: string }) => {
    try {
      await sendChangePassword.mutateAsync({ body: values });
      message.success(t('profile.passwordChanged'));
      passwordForm.resetFields();
    } catch (error) {
      message.error(showServerErrors(passwordForm, error));
    }
  };
  const toggleTotp = async ({ code }: { code: string }) => {
    try {
      await (me.user.totpEnabled ? sendDisableTotp : sendEnableTotp).mutateAsync({ body: { code } });
      message.success(me.user.totpEnabled ? t('profile.disabled') : t('profile.enabled'));
      setSetup(null);
      totpForm.resetFields();
    } catch (error) {
      message.error(showServerErrors(totpForm, error));
    }
  };

  return (
    <Flex vertical gap={16} style={{ maxWidth: 640 }}>
      {me.mustEnrolTotp && <Alert type="warning" showIcon title={t('profile.mustEnrol')} />}
      <Card>
        <Flex vertical gap={12}>
          <Flex gap={12} align="center">
            <Typography.Text>{t('common.language')}</Typography.Text>
            <LanguageSwitch signedIn />
          </Flex>
          <Flex gap={12} align="center">
            <Typography.Text id="large-text-label">{t('common.largeText')}</Typography.Text>
            <Switch
              aria-labelledby="large-text-label"
              checked={largeText}
              onChange={(checked) => {
                setLargeText(checked);
                void sendUpdateMe.mutateAsync({ body: { largeText: checked } }).catch(() => undefined);
              }}
            />
          </Flex>
        </Flex>
      </Card>
      <Card title={t('profile.changePassword')}>
        <Form form={passwordForm} layout="vertical" onFinish={changePassword}>
          <Form.Item
            name="currentPassword"
            label={t('profile.currentPassword')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password autoComplete="current-password" />
          </Form.Item>
          <Form.Item
            name="newPassword"
            label={t('profile.newPassword')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Input.Password autoComplete="new-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit">
            {t('common.save')}
          </Button>
        </Form>
      </Card>
      {me.user.kind === 'cadre' && (
        <Card
          title={t('profile.twoFactor')}
          extra={
            <Tag color={me.user.totpEnabled ? SUCCESS_TAG_COLOR : 'default'}>
              {me.user.totpEnabled ? t('profile.twoFactorOn') : t('profile.twoFactorOff')}
            </Tag>
          }
        >
          {!me.user.totpEnabled && !setup && (
            <Button onClick={async () => setSetup(await sendStartTotpSetup.mutateAsync())}>
              {t('profile.enable')}
            </Button>
          )}
          {setup && (
            <Flex gap={16} wrap align="center" style={{ marginBottom: 16 }}>
              <QRCode value={setup.otpauthUrl} />
              <div>
                <Typography.Paragraph>{t('profile.scan')}</Typography.Paragraph>
                <Typography.Text code copyable>
                  {setup.secret}
                </Typography.Text>
              </div>
            </Flex>
          )}
          {(setup || me.user.totpEnabled) && (
            <Form form={totpForm} layout="inline" onFinish={toggleTotp}>
              <Form.Item
                name="code"
                label={t('login.totp')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpHint') }]}
              >
                <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
              </Form.Item>
              <Button htmlType="submit" type={me.user.totpEnabled ? 'default' : 'primary'} danger={me.user.totpEnabled}>
                {me.user.totpEnabled ? t('profile.disable') : t('profile.enable')}
              </Button>
            </Form>
          )}
        </Card>
      )}
      <SessionsCard />
      {me.user.kind === 'cadre' && !me.mustEnrolTotp && <ApiTokensCard permissions={me.permissions} />}
    </Flex>
  );
}
