import { CheckCircleTwoTone, CloseCircleTwoTone } from '@ant-design/icons';
import {
  type ApplicationStage,
  type applicationSchema,
  type EligibilityRule,
  formatYuan,
  type Locale,
  type PaymentStatus,
  type payoutStepSchema,
  type ruleResultSchema,
  translate,
} from '@gonghui/contract';
import { Flex, List, Tag, Timeline, Typography } from 'antd';
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
import { formatFen } from '../../ui/money';

export type Application = z.infer<typeof applicationSchema>;

const STAGE_COLOURS: Record<ApplicationStage, string> = {
  draft: NEUTRAL_TAG_COLOR,
  submitted: WARNING_TAG_COLOR,
  checked: WARNING_TAG_COLOR,
  reviewed: WARNING_TAG_COLOR,
  notice: INFO_TAG_COLOR,
  approved: SUCCESS_TAG_COLOR,
  rejected: DANGER_TAG_COLOR,
  withdrawn: NEUTRAL_TAG_COLOR,
};
const PAYMENT_COLOURS: Record<PaymentStatus, string> = {
  pending: WARNING_TAG_COLOR,
  batched: INFO_TAG_COLOR,
  paid: SUCCESS_TAG_COLOR,
  failed: DANGER_TAG_COLOR,
  returned: DANGER_TAG_COLOR,
  cancelled: NEUTRAL_TAG_COLOR,
};

export function StageTag({ stage }: { stage: ApplicationStage }) {
  const { t } = useTranslation();
  return <Tag color={STAGE_COLOURS[stage]}>{t(`assistance.stages.${stage}`)}</Tag>;
}

export function PaymentTag({ status }: { status: PaymentStatus | null }) {
  const { t } = useTranslation();
  if (!status) return null;
  return <Tag color={PAYMENT_COLOURS[status]}>{t(`assistance.payment.${status}`)}</Tag>;
}

/** Messages the contract words (eligibility reasons, payout steps), in the reader's language. */
export function useContractText() {
  const { i18n } = useTranslation();
  return (key: string, params: Record<string, string | number> = {}) => translate(i18n.language as Locale, key, params);
}

/** Amounts in the reader's locale; "—" for none. */
export function useMoney() {
  const { i18n } = useTranslation();
  return (fen: number | null | undefined) => (fen === null || fen === undefined ? '—' : formatFen(fen, i18n.language));
}

/** The rules of a programme, each with whether the applicant passes it (when known). */
export function RuleList({ results }: { results: z.infer<typeof ruleResultSchema>[] }) {
  const { t } = useTranslation();
  const text = useContractText();
  return (
    <List
      size="small"
      dataSource={results}
      renderItem={(r) => (
        <List.Item>
          {r.passed ? (
            <CheckCircleTwoTone twoToneColor={SUCCESS_TAG_COLOR} aria-label="✓" />
          ) : (
            <CloseCircleTwoTone twoToneColor={DANGER_TAG_COLOR} aria-label="✗" />
          )}{' '}
          {text(`eligibility.${r.reason}`, { ...r.params, tiers: tierNames(t, String(r.params.tiers ?? '')) })}
        </List.Item>
      )}
    />
  );
}

const tierNames = (t: (key: string) => string, tiers: string) =>
  tiers
    .split(',')
    .filter(Boolean)
    .map((tier) => t(`assistance.tiers.${tier}`))
    .join(t('assistance.listSeparator'));

/** A rule as a cadre reads it in the programme list. */
export function ruleText(
  t: (key: string) => string,
  text: (key: string, params?: Record<string, string | number>) => string,
  rule: EligibilityRule,
) {
  switch (rule.kind) {
    case 'member_months':
      return text('eligibility.member_months', { months: rule.months, actual: '—' }).replace(/（.*）|\(.*\)/, '');
    case 'hardship_file':
      return rule.tiers
        ? text('eligibility.hardship_file_tier', { tiers: tierNames(t, rule.tiers.join(',')) })
        : text('eligibility.hardship_file');
    case 'income_below':
      return text('eligibility.income_below', { yuan: formatYuan(rule.fen) });
    default:
      return text(`eligibility.${rule.kind}`);
  }
}

/** The mutual-aid payout formula, step by step. */
export function PayoutWorking({ steps }: { steps: z.infer<typeof payoutStepSchema>[] }) {
  const text = useContractText();
  const money = useMoney();
  return (
    <List
      size="small"
      bordered
      dataSource={steps}
      renderItem={(step, i) => (
        <List.Item key={step.key}>
          <Flex justify="space-between" gap={12} style={{ width: '100%' }}>
            <Typography.Text>{text(`payout.${step.key}`, step.params)}</Typography.Text>
            <Typography.Text strong={i === steps.length - 1} style={{ whiteSpace: 'nowrap' }}>
              {money(step.fen)}
            </Typography.Text>
          </Flex>
        </List.Item>
      )}
    />
  );
}

export function ApplicationTimeline({ events }: { events: Application['events'] }) {
  const { t, i18n } = useTranslation();
  const money = useMoney();
  return (
    <Timeline
      items={events.map((e, i) => ({
        key: i,
        color:
          e.action.includes('reject') || e.action.includes('fail')
            ? 'red'
            : e.action.includes('approve') || e.action === 'payment_paid'
              ? 'green'
              : 'blue',
        children: (
          <>
            <Typography.Text strong>{t(`assistance.events.${e.action}`)}</Typography.Text>{' '}
            {e.amountFen !== null && <Typography.Text>{money(e.amountFen)}</Typography.Text>}
            <div>
              <Typography.Text type="secondary">
                {formatDateTime(e.at, i18n.language)}
                {e.actorName ? ` · ${e.actorName}` : ''}
              </Typography.Text>
            </div>
            {e.note && <div>{e.note}</div>}
          </>
        ),
      }))}
    />
  );
}

/** A file input for one document kind. */
export function DocumentInput({ label, onFile }: { label: string; onFile: (file: File) => Promise<unknown> }) {
  return (
    <input
      type="file"
      aria-label={label}
      accept=".pdf,.docx,.jpg,.jpeg,.png"
      onChange={(e) => {
        const file = e.target.files?.[0];
        if (file) void onFile(file).finally(() => (e.target.value = ''));
      }}
    />
  );
}
