/**
 * Targeted assistance as data: hardship tiers and causes, programme kinds, eligibility rules, the
 * amount a programme pays and the mutual-medical-aid payout formula. Pure functions over integer
 * fen, shared by the server (which enforces them) and the web (which shows the working).
 */

export const HARDSHIP_TIERS = ['deep', 'relative', 'accident'] as const;
export type HardshipTier = (typeof HARDSHIP_TIERS)[number];
export const HARDSHIP_CAUSES = [
  'illness',
  'disability',
  'child_education',
  'accident',
  'unemployment',
  'low_income',
  'disaster',
  'other',
] as const;
export type HardshipCause = (typeof HARDSHIP_CAUSES)[number];
export const FILE_LEVELS = ['national', 'provincial', 'city', 'county', 'grassroots'] as const;
export const FILE_CLOSE_REASONS = ['out_of_hardship', 'retired', 'transferred', 'deceased'] as const;
export type FileCloseReason = (typeof FILE_CLOSE_REASONS)[number];

export const PROGRAMME_KINDS = [
  'warmth',
  'student_aid',
  'medical',
  'emergency',
  'education',
  'mutual_medical',
] as const;
export type ProgrammeKind = (typeof PROGRAMME_KINDS)[number];
/** The need a programme meets: one household is paid once per need and period, across programmes. */
export const NEEDS = ['festival', 'condolence', 'education', 'medical', 'emergency', 'education_subsidy'] as const;
export type Need = (typeof NEEDS)[number];
export const SCHOOL_LEVELS = ['university', 'vocational', 'high_school'] as const;
export type SchoolLevel = (typeof SCHOOL_LEVELS)[number];
export const DOCUMENT_KINDS = [
  'id_card',
  'hardship_proof',
  'enrolment_notice',
  'invoice',
  'discharge_summary',
  'insurance_statement',
  'incident_proof',
  'diploma',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

/** The review steps a programme may use, in this order; approval always ends the chain. */
export const REVIEW_STEPS = ['check', 'review', 'notice'] as const;
export type ReviewStep = (typeof REVIEW_STEPS)[number];

export const APPLICATION_STAGES = [
  'draft',
  'submitted',
  'checked',
  'reviewed',
  'notice',
  'approved',
  'rejected',
  'withdrawn',
] as const;
export type ApplicationStage = (typeof APPLICATION_STAGES)[number];
export const PAYMENT_STATUSES = ['pending', 'batched', 'paid', 'failed', 'returned', 'cancelled'] as const;
export type PaymentStatus = (typeof PAYMENT_STATUSES)[number];

/** The stage each step leads to, and the stage an application must be in for it. */
const STEP_STAGE: Record<ReviewStep, ApplicationStage> = { check: 'checked', review: 'reviewed', notice: 'notice' };

/** The next step of the chain for an application in `stage`; `approve` once the steps are done. */
export function nextStep(chain: readonly ReviewStep[], stage: ApplicationStage): ReviewStep | 'approve' | null {
  if (['draft', 'approved', 'rejected', 'withdrawn'].includes(stage)) return null;
  const done = stage === 'submitted' ? -1 : chain.findIndex((step) => STEP_STAGE[step] === stage);
  if (stage !== 'submitted' && done < 0) return null;
  return chain[done + 1] ?? 'approve';
}
export const stageAfter = (step: ReviewStep): ApplicationStage => STEP_STAGE[step];

// ---- eligibility ----

export type EligibilityRule =
  | { kind: 'member_active' }
  | { kind: 'member_months'; months: number }
  | { kind: 'hardship_file'; tiers?: HardshipTier[] | undefined }
  | { kind: 'income_below'; fen: number }
  | { kind: 'mutual_aid_enrolled' };

/** What the server knows of an applicant when it checks the rules. */
export interface ApplicantFacts {
  memberStatus: string;
  memberMonths: number;
  fileTier: HardshipTier | null;
  /** Monthly income per head of the household's file, in fen; null without a file. */
  incomePerHeadFen: number | null;
  enrolled: boolean;
}

export interface RuleResult {
  rule: EligibilityRule;
  passed: boolean;
  /** A message key under `eligibility.` explaining the rule; params fill it. */
  reason: string;
  params: Record<string, string | number>;
}

export function checkEligibility(rules: readonly EligibilityRule[], facts: ApplicantFacts): RuleResult[] {
  return rules.map((rule) => evaluate(rule, facts));
}

function evaluate(rule: EligibilityRule, facts: ApplicantFacts): RuleResult {
  switch (rule.kind) {
    case 'member_active':
      return { rule, passed: facts.memberStatus === 'active', reason: 'member_active', params: {} };
    case 'member_months':
      return {
        rule,
        passed: facts.memberMonths >= rule.months,
        reason: 'member_months',
        params: { months: rule.months, actual: facts.memberMonths },
      };
    case 'hardship_file': {
      const tiers = rule.tiers ?? [...HARDSHIP_TIERS];
      return {
        rule,
        passed: facts.fileTier !== null && tiers.includes(facts.fileTier),
        reason: rule.tiers ? 'hardship_file_tier' : 'hardship_file',
        params: { tiers: tiers.join(',') },
      };
    }
    case 'income_below':
      return {
        rule,
        passed: facts.incomePerHeadFen !== null && facts.incomePerHeadFen < rule.fen,
        reason: 'income_below',
        params: { yuan: formatYuan(rule.fen) },
      };
    case 'mutual_aid_enrolled':
      return { rule, passed: facts.enrolled, reason: 'mutual_aid_enrolled', params: {} };
  }
}

// ---- amounts ----

export type AmountRule =
  | { kind: 'fixed'; fen: number }
  /** First row whose conditions all hold; e.g. 金秋助学 5,000 yuan for university with a deep-hardship file. */
  | {
      kind: 'table';
      rows: { schoolLevel?: SchoolLevel | undefined; tier?: HardshipTier | undefined; fen: number }[];
    }
  /** Any amount up to the limit: each level records what it grants. */
  | { kind: 'up_to'; maxFen: number }
  | {
      kind: 'mutual_medical';
      /** Yearly fee per enrolled member. */
      feeFen: number;
      deductibleFen: number;
      /** Share of the self-paid cost above the deductible, in per mille (500 = 50%). */
      ratioPermille: number;
      seriousRatioPermille: number;
      yearlyCapFen: number;
    };

/** The most a programme pays this applicant: the limit every level's amount is checked against. */
export function amountLimit(
  rule: AmountRule,
  input: { schoolLevel?: SchoolLevel | null | undefined; tier: HardshipTier | null; claim?: MedicalClaim | null },
  paidThisYearFen = 0,
): number | null {
  switch (rule.kind) {
    case 'fixed':
      return rule.fen;
    case 'up_to':
      return rule.maxFen;
    case 'table': {
      const row = rule.rows.find(
        (r) =>
          (r.schoolLevel === undefined || r.schoolLevel === input.schoolLevel) &&
          (r.tier === undefined || r.tier === input.tier),
      );
      return row?.fen ?? null;
    }
    case 'mutual_medical':
      return input.claim ? medicalPayout(rule, input.claim, paidThisYearFen).payableFen : null;
  }
}

export const DIAGNOSIS_CLASSES = ['general', 'serious'] as const;
export type DiagnosisClass = (typeof DIAGNOSIS_CLASSES)[number];

export interface MedicalClaim {
  invoiceTotalFen: number;
  insurancePaidFen: number;
  selfPaidFen: number;
  hospitalDays: number;
  diagnosisClass: DiagnosisClass;
}

export interface PayoutStep {
  /** A message key under `payout.` with its parameters, e.g. the deductible taken off. */
  key: string;
  params: Record<string, string | number>;
  fen: number;
}

/**
 * The mutual-medical-aid payout: the self-paid cost above the deductible, times the ratio of the
 * diagnosis class (rounded down to the fen), capped by what remains of the yearly cap.
 */
export function medicalPayout(
  rule: Extract<AmountRule, { kind: 'mutual_medical' }>,
  claim: MedicalClaim,
  paidThisYearFen: number,
): { payableFen: number; steps: PayoutStep[] } {
  const steps: PayoutStep[] = [];
  const base = claim.selfPaidFen;
  steps.push({ key: 'self_paid', params: { yuan: formatYuan(base) }, fen: base });
  const above = Math.max(0, base - rule.deductibleFen);
  steps.push({ key: 'deductible', params: { yuan: formatYuan(rule.deductibleFen) }, fen: above });
  const ratio = claim.diagnosisClass === 'serious' ? rule.seriousRatioPermille : rule.ratioPermille;
  const proportional = Math.floor((above * ratio) / 1000);
  steps.push({ key: `ratio_${claim.diagnosisClass}`, params: { percent: ratio / 10 }, fen: proportional });
  const remaining = Math.max(0, rule.yearlyCapFen - paidThisYearFen);
  const payableFen = Math.min(proportional, remaining);
  steps.push({
    key: 'cap',
    params: { cap: formatYuan(rule.yearlyCapFen), paid: formatYuan(paidThisYearFen) },
    fen: payableFen,
  });
  return { payableFen, steps };
}

/** Self-paid cannot exceed what the invoice leaves after basic medical insurance. */
export function claimConsistent(claim: MedicalClaim): boolean {
  return (
    claim.insurancePaidFen <= claim.invoiceTotalFen &&
    claim.selfPaidFen <= claim.invoiceTotalFen - claim.insurancePaidFen
  );
}

/** 123456 fen → "1,234.56"; integer arithmetic only. */
export function formatYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const yuan = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}${yuan}.${(abs % 100).toString().padStart(2, '0')}`;
}

/** The period a need is counted in: the year, or the month for emergency aid. */
export function periodOf(need: Need, day: string): string {
  return need === 'emergency' ? day.slice(0, 7) : day.slice(0, 4);
}

/** Counts a statistic shows: below 5 they could identify a household, so they are shown as "<5". */
export function suppressSmall(count: number): number | '<5' {
  return count > 0 && count < 5 ? '<5' : count;
}
