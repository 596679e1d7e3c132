import {
  DOCUMENT_KINDS,
  type EligibilityRule,
  HARDSHIP_TIERS,
  type HardshipTier,
  NEEDS,
  PROGRAMME_KINDS,
  type ProgrammeBody,
  type programmeSchema,
  REVIEW_STEPS,
  SCHOOL_LEVELS,
} from '@gonghui/contract';
import { App, Button, Card, Checkbox, DatePicker, Drawer, Form, Input, InputNumber, Select, Space, Switch } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import type { z } from 'zod';
import { useCurrentOrganisation } from '../../app/current-organisation';
import { showServerErrors } from '../../ui/forms';
import { fenOfYuan } from '../../ui/money';
import { OrganisationPicker } from '../../ui/organisation-tree';
import { assistanceApi } from './api';

type Programme = z.infer<typeof programmeSchema>;
const toYuan = (fen: number | null | undefined) => (fen === null || fen === undefined ? undefined : fen / 100);
const permille = (percent: number) => Math.round(percent * 10);

interface ProgrammeForm {
  organisationId: number;
  kind: ProgrammeBody['kind'];
  name: string;
  description?: string;
  need: string;
  ruleKinds: string[];
  months?: number;
  tiers?: string[];
  incomeBelow?: number;
  documents: string[];
  amountKind: 'fixed' | 'table' | 'up_to' | 'mutual_medical';
  fixed?: number;
  maxAmount?: number;
  rows?: { schoolLevel?: string; tier?: string; amount: number }[];
  fee?: number;
  deductible?: number;
  ratio?: number;
  seriousRatio?: number;
  yearlyCap?: number;
  chain: string[];
  homeVisitRequired: boolean;
  noticeDays: number;
  dualApprovalFrom?: number | null;
  window: [dayjs.Dayjs, dayjs.Dayjs];
  enrolmentWindow?: [dayjs.Dayjs, dayjs.Dayjs];
}

function formOf(p: Programme | null, defaultOrganisation: number | null): Partial<ProgrammeForm> {
  if (!p) {
    const year = new Date().getFullYear();
    return {
      organisationId: defaultOrganisation ?? undefined,
      kind: 'emergency',
      need: 'emergency',
      ruleKinds: ['member_active'],
      documents: [],
      amountKind: 'up_to',
      chain: ['check', 'review', 'notice'],
      homeVisitRequired: true,
      noticeDays: 5,
      window: [dayjs(`${year}-01-01`), dayjs(`${year}-12-31`)],
    };
  }
  const rule = <K extends EligibilityRule['kind']>(kind: K) =>
    p.rules.find((r) => r.kind === kind) as Extract<EligibilityRule, { kind: K }> | undefined;
  const a = p.amount;
  return {
    organisationId: p.organisationId,
    kind: p.kind,
    name: p.name,
    description: p.description,
    need: p.need ?? 'none',
    ruleKinds: p.rules.map((r) => r.kind),
    months: rule('member_months')?.months,
    tiers: rule('hardship_file')?.tiers,
    incomeBelow: toYuan(rule('income_below')?.fen),
    documents: p.documents,
    amountKind: a.kind,
    fixed: a.kind === 'fixed' ? toYuan(a.fen) : undefined,
    maxAmount: a.kind === 'up_to' ? toYuan(a.maxFen) : undefined,
    rows:
      a.kind === 'table'
        ? a.rows.map((r) => ({ schoolLevel: r.schoolLevel, tier: r.tier, amount: r.fen / 100 }))
        : undefined,
    fee: a.kind === 'mutual_medical' ? toYuan(a.feeFen) : undefined,
    deductible: a.kind === 'mutual_medical' ? toYuan(a.deductibleFen) : undefined,
    ratio: a.kind === 'mutual_medical' ? a.ratioPermille / 10 : undefined,
    seriousRatio: a.kind === 'mutual_medical' ? a.seriousRatioPermille / 10 : undefined,
    yearlyCap: a.kind === 'mutual_medical' ? toYuan(a.yearlyCapFen) : undefined,
    chain: p.chain,
    homeVisitRequired: p.homeVisitRequired,
    noticeDays: p.noticeDays,
    dualApprovalFrom: toYuan(p.dualApprovalFromFen),
    window: [dayjs(p.opensOn), dayjs(p.closesOn)],
    enrolmentWindow:
      p.enrolmentOpensOn && p.enrolmentClosesOn ? [dayjs(p.enrolmentOpensOn), dayjs(p.enrolmentClosesOn)] : undefined,
  };
}

