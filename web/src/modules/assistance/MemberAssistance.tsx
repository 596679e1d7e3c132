import type { assistanceEndpoints, BodyInput } from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Empty, Flex, Form, Input, List, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { showServerErrors } from '../../ui/forms';
import { ApplicationFields, applicationBody } from './ApplicationForm';
import { assistanceApi } from './api';
import { ApplicationTimeline, DocumentInput, PaymentTag, PayoutWorking, RuleList, StageTag, useMoney } from './shared';

/** The programmes open to the member's union, and their applications. */
export function MyAssistancePage() {
  const { t } = useTranslation();
  const money = useMoney();
  const programmes = useQuery({
    ...assistanceApi.query('myProgrammes'),
  });
  const mine = useQuery({
    ...assistanceApi.query('myApplications'),
  });
  return (
    <Flex vertical gap={16}>
      <Card
        title={t('assistance.member.mine')}
        extra={<Link to="/app/assistance/notices">{t('assistance.member.notices')}</Link>}
      >
        <List
          loading={mine.isLoading}
          locale={{ emptyText: <Empty description={t('assistance.member.none')} /> }}
          dataSource={mine.data?.items ?? []}
          renderItem={(item) => (
            <List.Item key={item.id}>
              <Link to={`/app/assistance/${item.id}`} style={{ width: '100%' }}>
                <Flex justify="space-between" gap={8} wrap>
                  <span>
                    {item.programmeName} <Typography.Text type="secondary">· {money(item.amountFen)}</Typography.Text>
                  </span>
                  <span>
                    <StageTag stage={item.stage} />
                    <PaymentTag status={item.paymentStatus} />
                  </span>
                </Flex>
              </Link>
            </List.Item>
          )}
        />
      </Card>
      <Card title={t('assistance.member.programmes')}>
        <List
          loading={programmes.isLoading}
          dataSource={programmes.data?.items ?? []}
          renderItem={(p) => (
            <List.Item
              key={p.id}
              actions={[
                p.open ? (
                  <Link key="apply" to={`/app/assistance/apply/${p.id}`}>
                    <Button type="primary" size="small">
                      {t('assistance.member.apply')}
                    </Button>
                  </Link>
                ) : (
                  <Typography.Text key="closed" type="secondary">
                    {t('assistance.member.closed')}
                  </Typography.Text>
                ),
              ]}
            >
              <List.Item.Meta
                title={p.name}
                description={
                  <>
                    {t(`assistance.kinds.${p.kind}`)} · {p.organisationName}
                    <br />
                    {t('assistance.member.window', { from: p.opensOn, to: p.closesOn })}
                  </>
                }
              />
            </List.Item>
          )}
        />
      </Card>
    </Flex>
  );
}

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
  if (!programme || !eligibility.data) return <Card loading />;
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

