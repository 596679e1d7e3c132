/**
 * The case engine's case types, declared as data: which categories a type serves, its stages,
 * the transitions each role may make, the fields each transition requires, and its deadline
 * class. The server enforces exactly this table; the web reads it to offer only the actions
 * a case allows.
 */

export const CASE_CATEGORIES = [
  'consultation',
  'help',
  'complaint',
  'legal_aid',
  'suggestion',
  'wage_arrears',
  'mediation',
] as const;
export type CaseCategory = (typeof CASE_CATEGORIES)[number];

export const CASE_KINDS = ['ticket', 'legal_aid', 'mediation', 'wage_arrears'] as const;
export type CaseKind = (typeof CASE_KINDS)[number];

/** 受理 → 派单 → 办理 → 办结 → 回访评价 */
export const CASE_STAGES = ['accepted', 'dispatched', 'handling', 'closed', 'rated'] as const;
export type CaseStage = (typeof CASE_STAGES)[number];
export const OPEN_STAGES: readonly CaseStage[] = ['accepted', 'dispatched', 'handling'];

/** 一般 / 难点 / 特别复杂 */
export const DEADLINE_CLASSES = ['general', 'difficult', 'complex'] as const;
export type DeadlineClass = (typeof DEADLINE_CLASSES)[number];
/** Working days per deadline class, unless the deployment configures its own. */
export const DEFAULT_DEADLINE_DAYS: Readonly<Record<DeadlineClass, number>> = {
  general: 5,
  difficult: 15,
  complex: 30,
};

export const CASE_ACTIONS = ['dispatch', 'take', 'return', 'record', 'reply', 'close', 'rate'] as const;
export type CaseAction = (typeof CASE_ACTIONS)[number];

/**
 * Who may make a transition: the dispatching desk (rights.dispatch over the case's organisation),
 * the handling side (the handler, the case's team, or rights.handle over the organisation), or the
 * person who reported it (signed in, or holding the anonymous follow-up code).
 */
export type CaseActor = 'dispatcher' | 'handler' | 'reporter';

export interface Transition {
  action: CaseAction;
  from: readonly CaseStage[];
  /** The stage after; null keeps the stage (recording details, replying). */
  to: CaseStage | null;
  by: readonly CaseActor[];
  /** Fields (keys of the case's details, or of the action's body) that must be present. */
  requires: readonly string[];
}

export interface CaseType {
  kind: CaseKind;
  categories: readonly CaseCategory[];
  /** Visible only to the assigned team (and break-glass), not to the whole subtree. */
  confidential: boolean;
  defaultDeadline: DeadlineClass;
  transitions: readonly Transition[];
}

const OPEN = OPEN_STAGES;
const common = (closeRequires: readonly string[]): Transition[] => [
  {
    action: 'dispatch',
    from: ['accepted', 'dispatched'],
    to: 'dispatched',
    by: ['dispatcher'],
    requires: ['organisationId'],
  },
  { action: 'take', from: ['dispatched'], to: 'handling', by: ['handler'], requires: [] },
  { action: 'return', from: ['dispatched', 'handling'], to: 'accepted', by: ['handler'], requires: ['note'] },
  { action: 'record', from: OPEN, to: null, by: ['handler', 'dispatcher'], requires: [] },
  {
    action: 'reply',
    from: [...OPEN, 'closed'],
    to: null,
    by: ['handler', 'dispatcher', 'reporter'],
    requires: ['note'],
  },
  { action: 'close', from: ['handling'], to: 'closed', by: ['handler'], requires: ['resolution', ...closeRequires] },
  { action: 'rate', from: ['closed'], to: 'rated', by: ['reporter', 'handler'], requires: ['rating'] },
];

export const CASE_TYPES: Readonly<Record<CaseKind, CaseType>> = {
  ticket: {
    kind: 'ticket',
    categories: ['consultation', 'help', 'complaint', 'suggestion'],
    confidential: false,
    defaultDeadline: 'general',
    transitions: common([]),
  },
  legal_aid: {
    kind: 'legal_aid',
    categories: ['legal_aid'],
    confidential: true,
    defaultDeadline: 'difficult',
    transitions: common(['lawyer', 'legalOutcome']),
  },
  mediation: {
    kind: 'mediation',
    categories: ['mediation'],
    confidential: false,
    defaultDeadline: 'difficult',
    transitions: common(['mediationOutcome']),
  },
  wage_arrears: {
    kind: 'wage_arrears',
    categories: ['wage_arrears'],
    confidential: false,
    defaultDeadline: 'general',
    transitions: common(['recoveredFen']),
  },
};

