import { type ApplicationAction, assistanceEndpoints, type BodyInput } from '@gonghui/contract';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  DatePicker,
  Descriptions,
  Flex,
  Form,
  type FormInstance,
  Input,
  InputNumber,
  List,
  Modal,
  Row,
  Space,
  Switch,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { href } from '../../api/client';
import { useMe } from '../../app/session';
import { formatDateTime } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { fenOfYuan } from '../../ui/money';
import { Pending } from '../../ui/query-state';
import { assistanceApi } from './api';
import { ApplicationTimeline, DocumentInput, PaymentTag, PayoutWorking, RuleList, StageTag, useMoney } from './shared';

const AMOUNT_STEPS: readonly ApplicationAction[] = ['check', 'review', 'approve'];

/** One application: what the applicant gave, the chain so far, and the actions open to this cadre. */
export function AssistanceApplicationPage() {
  const sendActOnApplication = assistanceApi.useSend('actOnApplication');
  const sendAnswerObjection = assistanceApi.useSend('answerObjection');
  const { t, i18n } = useTranslation();
  const { id } = useParams();
  const { message } = App.useApp();
  const money = useMoney();
  const queryClient = useQueryClient();
  const [acting, setActing] = useState<ApplicationAction | null>(null);
  const [answering, setAnswering] = useState<number | null>(null);
  const [form] = Form.useForm();
  const [answerForm] = Form.useForm();
  const key = assistanceApi.key('getApplication', { params: { id } });
  const addDocument = assistanceApi.useUpload('addDocument');
  const { data: me } = useMe();
  const application = useQuery({
    ...assistanceApi.query('getApplication', { params: { id } }),
  });
  const a = application.data;
  if (!a) return <Pending query={application} />;
  const perform = async (action: ApplicationAction, values: Record<string, unknown> = {}) => {
    try {
      const body: Record<string, unknown> = { action, version: a.version };
      if (values.amount !== undefined && values.amount !== null) body.amountFen = fenOfYuan(values.amount as number);
      if (values.note) body.note = values.note;
      if (values.visitedOn) {
        body.homeVisit = {
          visitedOn: (values.visitedOn as dayjs.Dayjs).format('YYYY-MM-DD'),
          visitors: values.visitors,
          findings: values.findings,
        };
      }
      queryClient.setQueryData(
        key,
        await sendActOnApplication.mutateAsync({
          params: { id },
          body: body as BodyInput<typeof assistanceEndpoints.actOnApplication>,
        }),
      );
      setActing(null);
      form.resetFields();
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  const f = (k: string) => t(`assistance.fields.${k}`);
  // A cadre adds documents to a draft they made for a member, or while the application is in the chain.
  const canUpload =
    (me?.permissions ?? []).includes('assistance.manage') &&
    ((a.stage === 'draft' && a.onBehalf) || ['submitted', 'checked', 'reviewed', 'notice'].includes(a.stage));
  const defaultAmount = (a.amountFen ?? a.limitFen ?? 0) / 100;
  return (
    <Flex vertical gap={16}>
      <Card
        title={`${t('assistance.applications.detail')} #${a.id} · ${a.programmeName}`}
        extra={
          <Space>
            <StageTag stage={a.stage} />
            <PaymentTag status={a.payment?.status ?? null} />
          </Space>
        }
      >
        {a.needsSecondApprover && (
          <Alert
            type="warning"
            showIcon
            style={{ marginBottom: 12 }}
            message={t('assistance.applications.secondApprover', { name: a.firstApproverName })}
          />
        )}
        <Descriptions size="small" column={{ xs: 1, md: 2 }} bordered>
          <Descriptions.Item label={f('member')}>{a.memberName}</Descriptions.Item>
          <Descriptions.Item label={f('organisation')}>{a.organisationName}</Descriptions.Item>
          <Descriptions.Item label={f('reason')} span={2}>
            {a.reason}
          </Descriptions.Item>
          {a.student && (
            <Descriptions.Item label={f('studentName')}>
              {a.student.name} · {a.student.school} ·{' '}
              {a.schoolLevel ? t(`assistance.schoolLevels.${a.schoolLevel}`) : ''}
            </Descriptions.Item>
          )}
          {a.student?.admittedOn && (
            <Descriptions.Item label={t('assistance.fields.admittedOn')}>{a.student.admittedOn}</Descriptions.Item>
          )}
          {/* Everything the worker entered on a claim, as they entered it. */}
          {a.claim && (
            <>
              <Descriptions.Item label={f('invoiceTotal')}>{money(a.claim.invoiceTotalFen)}</Descriptions.Item>
              <Descriptions.Item label={f('insurancePaid')}>{money(a.claim.insurancePaidFen)}</Descriptions.Item>
              <Descriptions.Item label={f('selfPaid')}>{money(a.claim.selfPaidFen)}</Descriptions.Item>
              <Descriptions.Item label={f('hospitalDays')}>{a.claim.hospitalDays}</Descriptions.Item>
              <Descriptions.Item label={f('diagnosisClass')}>
                {t(`assistance.diagnosis.${a.claim.diagnosisClass}`)}
              </Descriptions.Item>
              <Descriptions.Item label={f('hospital')}>{a.claim.hospital ?? '—'}</Descriptions.Item>
            </>
          )}
          <Descriptions.Item label={f('limit')}>{money(a.limitFen)}</Descriptions.Item>
          <Descriptions.Item label={f('requested')}>{money(a.requestedFen)}</Descriptions.Item>
          <Descriptions.Item label={f('checked')}>{money(a.checkedFen)}</Descriptions.Item>
          <Descriptions.Item label={f('reviewed')}>{money(a.reviewedFen)}</Descriptions.Item>
          <Descriptions.Item label={f('approved')}>{money(a.approvedFen)}</Descriptions.Item>
          <Descriptions.Item label={f('account')}>
            {a.bankAccount.bankName} · {a.bankAccount.accountName} · {a.bankAccount.accountNumber}
          </Descriptions.Item>
          {a.onBehalf && <Descriptions.Item label={f('onBehalf')}>{t('common.yes')}</Descriptions.Item>}
          {a.noticeEndsOn && (
            <Descriptions.Item label={t('assistance.steps.notice')}>
              {a.noticeStartsOn} – {a.noticeEndsOn}
            </Descriptions.Item>
          )}
          {a.rejectionReason && <Descriptions.Item label={f('rejection')}>{a.rejectionReason}</Descriptions.Item>}
        </Descriptions>
        <Flex gap={8} wrap style={{ marginTop: 16 }}>
          {a.actions.map((action) => (
            <Button
              key={action}
              type={action === 'reject' ? 'default' : 'primary'}
              danger={action === 'reject'}
              onClick={() => setActing(action)}
            >
              {t(`assistance.actions.${action}`)}
            </Button>
          ))}
        </Flex>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('assistance.member.eligibility')}>
            <RuleList results={a.eligibility} />
          </Card>
          {a.payout && (
            <Card size="small" title={f('payout')} style={{ marginTop: 16 }}>
              <PayoutWorking steps={a.payout} />
            </Card>
          )}
          {a.homeVisit && (
            <Card size="small" title={t('assistance.applications.homeVisit')} style={{ marginTop: 16 }}>
              {a.homeVisit.visitedOn} · {a.homeVisit.visitors}
              <Typography.Paragraph>{a.homeVisit.findings}</Typography.Paragraph>
            </Card>
          )}
          <Card size="small" title={f('documents')} style={{ marginTop: 16 }}>
            {canUpload &&
              a.missingDocuments.map((kind) => (
                <Flex key={kind} justify="space-between" gap={8} wrap style={{ marginBottom: 8 }}>
                  <Typography.Text type="danger">{t(`assistance.documents.${kind}`)}</Typography.Text>
                  <DocumentInput
                    label={`${t('assistance.member.upload')} ${t(`assistance.documents.${kind}`)}`}
                    onFile={async (file) => {
                      try {
                        await addDocument.mutateAsync({ args: { params: { id }, query: { kind } }, file });
                      } catch (error) {
                        message.error(error instanceof Error ? error.message : String(error));
                      }
                    }}
                  />
                </Flex>
              ))}
            <List
              size="small"
              dataSource={a.documents}
              renderItem={(d) => (
                <List.Item key={d.id}>
                  <a href={href(assistanceEndpoints.readDocument, { params: { id: a.id, documentId: d.id } })}>
                    {t(`assistance.documents.${d.kind}`)} · {d.fileName}
                  </a>
                </List.Item>
              )}
            />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          {a.objections.length > 0 && (
            <Card size="small" title={f('objections')} style={{ marginBottom: 16 }}>
              <List
                dataSource={a.objections}
                renderItem={(o) => (
                  <List.Item
                    key={o.id}
                    actions={
                      o.answeredAt
                        ? []
                        : [
                            <Button key="answer" size="small" onClick={() => setAnswering(o.id)}>
                              {t('assistance.applications.answerObjection')}
                            </Button>,
                          ]
                    }
                  >
                    <List.Item.Meta
                      title={o.text}
                      description={
                        o.answer
                          ? `${f('answer')}: ${o.answer}${o.upheld ? ` · ${f('upheld')}` : ''}`
                          : t('assistance.applications.unanswered')
                      }
                    />
                  </List.Item>
                )}
              />
            </Card>
          )}
          <Card size="small" title={f('events')}>
            <ApplicationTimeline events={a.events} />
          </Card>
        </Col>
      </Row>
      <Modal
        open={acting !== null}
        title={acting ? t(`assistance.actions.${acting}`) : ''}
        onCancel={() => setActing(null)}
        onOk={() => form.submit()}
        destroyOnHidden
      >
        <Form
          form={form}
          layout="vertical"
          name="assistance-action"
          initialValues={{ amount: defaultAmount, visitedOn: dayjs() }}
          onFinish={(values) => acting && void perform(acting, values)}
        >
          {acting === 'check' && (
            <>
              <Form.Item name="visitedOn" label={f('visitedOn')} rules={[{ required: true }]}>
                <DatePicker style={{ width: '100%' }} />
              </Form.Item>
              <Form.Item name="visitors" label={f('visitors')} rules={[{ required: true }]}>
                <Input maxLength={200} />
              </Form.Item>
              <Form.Item name={['findings']} label={f('findings')} rules={[{ required: true, min: 2 }]}>
                <Input.TextArea rows={3} maxLength={2000} />
              </Form.Item>
            </>
          )}
          {acting === 'approve' && <ApproveEffect form={form} fixedFen={a.needsSecondApprover ? a.amountFen : null} />}
          {acting && AMOUNT_STEPS.includes(acting) && !(acting === 'approve' && a.needsSecondApprover) && (
            <Form.Item name="amount" label={f('amount')} rules={[{ required: true }]}>
              <InputNumber min={0.01} max={(a.limitFen ?? 0) / 100} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          )}
          <Form.Item
            name="note"
            label={acting === 'reject' ? t('assistance.applications.rejectReason') : f('note')}
            rules={acting === 'reject' ? [{ required: true }] : []}
          >
            <Input.TextArea rows={2} maxLength={2000} />
          </Form.Item>
        </Form>
      </Modal>
      <Modal
        open={answering !== null}
        title={t('assistance.applications.answerObjection')}
        onCancel={() => setAnswering(null)}
        onOk={() => answerForm.submit()}
        destroyOnHidden
      >
        <Form
          form={answerForm}
          layout="vertical"
          name="objection-answer"
          initialValues={{ upheld: false }}
          onFinish={async (values: { answer: string; upheld: boolean }) => {
            try {
              queryClient.setQueryData(
                key,
                await sendAnswerObjection.mutateAsync({
                  params: { id, objectionId: answering },
                  body: values,
                }),
              );
              setAnswering(null);
            } catch (error) {
              message.error(showServerErrors(answerForm, error));
            }
          }}
        >
          <Form.Item name="answer" label={f('answer')} rules={[{ required: true, min: 2 }]}>
            <Input.TextArea rows={3} maxLength={2000} />
          </Form.Item>
          <Form.Item name="upheld" label={f('upheld')} valuePropName="checked">
            <Switch />
          </Form.Item>
        </Form>
      </Modal>
      <Typography.Text type="secondary">{formatDateTime(a.createdAt, i18n.language)}</Typography.Text>
    </Flex>
  );
}

/**
 * What approving does, said in the dialog before it is done: the money it commits (the amount in
 * the form, or, for a second approval, the amount already approved).
 */
function ApproveEffect({ form, fixedFen }: { form: FormInstance; fixedFen: number | null }) {
  const { t } = useTranslation();
  const money = useMoney();
  const yuan = Form.useWatch('amount', form) as number | undefined;
  const fen = fixedFen ?? fenOfYuan(yuan ?? 0);
  return (
    <Alert
      type="warning"
      showIcon
      title={t('assistance.applications.approveEffect', { amount: money(fen) })}
      style={{ marginBottom: 16 }}
    />
  );
}
