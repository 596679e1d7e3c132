import {
  type BodyInput,
  EMPLOYMENT_FORMS,
  idNumberSchema,
  JOB_TYPES,
  type membershipEndpoints,
  mobileSchema,
  personNameSchema,
  regionCodeSchema,
} from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Input, InputNumber, Radio, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { LanguageSwitch } from '../../app/LanguageSwitch';
import { PageHeading } from '../../app/page-title';
import { useMe } from '../../app/session';
import { loginWithSms, requestSmsCode } from '../../app/session-calls';
import { schemaRule, showServerErrors } from '../../ui/forms';
import { fenOfYuan } from '../../ui/money';
import { Pending } from '../../ui/query-state';
import { RegionPicker } from '../../ui/region-picker';
import { membershipApi } from './api';
import { RemoteSelect } from './shared';

function newClientKey() {
  return globalThis.crypto?.randomUUID?.() ?? `${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/** Step one for a worker without an account: prove the mobile number by SMS, which signs them up. */
function VerifyMobile({ onDone }: { onDone: (mobile: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm();
  const [sent, setSent] = useState(false);
  const send = async () => {
    try {
      const { mobile } = await form.validateFields(['mobile']);
      await requestSmsCode(mobile, { signUp: true });
      setSent(true);
      message.success(t('membership.join.codeSent'));
    } catch (error) {
      if (error instanceof Error) message.error(showServerErrors(form, error));
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={async ({ mobile, code }) => {
        try {
          await loginWithSms({ mobile, code, signUp: true });
          onDone(mobile);
        } catch (error) {
          message.error(showServerErrors(form, error));
        }
      }}
    >
      <Typography.Paragraph strong>{t('membership.join.verifyMobile')}</Typography.Paragraph>
      <Form.Item
        name="mobile"
        label={t('membership.fields.mobile')}
        rules={[{ required: true, message: t('common.required') }, schemaRule(mobileSchema)]}
      >
        <Input inputMode="numeric" maxLength={11} autoComplete="tel" />
      </Form.Item>
      <Button onClick={() => void send()} style={{ marginBottom: 16 }}>
        {t('membership.join.sendCode')}
      </Button>
      {sent && (
        <>
          <Form.Item
            name="code"
            label={t('membership.join.code')}
            rules={[{ required: true, len: 6, message: t('common.required') }]}
          >
            <Input inputMode="numeric" maxLength={6} autoComplete="one-time-code" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block>
            {t('membership.join.continue')}
          </Button>
        </>
      )}
    </Form>
  );
}

/** The join form: a QR invite names the union; otherwise routing follows the employer or residence. */
function JoinForm({ invite, mobile }: { invite: string | null; mobile: string | undefined }) {
  const sendSubmitApplication = membershipApi.useSend('submitApplication');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const [form] = Form.useForm();
  const [clientKey] = useState(newClientKey);
  const [busy, setBusy] = useState(false);
  const employmentForm = Form.useWatch('employmentForm', form) ?? 'standard';
  const [noEmployer, setNoEmployer] = useState(false);
  const submit = async (values: Record<string, unknown>) => {
    setBusy(true);
    try {
      const application = await sendSubmitApplication.mutateAsync({
        body: {
          name: values.name,
          idNumber: values.idNumber,
          mobile: values.mobile,
          employmentForm: values.employmentForm,
          employerId: noEmployer ? null : (values.employerId ?? null),
          employerName: noEmployer ? null : values.employerName || null,
          platform: values.platform || null,
          jobType: values.jobType ?? null,
          residenceRegionCode: values.residenceRegionCode,
          monthlyWageFen: values.wage === undefined || values.wage === null ? null : fenOfYuan(values.wage as number),
          ...(invite ? { invite } : {}),
          clientKey,
        } as BodyInput<typeof membershipEndpoints.submitApplication>,
      });
      message.success(t('membership.join.submitted', { date: application.dueOn }));
      navigate('/app/membership');
    } catch (error) {
      message.error(showServerErrors(form, error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Form
      form={form}
      layout="vertical"
      onFinish={submit}
      initialValues={{ mobile, employmentForm: 'standard' }}
      scrollToFirstError
    >
      <Form.Item
        name="name"
        label={t('membership.fields.name')}
        rules={[{ required: true, message: t('common.required') }, schemaRule(personNameSchema)]}
      >
        <Input autoComplete="name" />
      </Form.Item>
      <Form.Item
        name="idNumber"
        label={t('membership.fields.idNumber')}
        rules={[{ required: true, message: t('common.required') }, schemaRule(idNumberSchema)]}
      >
        <Input maxLength={18} />
      </Form.Item>
      <Form.Item
        name="mobile"
        label={t('membership.fields.mobile')}
        rules={[{ required: true, message: t('common.required') }, schemaRule(mobileSchema)]}
      >
        <Input inputMode="numeric" maxLength={11} />
      </Form.Item>
      <Form.Item name="employmentForm" label={t('membership.fields.employmentForm')}>
        <Radio.Group
          optionType="button"
          options={EMPLOYMENT_FORMS.map((value) => ({ value, label: t(`membership.forms.${value}`) }))}
          onChange={(event) => setNoEmployer(event.target.value !== 'standard')}
        />
      </Form.Item>
      {employmentForm !== 'standard' && (
        <>
          <Form.Item
            name="jobType"
            label={t('membership.fields.jobType')}
            rules={employmentForm === 'gig' ? [{ required: true, message: t('common.required') }] : []}
          >
            <Select options={JOB_TYPES.map((value) => ({ value, label: t(`membership.jobTypes.${value}`) }))} />
          </Form.Item>
          <Form.Item name="platform" label={t('membership.fields.platform')}>
            <Input maxLength={100} placeholder={t('membership.join.platformExamples')} />
          </Form.Item>
        </>
      )}
      <Form.Item label={t('membership.fields.employer')}>
        <Space direction="vertical" style={{ width: '100%' }}>
          {!noEmployer && (
            <Form.Item name="employerId" noStyle>
              <RemoteSelect
                source="employers"
                placeholder={t('membership.join.employerSearch')}
                aria-label={t('membership.fields.employer')}
              />
            </Form.Item>
          )}
          {!noEmployer && (
            <Form.Item name="employerName" noStyle>
              <Input
                placeholder={t('membership.fields.employerName')}
                aria-label={t('membership.fields.employerName')}
                maxLength={200}
              />
            </Form.Item>
          )}
          <Radio checked={noEmployer} onClick={() => setNoEmployer(!noEmployer)}>
            {t('membership.join.noEmployer')}
          </Radio>
        </Space>
      </Form.Item>
      <Form.Item
        name="residenceRegionCode"
        label={t('membership.fields.residence')}
        rules={[{ required: true, message: t('common.required') }, schemaRule(regionCodeSchema)]}
      >
        <RegionPicker />
      </Form.Item>
      <Form.Item name="wage" label={t('membership.fields.wage')}>
        <InputNumber min={0} max={1_000_000} precision={2} style={{ width: '100%' }} />
      </Form.Item>
      <Button type="primary" htmlType="submit" block size="large" loading={busy}>
        {t('membership.join.submit')}
      </Button>
    </Form>
  );
}

/** Joining from a phone: the public page a union's QR invite opens, and "Join a union" in the app. */
export function JoinPage() {
  const { t } = useTranslation();
  const [params] = useSearchParams();
  const invite = params.get('invite');
  const session = useMe();
  const { data: me, refetch } = session;
  const [verifiedMobile, setVerifiedMobile] = useState<string>();
  const union = useQuery({
    ...membershipApi.query('lookUpInvite', { params: { code: invite! } }),
    enabled: Boolean(invite),
  });
  return (
    <Flex vertical style={{ minHeight: '100vh', maxWidth: 560, margin: '0 auto', background: '#f5f5f5' }}>
      <header style={{ background: '#c8161e', color: '#fff', padding: '12px 16px' }}>
        <Flex justify="space-between" align="center">
          <PageHeading color="#fff" />
          <LanguageSwitch signedIn={Boolean(me)} />
        </Flex>
      </header>
      <main style={{ padding: 16 }}>
        <Card>
          {union.data && (
            <Alert
              type="success"
              showIcon
              title={t('membership.join.inviteTo', { name: union.data.organisationName })}
              style={{ marginBottom: 16 }}
            />
          )}
          {union.isError && (
            <Alert type="error" showIcon title={(union.error as Error).message} style={{ marginBottom: 16 }} />
          )}
          <Typography.Paragraph type="secondary">{t('membership.join.intro')}</Typography.Paragraph>
          {me === undefined ? (
            <Pending query={session} />
          ) : me ? (
            <JoinForm invite={invite} mobile={verifiedMobile} />
          ) : (
            <VerifyMobile
              onDone={(mobile) => {
                setVerifiedMobile(mobile);
                void refetch();
              }}
            />
          )}
        </Card>
      </main>
    </Flex>
  );
}