export function kindOfCategory(category: CaseCategory): CaseKind {
  const type = Object.values(CASE_TYPES).find((t) => t.categories.includes(category));
  return type!.kind;
}

export function transitionOf(kind: CaseKind, action: CaseAction): Transition {
  return CASE_TYPES[kind].transitions.find((t) => t.action === action)!;
}

/** The actions an actor may take on a case at its stage. */
export function allowedActions(kind: CaseKind, stage: CaseStage, as: readonly CaseActor[]): CaseAction[] {
  return CASE_TYPES[kind].transitions
    .filter((t) => t.from.includes(stage) && t.by.some((b) => as.includes(b)))
    .map((t) => t.action);
}

/**
 * The required fields a transition still lacks, looking at the values given with the action and
 * those already on the case. A field that an outcome implies (an agreement needs its terms, a
 * referral its reference number) is required with it.
 */
export function missingFields(kind: CaseKind, action: CaseAction, values: Readonly<Record<string, unknown>>): string[] {
  const present = (key: string) => {
    const value = values[key];
    return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
  };
  const required = [...transitionOf(kind, action).requires];
  if (action === 'close' && kind === 'mediation') {
    if (values.mediationOutcome === 'agreement') required.push('agreementTerms');
    if (values.mediationOutcome === 'referred_arbitration' || values.mediationOutcome === 'referred_court')
      required.push('referenceNumber');
  }
  return required.filter((key) => !present(key));
}

/** Mediation must end within 15 days of the request; after that the worker may apply for arbitration. */
export const MEDIATION_DAYS = 15;

/** A YYYY-MM-DD day `days` calendar days later (earlier when negative). */
export function addDays(day: string, days: number): string {
  const date = new Date(`${day}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return date.toISOString().slice(0, 10);
}

/** The same day a year later (29 February → 28 February). */
export function addYear(day: string): string {
  const date = new Date(`${day}T00:00:00Z`);
  const month = date.getUTCMonth();
  date.setUTCFullYear(date.getUTCFullYear() + 1);
  if (date.getUTCMonth() !== month) date.setUTCDate(0); // 29 February → 28 February
  return date.toISOString().slice(0, 10);
}

export function mediationDeadline(requestedOn: string): string {
  return addDays(requestedOn, MEDIATION_DAYS);
}

export interface LimitationFacts {
  /** When the worker knew, or should have known, of the infringement. */
  knownOn?: string | null | undefined;
  /** The claim is for wages unpaid during the employment. */
  wagesDuringEmployment?: boolean | null | undefined;
  employmentEndedOn?: string | null | undefined;
}

export type Limitation =
  | { kind: 'date'; deadline: string; basis: 'known' | 'employment_ended' }
  | { kind: 'running_from_employment_end' }
  | { kind: 'unknown' };

/**
 * The date by which arbitration must be applied for (劳动争议调解仲裁法 第二十七条): one year
 * from knowing of the infringement; for wages unpaid during the employment, one year after it
 * ends (while it lasts, the clock has not started).
 */
export function limitationOf(facts: LimitationFacts): Limitation {
  if (facts.wagesDuringEmployment) {
    return facts.employmentEndedOn
      ? { kind: 'date', deadline: addYear(facts.employmentEndedOn), basis: 'employment_ended' }
      : { kind: 'running_from_employment_end' };
  }
  return facts.knownOn ? { kind: 'date', deadline: addYear(facts.knownOn), basis: 'known' } : { kind: 'unknown' };
}

/** Legal-aid eligibility questions; every answer must be yes for the union's legal aid. */
export const LEGAL_AID_QUESTIONS = [
  'isWorker',
  'labourRelated',
  'financialHardship',
  'notOtherwiseRepresented',
] as const;
export type LegalAidAnswers = Partial<Record<(typeof LEGAL_AID_QUESTIONS)[number], boolean>>;
export function legalAidEligible(answers: LegalAidAnswers | null | undefined): boolean | null {
  if (!answers || LEGAL_AID_QUESTIONS.some((q) => answers[q] === undefined)) return null;
  return LEGAL_AID_QUESTIONS.every((q) => answers[q] === true);
}

/** Counts below this are shown as "<5" on dashboards, so a small union's case cannot be picked out. */
export const SMALL_COUNT = 5;
