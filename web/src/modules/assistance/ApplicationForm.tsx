import {
  applicationBodySchema,
  bankAccountSchema,
  DIAGNOSIS_CLASSES,
  medicalPayout,
  type programmeSchema,
  SCHOOL_LEVELS,
} from '@gonghui/contract';
import { Card, Checkbox, Form, type FormInstance, Input, InputNumber, Select, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import { schemaRule } from '../../ui/forms';
import { fenOfYuan } from '../../ui/money';
import { PayoutWorking, useContractText, useMoney } from './shared';

type Programme = z.infer<typeof programmeSchema>;
type Values = Record<string, string | number | boolean | undefined>;
const yuan = z.number().min(0).max(1_000_000_000);

/**
 * The fields an application to this programme asks for — school and level, an amount, the medical
 * costs with the payout worked out as they are typed — then the bank account and the consent. The
 * member app and the console's "apply for a member" share them.
 */
export function ApplicationFields({
  programme,
  form,
  consentLabel,
}: {
  programme: Programme;
  form: FormInstance;
  consentLabel: string;
}) {
  const { t } = useTranslation();
  const text = useContractText();
  const money = useMoney();
  const values = Form.useWatch([], form) as Values | undefined;
  const f = (key: string) => t(`assistance.fields.${key}`);
  const estimate =
    programme.amount.kind === 'mutual_medical' && values?.selfPaid !== undefined && values.selfPaid !== null
      ? medicalPayout(
          programme.amount,
          {
            invoiceTotalFen: fenOfYuan((values.invoiceTotal as number) ?? 0),
            insurancePaidFen: fenOfYuan((values.insurancePaid as number) ?? 0),
            selfPaidFen: fenOfYuan(values.selfPaid as number),
            hospitalDays: Number(values.hospitalDays ?? 0),
            diagnosisClass: (values.diagnosisClass as 'general' | 'serious') ?? 'general',
          },
          0,
        )
      : null;
  return (
    <>
      {programme.kind === 'student_aid' && (
        <>
          <Form.Item name="schoolLevel" label={f('schoolLevel')} rules={[{ required: true }]}>
            <Select options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`assistance.schoolLevels.${l}`) }))} />
          </Form.Item>
          <Form.Item name="studentName" label={f('studentName')} rules={[{ required: true }]}>
            <Input maxLength={50} />
          </Form.Item>
          <Form.Item name="school" label={f('school')} rules={[{ required: true }]}>
            <Input maxLength={200} />
          </Form.Item>
        </>
      )}
      {programme.amount.kind === 'up_to' && (
        <Form.Item name="requested" label={f('requested')} rules={[{ required: true }, schemaRule(yuan)]}>
          <InputNumber min={0.01} max={programme.amount.maxFen / 100} precision={2} style={{ width: '100%' }} />
        </Form.Item>
      )}
      {programme.kind === 'mutual_medical' && (
        <>
          {(['invoiceTotal', 'insurancePaid', 'selfPaid'] as const).map((key) => (
            <Form.Item key={key} name={key} label={f(key)} rules={[{ required: true }]}>
              <InputNumber min={0} precision={2} style={{ width: '100%' }} />
            </Form.Item>
          ))}
          <Form.Item name="hospitalDays" label={f('hospitalDays')} rules={[{ required: true }]}>
            <InputNumber min={0} max={366} precision={0} style={{ width: '100%' }} />
          </Form.Item>
          <Form.Item name="diagnosisClass" label={f('diagnosisClass')} rules={[{ required: true }]}>
            <Select options={DIAGNOSIS_CLASSES.map((d) => ({ value: d, label: t(`assistance.diagnosis.${d}`) }))} />
          </Form.Item>
          <Form.Item name="hospital" label={f('hospital')}>
            <Input maxLength={100} />
          </Form.Item>
          {estimate && (
            <Card
              size="small"
              title={`${t('assistance.member.estimate')}: ${money(estimate.payableFen)}`}
              style={{ marginBottom: 16 }}
            >
              <PayoutWorking steps={estimate.steps} />
              <Typography.Text type="secondary">{t('assistance.member.estimateNote')}</Typography.Text>
            </Card>
          )}
        </>
      )}
      <Form.Item
        name="reason"
        label={f('reason')}
        rules={[{ required: true }, schemaRule(applicationBodySchema.shape.reason)]}
      >
        <Input.TextArea rows={3} maxLength={2000} />
      </Form.Item>
      <Form.Item
        name="bankName"
        label={f('bankName')}
        rules={[{ required: true }, schemaRule(bankAccountSchema.shape.bankName)]}
      >
        <Input maxLength={100} />
      </Form.Item>
      <Form.Item name="accountName" label={f('accountName')} rules={[{ required: true }]}>
        <Input maxLength={50} />
      </Form.Item>
      <Form.Item
        name="accountNumber"
        label={f('accountNumber')}
        rules={[{ required: true }, schemaRule(bankAccountSchema.shape.accountNumber)]}
      >
        <Input inputMode="numeric" maxLength={40} />
      </Form.Item>
      <Form.Item
        name="consent"
        valuePropName="checked"
        rules={[
          {
            validator: async (_r, v) =>
              v ? undefined : Promise.reject(new Error(text('validation.assistance.consent'))),
          },
        ]}
      >
        <Checkbox>{consentLabel}</Checkbox>
      </Form.Item>
    </>
  );
}

/** The request body from the form's values: yuan as exact fen, only the parts this programme takes. */
export function applicationBody(programme: Programme, values: Values) {
  return {
    programmeId: programme.id,
    reason: values.reason,
    ...(values.requested !== undefined && values.requested !== null
      ? { requestedFen: fenOfYuan(values.requested as number) }
      : {}),
    ...(programme.kind === 'student_aid'
      ? { schoolLevel: values.schoolLevel, student: { name: values.studentName, school: values.school } }
      : {}),
    ...(programme.kind === 'mutual_medical'
      ? {
          claim: {
            invoiceTotalFen: fenOfYuan(values.invoiceTotal as number),
            insurancePaidFen: fenOfYuan(values.insurancePaid as number),
            selfPaidFen: fenOfYuan(values.selfPaid as number),
            hospitalDays: values.hospitalDays,
            diagnosisClass: values.diagnosisClass,
            ...(values.hospital ? { hospital: values.hospital } : {}),
          },
        }
      : {}),
    bankAccount: { bankName: values.bankName, accountName: values.accountName, accountNumber: values.accountNumber },
    consent: values.consent === true,
  };
}