function bodyOf(v: ProgrammeForm): Record<string, unknown> {
  const rules: EligibilityRule[] = v.ruleKinds.map((kind): EligibilityRule => {
    if (kind === 'member_months') return { kind, months: v.months ?? 6 };
    if (kind === 'hardship_file') return v.tiers?.length ? { kind, tiers: v.tiers as HardshipTier[] } : { kind };
    if (kind === 'income_below') return { kind, fen: fenOfYuan(v.incomeBelow ?? 0) };
    return { kind: kind as 'member_active' | 'mutual_aid_enrolled' };
  });
  const amount =
    v.amountKind === 'fixed'
      ? { kind: 'fixed', fen: fenOfYuan(v.fixed ?? 0) }
      : v.amountKind === 'up_to'
        ? { kind: 'up_to', maxFen: fenOfYuan(v.maxAmount ?? 0) }
        : v.amountKind === 'table'
          ? {
              kind: 'table',
              rows: (v.rows ?? []).map((r) => ({
                ...(r.schoolLevel ? { schoolLevel: r.schoolLevel } : {}),
                ...(r.tier ? { tier: r.tier } : {}),
                fen: fenOfYuan(r.amount),
              })),
            }
          : {
              kind: 'mutual_medical',
              feeFen: fenOfYuan(v.fee ?? 0),
              deductibleFen: fenOfYuan(v.deductible ?? 0),
              ratioPermille: permille(v.ratio ?? 0),
              seriousRatioPermille: permille(v.seriousRatio ?? 0),
              yearlyCapFen: fenOfYuan(v.yearlyCap ?? 0),
            };
  return {
    organisationId: v.organisationId,
    kind: v.kind,
    name: v.name,
    description: v.description ?? '',
    need: v.need === 'none' ? null : v.need,
    rules,
    documents: v.documents,
    amount,
    chain: REVIEW_STEPS.filter((s) => v.chain.includes(s)),
    homeVisitRequired: v.homeVisitRequired,
    noticeDays: v.noticeDays,
    dualApprovalFromFen: v.dualApprovalFrom ? fenOfYuan(v.dualApprovalFrom) : null,
    opensOn: v.window[0].format('YYYY-MM-DD'),
    closesOn: v.window[1].format('YYYY-MM-DD'),
    enrolmentOpensOn: v.enrolmentWindow?.[0].format('YYYY-MM-DD') ?? null,
    enrolmentClosesOn: v.enrolmentWindow?.[1].format('YYYY-MM-DD') ?? null,
  };
}