/** One of my applications: documents to upload, submission, progress and payment. */
export function MyApplicationPage() {
  const sendActOnMyApplication = assistanceApi.useSend('actOnMyApplication');
  const { t } = useTranslation();
  const { id } = useParams();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const money = useMoney();
  const key = assistanceApi.key('getMyApplication', { params: { id } });
  const application = useQuery(assistanceApi.query('getMyApplication', { params: { id } }));
  const addDocument = assistanceApi.useUpload('addMyDocument');
  const value = application.data;
  if (!value) return <Card loading />;
  const refresh = (next: unknown) => queryClient.setQueryData(key, next);
  const act = async (action: 'submit' | 'withdraw') => {
    try {
      refresh(
        await sendActOnMyApplication.mutateAsync({
          params: { id },
          body: {
            action,
            version: value.version,
          },
        }),
      );
    } catch (error) {
      message.error(error instanceof Error ? error.message : String(error));
    }
  };
  const needed = [...new Set([...value.missingDocuments])];
  return (
    <Flex vertical gap={16}>
      <Card title={value.programmeName} extra={<StageTag stage={value.stage} />}>
        {value.stage === 'draft' && (
          <Alert type="info" showIcon message={t('assistance.member.draftHint')} style={{ marginBottom: 12 }} />
        )}
        <Space direction="vertical" style={{ width: '100%' }}>
          <Typography.Text>
            {t('assistance.fields.limit')}: {money(value.limitFen)}
          </Typography.Text>
          {value.amountFen !== null && (
            <Typography.Text>
              {t('assistance.fields.total')}: {money(value.amountFen)}{' '}
              <PaymentTag status={value.payment?.status ?? null} />
            </Typography.Text>
          )}
          {value.noticeEndsOn && value.stage === 'notice' && (
            <Typography.Text>{t('assistance.applications.noticeUntil', { date: value.noticeEndsOn })}</Typography.Text>
          )}
          {value.rejectionReason && (
            <Alert type="error" message={`${t('assistance.fields.rejection')}: ${value.rejectionReason}`} />
          )}
        </Space>
        {value.payout && (
          <div style={{ marginTop: 12 }}>
            <Typography.Title level={5}>{t('assistance.fields.payout')}</Typography.Title>
            <PayoutWorking steps={value.payout} />
          </div>
        )}
      </Card>
      {(value.stage === 'draft' || needed.length > 0) && (
        <Card title={t('assistance.fields.documents')}>
          <List
            dataSource={[...value.documents.map((d) => d.kind), ...needed].filter((k, i, all) => all.indexOf(k) === i)}
            renderItem={(kind) => {
              const done = value.documents.some((d) => d.kind === kind);
              return (
                <List.Item key={kind}>
                  <Flex justify="space-between" style={{ width: '100%' }} wrap gap={8}>
                    <span>
                      {done ? '✓ ' : ''}
                      {t(`assistance.documents.${kind}`)}
                    </span>
                    <DocumentInput
                      label={`${t('assistance.member.upload')} ${t(`assistance.documents.${kind}`)}`}
                      onFile={async (file) => {
                        try {
                          // Refetched (the upload's stale list) rather than taken from this answer: two
                          // uploads at once answer out of order.
                          await addDocument.mutateAsync({ args: { params: { id }, query: { kind } }, file });
                        } catch (error) {
                          message.error(error instanceof Error ? error.message : String(error));
                        }
                      }}
                    />
                  </Flex>
                </List.Item>
              );
            }}
          />
        </Card>
      )}
      <Flex gap={8} wrap>
        {value.actions.includes('submit') && (
          <Button type="primary" disabled={needed.length > 0} onClick={() => void act('submit')}>
            {t('assistance.actions.submit')}
          </Button>
        )}
        {value.actions.includes('withdraw') && (
          <Button onClick={() => void act('withdraw')}>{t('assistance.actions.withdraw')}</Button>
        )}
      </Flex>
      <Card title={t('assistance.fields.events')}>
        <ApplicationTimeline events={value.events} />
      </Card>
    </Flex>
  );
}

/** The public notice of the member's city: masked names, units and amounts, and objections. */
export function NoticeBoardPage() {
  const sendFileObjection = assistanceApi.useSend('fileObjection');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const money = useMoney();
  const [objecting, setObjecting] = useState<number | null>(null);
  const [form] = Form.useForm();
  const board = useQuery({
    ...assistanceApi.query('myNotices'),
  });
  return (
    <Card
      title={
        board.data
          ? t('assistance.member.noticeBoard', { name: board.data.organisationName })
          : t('assistance.member.notices')
      }
    >
      <List
        loading={board.isLoading}
        locale={{ emptyText: <Empty description={t('assistance.member.noNotices')} /> }}
        dataSource={board.data?.items ?? []}
        renderItem={(item) => (
          <List.Item key={item.applicationId}>
            <Flex vertical style={{ width: '100%' }} gap={4}>
              <Flex justify="space-between" wrap gap={8}>
                <span>
                  {item.name} · {item.unit}
                </span>
                <Typography.Text strong>{money(item.amountFen)}</Typography.Text>
              </Flex>
              <Typography.Text type="secondary">
                {item.programmeName} · {item.startsOn} – {item.endsOn}
              </Typography.Text>
              {item.open &&
                (objecting === item.applicationId ? (
                  <Form
                    form={form}
                    layout="vertical"
                    name={`objection-${item.applicationId}`}
                    onFinish={async (values: { text: string }) => {
                      try {
                        await sendFileObjection.mutateAsync({
                          params: { id: item.applicationId },
                          body: values,
                        });
                        message.success(t('assistance.member.objectionSent'));
                        setObjecting(null);
                        form.resetFields();
                      } catch (error) {
                        message.error(showServerErrors(form, error));
                      }
                    }}
                  >
                    <Form.Item name="text" label={t('assistance.member.object')} rules={[{ required: true, min: 5 }]}>
                      <Input.TextArea rows={3} placeholder={t('assistance.member.objectionPlaceholder')} />
                    </Form.Item>
                    <Button htmlType="submit" type="primary" size="small">
                      {t('common.confirm')}
                    </Button>
                  </Form>
                ) : (
                  <Button
                    size="small"
                    onClick={() => setObjecting(item.applicationId)}
                    style={{ alignSelf: 'flex-start' }}
                  >
                    {t('assistance.member.object')}
                  </Button>
                ))}
            </Flex>
          </List.Item>
        )}
      />
    </Card>
  );
}
