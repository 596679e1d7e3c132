import {
  type CaseCategory,
  type CaseDetails,
  type CaseKind,
  type CaseStage,
  FACT_ITEMS,
  LEGAL_AID_QUESTIONS,
  LEGAL_OUTCOMES,
  MEDIATION_OUTCOMES,
  REFERRAL_SOURCES,
  type reporterCaseSchema,
} from '@gonghui/contract';
import {
  Alert,
  App,
  Button,
  Card,
  Flex,
  Form,
  Input,
  InputNumber,
  Rate,
  Select,
  Space,
  Steps,
  Switch,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import {
  DANGER_TAG_COLOR,
  INFO_TAG_COLOR,
  NEUTRAL_TAG_COLOR,
  SUCCESS_TAG_COLOR,
  WARNING_TAG_COLOR,
} from '../../ui/colors';
import { formatDateTime } from '../../ui/dates';
import { showServerErrors } from '../../ui/forms';
import { fenOfYuan } from '../../ui/money';

export type ReporterCase = z.infer<typeof reporterCaseSchema>;

const STAGE_COLORS: Record<CaseStage, string> = {
  accepted: INFO_TAG_COLOR,
  dispatched: NEUTRAL_TAG_COLOR,
  handling: WARNING_TAG_COLOR,
  closed: SUCCESS_TAG_COLOR,
  rated: SUCCESS_TAG_COLOR,
};
/** Solid tags for a case's flags (white text passes WCAG AA on each). */
export const FLAG_COLORS = { confidential: '#531dab', overdue: DANGER_TAG_COLOR, escalated: WARNING_TAG_COLOR };

export function StageTag({ stage }: { stage: CaseStage }) {
  const { t } = useTranslation();
  return <Tag color={STAGE_COLORS[stage]}>{t(`rights.stages.${stage}`)}</Tag>;
}

const STEPS: CaseStage[] = ['accepted', 'dispatched', 'handling', 'closed', 'rated'];
export function StageSteps({ stage }: { stage: CaseStage }) {
  const { t } = useTranslation();
  return (
    <Steps
      size="small"
      responsive={false}
      labelPlacement="vertical"
      current={STEPS.indexOf(stage)}
      items={STEPS.map((s) => ({ title: t(`rights.stages.${s}`) }))}
    />
  );
}

const yuanToFen = (yuan: number | null | undefined) =>
  yuan === null || yuan === undefined ? undefined : fenOfYuan(yuan);
/** The detail fields a worker gives when asking, for the categories that have any. */
export function AskDetailFields({ category }: { category: CaseCategory | undefined }) {
  const { t } = useTranslation();
  const f = (key: string) => t(`rights.fields.${key}`);
  if (category === 'wage_arrears')
    return (
      <>
        <Form.Item name="employerName" label={f('employerName')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="employerUscc" label={f('employerUscc')}>
          <Input maxLength={18} />
        </Form.Item>
        <Form.Item name="months" label={f('months')}>
          <Input placeholder="2026-09, 2026-10" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="workersAffected" label={f('workersAffected')}>
            <InputNumber min={1} precision={0} />
          </Form.Item>
          <Form.Item name="amountOwed" label={f('amountOwed')}>
            <InputNumber min={0} precision={2} />
          </Form.Item>
        </Space>
        <LimitationFields />
      </>
    );
  if (category === 'mediation')
    return (
      <>
        <Form.Item name="employerName" label={f('employerName')} rules={[{ required: true }]}>
          <Input maxLength={200} />
        </Form.Item>
        <Form.Item name="requestedOn" label={f('requestedOn')} rules={[{ required: true }]}>
          <Input type="date" />
        </Form.Item>
        <Space wrap>
          <Form.Item name="claimItem" label={f('claimItem')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name="claimAmount" label={f('claimAmount')}>
            <InputNumber min={0} precision={2} />
          </Form.Item>
        </Space>
        <LimitationFields />
      </>
    );
  if (category === 'legal_aid')
    return (
      <>
        <Typography.Text strong>{f('eligibility')}</Typography.Text>
        {LEGAL_AID_QUESTIONS.map((q) => (
          <Form.Item
            key={q}
            name={['eligibility', q]}
            label={t(`rights.questions.${q}`)}
            valuePropName="checked"
            initialValue={false}
          >
            <Switch />
          </Form.Item>
        ))}
        <LimitationFields />
      </>
    );
  return null;
}

function LimitationFields() {
  const { t } = useTranslation();
  const f = (key: string) => t(`rights.fields.${key}`);
  return (
    <>
      <Form.Item name="knownOn" label={f('knownOn')}>
        <Input type="date" />
      </Form.Item>
      <Form.Item name="wagesDuringEmployment" label={f('wagesDuringEmployment')} valuePropName="checked">
        <Switch />
      </Form.Item>
      <Form.Item name="employmentEndedOn" label={f('employmentEndedOn')}>
        <Input type="date" />
      </Form.Item>
    </>
  );
}

type FormValues = Record<string, unknown>;
const text = (v: unknown) => (typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined);

/** Turns the ask form's values into the case details the contract takes. */
export function askDetails(category: CaseCategory, values: FormValues): CaseDetails | undefined {
  const limitation: CaseDetails = {
    ...(text(values.knownOn) ? { knownOn: text(values.knownOn) } : {}),
    ...(values.wagesDuringEmployment ? { wagesDuringEmployment: true } : {}),
    ...(text(values.employmentEndedOn) ? { employmentEndedOn: text(values.employmentEndedOn) } : {}),
  };
  const employer = text(values.employerName)
    ? {
        employer: {
          name: text(values.employerName)!,
          ...(text(values.employerUscc) ? { uscc: text(values.employerUscc) } : {}),
        },
      }
    : {};
  if (category === 'wage_arrears')
    return {
      ...limitation,
      ...employer,
      ...(text(values.months)
        ? {
            months: text(values.months)!
              .split(/[,，\s]+/)
              .filter(Boolean),
          }
        : {}),
      ...(values.workersAffected ? { workersAffected: values.workersAffected as number } : {}),
      ...(values.amountOwed !== undefined && values.amountOwed !== null
        ? { amountOwedFen: yuanToFen(values.amountOwed as number) }
        : {}),
    };
  if (category === 'mediation')
    return {
      ...limitation,
      ...employer,
      ...(text(values.requestedOn) ? { requestedOn: text(values.requestedOn) } : {}),
      ...(text(values.claimItem)
        ? { claims: [{ item: text(values.claimItem)!, amountFen: yuanToFen(values.claimAmount as number) ?? 0 }] }
        : {}),
    };
  if (category === 'legal_aid') return { ...limitation, eligibility: values.eligibility as CaseDetails['eligibility'] };
  return undefined;
}

/** The fields a handler records on a case of a kind (and needs to close it). */
export function HandlerDetailFields({ kind }: { kind: CaseKind }) {
  const { t } = useTranslation();
  const f = (key: string) => t(`rights.fields.${key}`);
  if (kind === 'legal_aid')
    return (
      <>
        {LEGAL_AID_QUESTIONS.map((q) => (
          <Form.Item
            key={q}
            name={['details', 'eligibility', q]}
            label={t(`rights.questions.${q}`)}
            valuePropName="checked"
          >
            <Switch />
          </Form.Item>
        ))}
        <Space wrap>
          <Form.Item name={['details', 'lawyer', 'name']} label={f('lawyerName')}>
            <Input maxLength={200} />
          </Form.Item>
          <Form.Item name={['details', 'lawyer', 'firm']} label={f('lawyerFirm')}>
            <Input maxLength={200} />
          </Form.Item>
        </Space>
        <Form.Item name={['details', 'legalOutcome']} label={f('legalOutcome')}>
          <Select
            allowClear
            options={LEGAL_OUTCOMES.map((o) => ({ value: o, label: t(`rights.legalOutcomes.${o}`) }))}
          />
        </Form.Item>
      </>
    );
  if (kind === 'mediation')
    return (
      <>
        {FACT_ITEMS.map((item) => (
          <Form.Item key={item} name={['details', 'facts', item]} label={t(`rights.facts.${item}`)}>
            <Input.TextArea autoSize maxLength={2000} />
          </Form.Item>
        ))}
        <Form.Item name={['details', 'mediationOutcome']} label={f('mediationOutcome')}>
          <Select
            allowClear
            options={MEDIATION_OUTCOMES.map((o) => ({ value: o, label: t(`rights.mediationOutcomes.${o}`) }))}
          />
        </Form.Item>
        <Form.Item name={['details', 'agreementTerms']} label={f('agreementTerms')}>
          <Input.TextArea rows={3} maxLength={20000} />
        </Form.Item>
        <Form.Item name={['details', 'referenceNumber']} label={f('referenceNumber')}>
          <Input maxLength={100} />
        </Form.Item>
        <Space wrap>
          <Form.Item name={['details', 'referredIn', 'from']} label={f('referredFrom')}>
            <Select
              allowClear
              style={{ minWidth: 200 }}
              options={REFERRAL_SOURCES.map((o) => ({ value: o, label: t(`rights.referralSources.${o}`) }))}
            />
          </Form.Item>
          <Form.Item name={['details', 'referredIn', 'reference']} label={f('referredReference')}>
            <Input maxLength={200} />
          </Form.Item>
        </Space>
      </>
    );
  if (kind === 'wage_arrears')
    return (
      <Space wrap>
        <Form.Item name={['details', 'workersAffected']} label={f('workersAffected')}>
          <InputNumber min={1} precision={0} />
        </Form.Item>
        <Form.Item name="amountOwed" label={f('amountOwed')}>
          <InputNumber min={0} precision={2} />
        </Form.Item>
        <Form.Item name="recovered" label={f('recovered')}>
          <InputNumber min={0} precision={2} />
        </Form.Item>
      </Space>
    );
  return null;
}

/** Drops empty values so a half-filled form records only what was given. */
function prune(value: unknown): unknown {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value) || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>)
    .map(([k, v]) => [k, prune(v)] as const)
    .filter(([, v]) => v !== undefined);
  return entries.length > 0 ? Object.fromEntries(entries) : undefined;
}

export function handlerDetails(values: FormValues): CaseDetails | undefined {
  const details = (prune(values.details) ?? {}) as CaseDetails;
  if (values.amountOwed !== undefined && values.amountOwed !== null)
    details.amountOwedFen = yuanToFen(values.amountOwed as number);
  if (values.recovered !== undefined && values.recovered !== null)
    details.recoveredFen = yuanToFen(values.recovered as number);
  return Object.keys(details).length > 0 ? details : undefined;
}

/** What a reporter sees of their case: progress, deadlines, the union's answers, and what they may do. */
export function ReporterCaseCard({
  value,
  onReply,
  onRate,
  onAttach,
}: {
  value: ReporterCase;
  onReply: (note: string) => Promise<void>;
  onRate: (rating: number, note: string | undefined) => Promise<void>;
  onAttach?: (file: File) => Promise<void>;
}) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const [replyForm] = Form.useForm();
  const [rateForm] = Form.useForm();
  return (
    <Card
      title={
        <Flex gap={8} align="center" wrap>
          <span>{value.title}</span>
          <StageTag stage={value.stage} />
        </Flex>
      }
    >
      <Flex vertical gap={12}>
        <StageSteps stage={value.stage} />
        <Typography.Text type="secondary">
          {t(`rights.categories.${value.category}`)} · {value.organisationName} ·{' '}
          {t('rights.progress.due', { date: value.dueOn })}
        </Typography.Text>
        <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', margin: 0 }}>{value.description}</Typography.Paragraph>
        {value.mediationDeadline && (
          <Typography.Text>{t('rights.progress.mediationDeadline', { date: value.mediationDeadline })}</Typography.Text>
        )}
        {value.mediationExpired && <Alert type="warning" showIcon message={t('rights.progress.mediationExpired')} />}
        <Limitation limitation={value.limitation} />
        {value.resolution && (
          <Alert type="success" message={t('rights.fields.resolution')} description={value.resolution} />
        )}
        <Typography.Title level={5} style={{ margin: 0 }}>
          {t('rights.progress.timeline')}
        </Typography.Title>
        <CaseTimeline events={value.events} locale={i18n.language} />
        {value.attachments.length > 0 && (
          <Typography.Text type="secondary">
            {t('rights.fields.attachments')}: {value.attachments.map((a) => a.fileName).join(t('common.listSeparator'))}
          </Typography.Text>
        )}
        {onAttach && value.stage !== 'rated' && (
          <Flex vertical gap={4}>
            <Typography.Text>{t('rights.progress.attach')}</Typography.Text>
            <AttachInput onFile={onAttach} />
            <Typography.Text type="secondary">{t('rights.progress.attachHint')}</Typography.Text>
          </Flex>
        )}
        {value.actions.includes('reply') && (
          <Form
            form={replyForm}
            name="reporter-reply"
            layout="vertical"
            onFinish={async (v: { note: string }) => {
              try {
                await onReply(v.note);
                replyForm.resetFields();
              } catch (error) {
                message.error(showServerErrors(replyForm, error));
              }
            }}
          >
            <Form.Item name="note" label={t('rights.progress.reply')} rules={[{ required: true }]}>
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
            <Button htmlType="submit">{t('rights.progress.send')}</Button>
          </Form>
        )}
        {value.actions.includes('rate') && (
          <Form
            form={rateForm}
            name="reporter-rate"
            layout="vertical"
            onFinish={async (v: { rating: number; note?: string }) => {
              try {
                await onRate(v.rating, v.note);
              } catch (error) {
                message.error(showServerErrors(rateForm, error));
              }
            }}
          >
            <Form.Item name="rating" label={t('rights.progress.rate')} rules={[{ required: true }]}>
              <Rate />
            </Form.Item>
            <Form.Item name="note" label={t('rights.fields.note')}>
              <Input.TextArea rows={2} maxLength={5000} />
            </Form.Item>
            <Button type="primary" htmlType="submit">
              {t('rights.progress.rate')}
            </Button>
          </Form>
        )}
        {value.rating !== null && (
          <Flex gap={8} align="center">
            <Rate disabled value={value.rating} />
            <Typography.Text type="secondary">{t('rights.progress.rated')}</Typography.Text>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

/** The signed-in person's notices about cases, and marking them all read. */
/** A file picker for a case's documents (the server checks the type by content). */
export function AttachInput({ onFile }: { onFile: (file: File) => Promise<unknown> }) {
  const { t } = useTranslation();
  return (
    <input
      type="file"
      aria-label={t('rights.progress.attach')}
      accept=".pdf,.docx,.jpg,.jpeg,.png"
      onChange={(e) => {
        const file = e.target.files?.[0];
        if (file) void onFile(file).finally(() => (e.target.value = ''));
      }}
    />
  );
}

export function Limitation({ limitation }: { limitation: ReporterCase['limitation'] }) {
  const { t } = useTranslation();
  if (limitation.kind === 'date')
    return <Typography.Text>{t('rights.progress.limitation', { date: limitation.deadline })}</Typography.Text>;
  if (limitation.kind === 'running_from_employment_end')
    return <Typography.Text>{t('rights.progress.limitationRunning')}</Typography.Text>;
  return null;
}

export function CaseTimeline({ events, locale }: { events: ReporterCase['events']; locale: string }) {
  const { t } = useTranslation();
  return (
    <Timeline
      items={events.map((e) => ({
        key: e.id,
        color: e.action === 'escalate' ? 'red' : e.toStage === 'closed' ? 'green' : 'blue',
        children: (
          <Flex vertical>
            <Typography.Text strong>
              {t(`rights.actions.${e.action}`)}
              {e.organisationName ? ` · ${e.organisationName}` : ''}
              {e.actorName ? ` · ${e.actorName}` : ''}
            </Typography.Text>
            <Typography.Text type="secondary">{formatDateTime(e.at, locale)}</Typography.Text>
            {e.note && <Typography.Text style={{ whiteSpace: 'pre-wrap' }}>{e.note}</Typography.Text>}
          </Flex>
        ),
      }))}
    />
  );
}