/** The programme editor: rules, documents, amount, chain and windows, all as the contract's data. */
export function ProgrammeDrawer({ programme, onClose }: { programme: Programme | null; onClose: () => void }) {
  const sendUpdateProgramme = assistanceApi.useSend('updateProgramme');
  const sendCreateProgramme = assistanceApi.useSend('createProgramme');
  const { t } = useTranslation();
  const { message } = App.useApp();
  const current = useCurrentOrganisation();
  const [form] = Form.useForm<ProgrammeForm>();
  const amountKind = Form.useWatch('amountKind', form);
  const ruleKinds = Form.useWatch('ruleKinds', form) ?? [];
  const kind = Form.useWatch('kind', form);
  const f = (k: string) => t(`assistance.fields.${k}`);
  const yuanInput = (name: keyof ProgrammeForm, label: string) => (
    <Form.Item name={name} label={label} rules={[{ required: true }]}>
      <InputNumber min={0} precision={2} style={{ width: 180 }} />
    </Form.Item>
  );
  const submit = async (values: ProgrammeForm) => {
    try {
      const body = bodyOf(values);
      if (programme)
        await sendUpdateProgramme.mutateAsync({ params: { id: programme.id }, body: body as ProgrammeBody });
      else await sendCreateProgramme.mutateAsync({ body: body as ProgrammeBody });
      onClose();
    } catch (error) {
      message.error(showServerErrors(form, error));
    }
  };
  return (
    <Drawer
      open
      onClose={onClose}
      width={640}
      title={programme ? t('assistance.programmes.edit') : t('assistance.programmes.new')}
    >
      <Form
        form={form}
        layout="vertical"
        name="programme"
        initialValues={formOf(programme, current.id)}
        onFinish={submit}
      >
        <Form.Item name="organisationId" label={f('owner')} rules={[{ required: true }]}>
          <OrganisationPicker aria-label={f('owner')} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="kind" label={f('kind')} rules={[{ required: true }]}>
            <Select
              style={{ width: 180 }}
              options={PROGRAMME_KINDS.map((k) => ({ value: k, label: t(`assistance.kinds.${k}`) }))}
              onChange={(k) =>
                k === 'mutual_medical' && form.setFieldsValue({ amountKind: 'mutual_medical', need: 'none' })
              }
            />
          </Form.Item>
          <Form.Item name="need" label={f('need')} rules={[{ required: true }]}>
            <Select
              style={{ width: 160 }}
              options={[...NEEDS, 'none'].map((n) => ({ value: n, label: t(`assistance.needs.${n}`) }))}
            />
          </Form.Item>
        </Space>
        <Form.Item name="name" label={f('name')} rules={[{ required: true, min: 2 }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Form.Item name="description" label={f('description')}>
          <Input.TextArea rows={2} maxLength={2000} />
        </Form.Item>
        <Form.Item name="ruleKinds" label={f('rules')}>
          <Checkbox.Group
            options={['member_active', 'member_months', 'hardship_file', 'income_below', 'mutual_aid_enrolled'].map(
              (k) => ({
                value: k,
                label: t(`assistance.rules.${k}`),
              }),
            )}
          />
        </Form.Item>
        <Space wrap>
          {ruleKinds.includes('member_months') && (
            <Form.Item name="months" label={f('months')} rules={[{ required: true }]}>
              <InputNumber min={1} max={600} />
            </Form.Item>
          )}
          {ruleKinds.includes('hardship_file') && (
            <Form.Item name="tiers" label={f('tier')}>
              <Select
                mode="multiple"
                style={{ minWidth: 220 }}
                options={HARDSHIP_TIERS.map((v) => ({ value: v, label: t(`assistance.tiers.${v}`) }))}
              />
            </Form.Item>
          )}
          {ruleKinds.includes('income_below') && yuanInput('incomeBelow', f('incomeBelow'))}
        </Space>
        <Form.Item name="documents" label={f('documents')}>
          <Select
            mode="multiple"
            options={DOCUMENT_KINDS.map((d) => ({ value: d, label: t(`assistance.documents.${d}`) }))}
          />
        </Form.Item>
        <Form.Item name="amountKind" label={f('amountKind')} rules={[{ required: true }]}>
          <Select
            options={(['fixed', 'table', 'up_to', 'mutual_medical'] as const)
              .filter((k) => (kind === 'mutual_medical') === (k === 'mutual_medical'))
              .map((k) => ({ value: k, label: t(`assistance.amountKinds.${k}`) }))}
          />
        </Form.Item>
        {amountKind === 'fixed' && yuanInput('fixed', f('fixed'))}
        {amountKind === 'up_to' && yuanInput('maxAmount', f('maxAmount'))}
        {amountKind === 'table' && (
          <Form.List name="rows" initialValue={[{}]}>
            {(fields, { add, remove }) => (
              <Card size="small" title={f('tableRows')} style={{ marginBottom: 16 }}>
                {fields.map((field) => (
                  <Space key={field.key} wrap>
                    <Form.Item name={[field.name, 'schoolLevel']} label={f('schoolLevel')}>
                      <Select
                        allowClear
                        placeholder={t('assistance.programmes.anyLevel')}
                        style={{ width: 160 }}
                        options={SCHOOL_LEVELS.map((l) => ({ value: l, label: t(`assistance.schoolLevels.${l}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'tier']} label={f('tier')}>
                      <Select
                        allowClear
                        placeholder={t('assistance.programmes.anyTier')}
                        style={{ width: 130 }}
                        options={HARDSHIP_TIERS.map((v) => ({ value: v, label: t(`assistance.tiers.${v}`) }))}
                      />
                    </Form.Item>
                    <Form.Item name={[field.name, 'amount']} label={f('fixed')} rules={[{ required: true }]}>
                      <InputNumber min={0.01} precision={2} />
                    </Form.Item>
                    <Button type="link" danger onClick={() => remove(field.name)}>
                      ✕
                    </Button>
                  </Space>
                ))}
                <Button onClick={() => add({})}>{t('assistance.programmes.addRow')}</Button>
              </Card>
            )}
          </Form.List>
        )}
        {amountKind === 'mutual_medical' && (
          <Space wrap>
            {yuanInput('fee', f('fee'))}
            {yuanInput('deductible', f('deductible'))}
            <Form.Item name="ratio" label={f('ratio')} rules={[{ required: true }]}>
              <InputNumber min={0.1} max={100} precision={1} />
            </Form.Item>
            <Form.Item name="seriousRatio" label={f('seriousRatio')} rules={[{ required: true }]}>
              <InputNumber min={0.1} max={100} precision={1} />
            </Form.Item>
            {yuanInput('yearlyCap', f('yearlyCap'))}
          </Space>
        )}
        <Form.Item name="chain" label={f('chain')}>
          <Checkbox.Group options={REVIEW_STEPS.map((s) => ({ value: s, label: t(`assistance.steps.${s}`) }))} />
        </Form.Item>
        <Space wrap>
          <Form.Item name="homeVisitRequired" label={f('homeVisitRequired')} valuePropName="checked">
            <Switch />
          </Form.Item>
          <Form.Item name="noticeDays" label={f('noticeDays')} rules={[{ required: true }]}>
            <InputNumber min={1} max={30} />
          </Form.Item>
          <Form.Item name="dualApprovalFrom" label={f('dualApprovalFrom')}>
            <InputNumber min={0} precision={2} style={{ width: 160 }} />
          </Form.Item>
        </Space>
        <Form.Item name="window" label={f('window')} rules={[{ required: true }]}>
          <DatePicker.RangePicker />
        </Form.Item>
        {kind === 'mutual_medical' && (
          <Form.Item name="enrolmentWindow" label={f('enrolmentWindow')} rules={[{ required: true }]}>
            <DatePicker.RangePicker />
          </Form.Item>
        )}
        <Button type="primary" htmlType="submit">
          {t('common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
