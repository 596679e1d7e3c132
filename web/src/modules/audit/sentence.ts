import { AUDIT_REFERENCES, type AuditEntry, isMessageKey, translate } from '@gonghui/contract';
import type { TFunction } from 'i18next';
import { formatDate, formatDateTime } from '../../ui/dates';
import { formatFen } from '../../ui/money';

// An audit row as a person reads it: "王科长 approved the join application: 张三", then each
// changed field by its name, from what to what, values in words (a stage, a status, an amount in
// yuan, a date in the reader's format). No action keys, ids or JSON reach the screen.

/** Fields that only tie the row to an internal record (the subject already names the object). */
const HIDDEN = new Set([
  'transfer',
  'application',
  'correction',
  'discrepancy',
  'question',
  'itemId',
  'agendaItemId',
  'objectionId',
  'documentId',
  'budgetId',
  'sha256',
  'hash',
]);

/**
 * Where a coded value's words are, by field: the audit catalogue's own `audit.values.<field>`
 * first, then the module catalogues that name the same codes (a case's stage, an application's).
 */
const VALUE_CATALOGUES: Record<string, string[]> = {
  stage: ['rights.stages', 'assistance.stages'],
  status: ['membership.statuses', 'democracy.proposalStatuses', 'membership.transferStatuses'],
  category: ['rights.categories', 'democracy.categories'],
  kind: ['users.kinds', 'democracy.kinds', 'assistance.kinds', 'rights.kinds'],
  tier: ['assistance.tiers'],
  employmentForm: ['membership.forms'],
  routedBy: ['membership.routedBy'],
  deadlineClass: ['rights.classes'],
  electorate: ['democracy.electorates'],
  base: ['democracy.quorumBases', 'democracy.bases'],
  majority: ['democracy.bases'],
  comparison: ['democracy.comparisons'],
  role: ['roles'],
  type: ['organisation.types'],
  ownershipType: ['employer.ownerships'],
};

/** The module whose catalogue comes first for a row, from its action (`case.dispatch` → rights). */
const AREA_CATALOGUE: Record<string, string> = {
  case: 'rights',
  assistance: 'assistance',
  hardship_file: 'assistance',
  congress: 'democracy',
  vote: 'democracy',
  proposal: 'democracy',
  member: 'membership',
  membership: 'membership',
};

export interface ChangeLine {
  field: string;
  label: string;
  text: string;
}

export interface ReadableEntry {
  sentence: string;
  changes: ChangeLine[];
}

interface Reader {
  t: TFunction;
  exists: (key: string) => boolean;
  locale: string;
}

function valueText(reader: Reader, entry: AuditEntry, field: string, value: unknown): string {
  const { t, exists, locale } = reader;
  if (value === null || value === undefined || value === '') return t('audit.none');
  if (typeof value === 'boolean') return t(value ? 'audit.yes' : 'audit.no');
  if (typeof value === 'number')
    return /(^f|F)en$/.test(field) ? formatFen(value, locale) : value.toLocaleString(locale);
  // A list of records (a programme's eligibility rules) is counted; a list of values is listed.
  if (Array.isArray(value) && value.some((item) => item && typeof item === 'object')) {
    return t('audit.items', { count: value.length });
  }
  if (Array.isArray(value))
    return value.map((item) => valueText(reader, entry, field, item)).join(t('audit.listSeparator'));
  if (typeof value === 'object') {
    return Object.entries(value as Record<string, unknown>)
      .map(([key, inner]) => `${t(`audit.fields.${key}`)} ${valueText(reader, entry, key, inner)}`)
      .join(t('audit.partSeparator'));
  }
  const text = String(value);
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(text)) return formatDateTime(text, locale);
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) return formatDate(text, locale);
  const area = AREA_CATALOGUE[entry.action.split('.')[0]!];
  const catalogues = [`audit.values.${field}`, ...(VALUE_CATALOGUES[field] ?? [])].sort(
    (a, b) => Number(!!area && b.startsWith(area)) - Number(!!area && a.startsWith(area)),
  );
  for (const catalogue of catalogues) {
    if (exists(`${catalogue}.${text}`)) return t(`${catalogue}.${text}`);
  }
  // A refusal's reason is a problem code: the problem's own message says it.
  const problem = `problem.${text}`;
  if (isMessageKey(problem)) {
    // The row keeps the code, not the message's figures: a message with figures is cut to its gist.
    const message = translate(locale === 'en' ? 'en' : 'zh-CN', problem);
    return message.includes('{') ? message.split(/[:：]/)[0]! : message;
  }
  return text;
}

/** The lines of a row's changes: each field by name, `from → to` for a change, else its value. */
function changeLines(reader: Reader, entry: AuditEntry): ChangeLine[] {
  const { t } = reader;
  return Object.entries(entry.changes ?? {}).flatMap(([field, value]) => {
    if (HIDDEN.has(field) || value === undefined) return [];
    const label = t(`audit.fields.${field}`);
    if (field in AUDIT_REFERENCES && (typeof value === 'number' || typeof value === 'string')) {
      // Another object, by its name; one without a name the reader may see is left out.
      const reference = entry.references[field];
      return reference === undefined ? [] : [{ field, label, text: reference }];
    }
    if (value && typeof value === 'object' && !Array.isArray(value) && 'to' in value && 'from' in value) {
      const pair = value as { from: unknown; to: unknown };
      const end = (which: 'from' | 'to') =>
        field in AUDIT_REFERENCES && pair[which] !== null
          ? (entry.references[`${field}.${which}`] ?? t('audit.unnamed'))
          : valueText(reader, entry, field, pair[which]);
      const text = t('audit.fromTo', { from: end('from'), to: end('to') });
      return [{ field, label, text }];
    }
    return [{ field, label, text: valueText(reader, entry, field, value) }];
  });
}

/** The row as a sentence and its change lines, in the reader's language. */
export function readEntry(reader: Reader, entry: AuditEntry): ReadableEntry {
  const { t } = reader;
  const actor = entry.actorName ?? t('audit.system');
  const action = t(`audit.actions.${entry.action}`);
  const kind = entry.subjectType ? t(`audit.subjects.${entry.subjectType}`) : null;
  const subject = kind ? (entry.subjectName ? t('audit.named', { kind, name: entry.subjectName }) : kind) : null;
  const sentence = subject
    ? t('audit.sentence', { actor, action, subject })
    : t('audit.sentenceBare', { actor, action });
  return { sentence, changes: changeLines(reader, entry) };
}
