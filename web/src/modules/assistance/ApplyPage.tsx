import type { assistanceEndpoints, BodyInput } from '@gonghui/contract';
import { useQuery } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Form, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { showServerErrors } from '../../ui/forms';
import { NotFoundState, Pending } from '../../ui/query-state';
import { ApplicationFields, applicationBody } from './ApplicationForm';
import { assistanceApi } from './api';
import { RuleList, useMoney } from './shared';

/** Applying to one programme: the rules first, then the form; saved as a draft for the documents. */
export function ApplyPage() {
  const sendApplyAsMember = assistanceApi.useSend('applyAsMember');
  const { t } = useTranslation();
  const { programmeId } = useParams();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const money = useMoney();
  const [form] = Form.useForm();
  const programmes = useQuery({
    ...assistanceApi.query('myProgrammes'),
  });
  const eligibility = useQuery({
    ...assistanceApi.query('eligibilityOf', { query: { programmeId: programmeId } }),
  });
  const programme = programmes.data?.items.find((p) => p.id === Number(programmeId));
  if (programmes.data === undefined) return <Pending query={programmes} />;
  if (!programme) return <NotFoundState />;
  if (!eligibility.data) return <Pending query={eligibility} />;
  const canApply = eligibility.data.eligible && eligibility.data.blockers.length === 0;
  const submit = async (values: Record<string, string | number | boolean | undefined>) => {
    const body = applicationBody(programme, values);
    try {
      const created = await sendApplyAsMember.mutateAsync({
        body: body as BodyInput<typeof assistanceEndpoints.applyAsMember>,
      });
      navigate(`/app/assistance/${created.id}`);
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  return (
    <Flex vertical gap={16}>
      <Card title={programme.name}>
        <Typography.Paragraph>{programme.description}</Typography.Paragraph>
        <Typography.Title level={5}>{t('assistance.member.eligibility')}</Typography.Title>
        <RuleList results={eligibility.data.results} />
        {eligibility.data.limitFen !== null && (
          <Typography.Paragraph>
            {t('assistance.member.limit', { amount: money(eligibility.data.limitFen) })}
          </Typography.Paragraph>
        )}
        {eligibility.data.blockers.map((b) => (
          <Alert
            key={b}
            type="warning"
            showIcon
            message={t(`assistance.member.blockers.${b}`)}
            style={{ marginTop: 8 }}
          />
        ))}
      </Card>
      {canApply && (
        <Card>
          <Form
            form={form}
            name="assistance-apply"
            layout="vertical"
            onFinish={submit}
            initialValues={{ diagnosisClass: 'general' }}
          >
            <ApplicationFields programme={programme} form={form} consentLabel={t('assistance.member.consent')} />
            <Button type="primary" htmlType="submit" block>
              {t('assistance.member.apply')}
            </Button>
          </Form>
        </Card>
      )}
    </Flex>
  );
}
