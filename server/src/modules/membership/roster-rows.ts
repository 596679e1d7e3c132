import {
  checkIdNumber,
  type EMPLOYMENT_FORMS,
  isPlausibleRegionCode,
  isValidMobile,
  JOB_TYPES,
  normaliseCode,
  personNameSchema,
  valuesByLabel,
} from '@gonghui/contract';
import { type Cell, type ColumnSpec, dateOf, fenOf, idNumberOf, textOf } from '../../platform/spreadsheet';
import { duesOfWage, personFields } from './member-record';
import type { MembershipDeps } from './members.service';
import type { StagedMember } from './roster.repository';

// The roster file's columns and the rules of one row: what the import template, the import and the
// conflict review read a row by.

export const ROSTER_COLUMNS = [
  { key: 'name', headers: ['姓名', 'name'], required: true },
  { key: 'idNumber', headers: ['身份证号', '身份证号码', '公民身份号码', 'idnumber'], required: true },
  { key: 'mobile', headers: ['手机号', '手机号码', '联系电话', 'mobile'], required: false },
  {
    key: 'employerUscc',
    headers: ['用人单位统一社会信用代码', '统一社会信用代码', '单位统一社会信用代码', 'employeruscc'],
    required: false,
  },
  { key: 'employmentForm', headers: ['就业形态', 'employmentform'], required: false },
  { key: 'jobType', headers: ['职业类别', '职业', 'jobtype'], required: false },
  { key: 'platform', headers: ['平台', '就业平台', 'platform'], required: false },
  { key: 'residenceRegionCode', headers: ['常住地区划代码', '常住地', 'residenceregioncode'], required: false },
  { key: 'monthlyWage', headers: ['月工资', '月收入', 'monthlywage'], required: false },
  { key: 'joinedOn', headers: ['入会日期', '入会时间', 'joinedon'], required: false },
  // A federation's roster names each member's union; empty means the union imported into.
  { key: 'unionId', headers: ['所在工会编号', '工会编号', 'unionid'], required: false },
] as const satisfies readonly ColumnSpec<string>[];
export type RosterKey = (typeof ROSTER_COLUMNS)[number]['key'];

/** The template's header cells (Chinese, required ones marked) and an example row. */
export const TEMPLATE_HEADERS = [
  '姓名*',
  '身份证号*',
  '手机号',
  '用人单位统一社会信用代码',
  '就业形态',
  '职业类别',
  '平台',
  '常住地区划代码',
  '月工资（元）',
  '入会日期',
  '所在工会编号',
];

const FORM_WORDS: Record<string, (typeof EMPLOYMENT_FORMS)[number]> = {
  职工: 'standard',
  劳动合同: 'standard',
  standard: 'standard',
  新就业形态: 'gig',
  新业态: 'gig',
  平台就业: 'gig',
  gig: 'gig',
  灵活就业: 'flexible',
  flexible: 'flexible',
  // What an export writes, in either language, reads back.
  ...(valuesByLabel('employmentForm') as Record<string, (typeof EMPLOYMENT_FORMS)[number]>),
};
const JOB_WORDS: Record<string, (typeof JOB_TYPES)[number]> = {
  外卖骑手: 'rider',
  外卖送餐员: 'rider',
  骑手: 'rider',
  快递员: 'courier',
  网约车司机: 'ride_hailing',
  网约车驾驶员: 'ride_hailing',
  货车司机: 'truck_driver',
  货车驾驶员: 'truck_driver',
  家政服务员: 'domestic',
  网络主播: 'online_seller',
  网店店主: 'online_seller',
  其他: 'other',
  ...Object.fromEntries(JOB_TYPES.map((j) => [j, j])),
  ...(valuesByLabel('jobType') as Record<string, (typeof JOB_TYPES)[number]>),
};

export interface RowProblem {
  field: string;
  messageKey: string;
  params?: Record<string, string>;
}

type ParsedRow =
  | {
      ok: true;
      row: Omit<StagedMember, 'employerId' | 'organisationId'>;
      employerUscc: string | null;
      unionId: number | null;
    }
  | { ok: false; problems: RowProblem[] };

export const columnLabel = (key: RosterKey) => ROSTER_COLUMNS.find((c) => c.key === key)!.headers[0];

/** Validates and normalises one row: every problem of the row is reported, not just the first. */
export function parseRosterRow(
  deps: Pick<MembershipDeps, 'cipher' | 'config'>,
  rowNumber: number,
  get: (key: RosterKey) => Cell,
  today: string,
  /** What the rows read so far say about the whole file. */
  file?: { idsCutByExcel: boolean },
): ParsedRow {
  const problems: RowProblem[] = [];
  const required = (key: RosterKey) =>
    problems.push({ field: key, messageKey: 'import.required', params: { column: columnLabel(key) } });

  const nameText = textOf(get('name'));
  const name = personNameSchema.safeParse(nameText);
  if (!nameText) required('name');
  else if (!name.success) problems.push({ field: 'name', messageKey: 'validation.name' });

  let idNumber = '';
  const idCell = get('idNumber');
  if (idCell === null || textOf(idCell) === '') required('idNumber');
  else {
    const parsed = idNumberOf(idCell);
    if ('scientific' in parsed) {
      problems.push({
        field: 'idNumber',
        messageKey: 'import.id_number_scientific',
        params: { value: parsed.scientific },
      });
    } else if (parsed.value.includes('*')) {
      // The product's own masked export, sent back: nothing on the row can be matched or changed,
      // and that is all there is to say of it (its masked mobile is no error of the cadre's).
      return { ok: false, problems: [{ field: 'idNumber', messageKey: 'import.id_number_masked' }] };
    } else {
      const problem = checkIdNumber(parsed.value);
      // Excel keeps 15 significant digits of a number: an 18-digit ID typed as a number ends in 000.
      // Most such IDs then fail their check digit; once one has, the file's column is known to be
      // cut, and a later 000 that passes by chance (one in eleven) is not taken for a real person.
      const isCut = /000$/.test(parsed.value) && (problem === 'validation.idNumber.checkDigit' || file?.idsCutByExcel);
      if (isCut) {
        if (file) file.idsCutByExcel = true;
        problems.push({ field: 'idNumber', messageKey: 'import.id_number_cut', params: { value: parsed.value } });
      } else if (problem) problems.push({ field: 'idNumber', messageKey: problem });
      else idNumber = parsed.value;
    }
  }

  const mobileText = normaliseCode(textOf(get('mobile')))
    .replace(/[\s-]/g, '')
    .replace(/^\+?86/, '');
  if (mobileText && !isValidMobile(mobileText)) problems.push({ field: 'mobile', messageKey: 'validation.mobile' });

  const usccText = normaliseCode(textOf(get('employerUscc')));

  const choice = <T extends string>(key: RosterKey, words: Record<string, T>): T | null => {
    const text = textOf(get(key));
    if (!text) return null;
    const value = words[text] ?? words[text.toLowerCase()];
    if (!value)
      problems.push({ field: key, messageKey: 'import.choice', params: { column: columnLabel(key), value: text } });
    return value ?? null;
  };
  const jobType = choice('jobType', JOB_WORDS);
  // Null: not given. A new member's form is then inferred from the job type; an existing one's kept.
  const employmentForm = choice('employmentForm', FORM_WORDS);

  const residence = normaliseCode(textOf(get('residenceRegionCode')));
  if (residence && !isPlausibleRegionCode(residence)) {
    problems.push({ field: 'residenceRegionCode', messageKey: 'validation.regionCode' });
  }

  const wageCell = get('monthlyWage');
  const monthlyWageFen = fenOf(wageCell);
  if (wageCell !== null && textOf(wageCell) !== '' && monthlyWageFen === null) {
    problems.push({
      field: 'monthlyWage',
      messageKey: 'import.amount',
      params: { column: columnLabel('monthlyWage') },
    });
  }

  const joinedCell = get('joinedOn');
  let joinedOn = today;
  if (joinedCell !== null && textOf(joinedCell) !== '') {
    const date = dateOf(joinedCell);
    if (!date || date > today) {
      problems.push({
        field: 'joinedOn',
        messageKey: date ? 'import.date_future' : 'import.date',
        params: { column: columnLabel('joinedOn'), value: date ?? textOf(joinedCell) },
      });
    } else joinedOn = date;
  }

  const unionText = normaliseCode(textOf(get('unionId')));
  const unionId = unionText ? Number(unionText) : null;
  if (unionText && !(Number.isSafeInteger(unionId) && (unionId ?? 0) > 0)) {
    problems.push({
      field: 'unionId',
      messageKey: 'import.choice',
      params: { column: columnLabel('unionId'), value: unionText },
    });
  }

  // Free text is capped as the join form caps it: a cell of megabytes is refused, not stored.
  const platform = textOf(get('platform')).replace(/\s+/g, ' ') || null;
  if (platform && [...platform].length > 100) {
    problems.push({
      field: 'platform',
      messageKey: 'import.too_long',
      params: { column: columnLabel('platform'), max: '100' },
    });
  }

  if (problems.length > 0 || !name.success) return { ok: false, problems };
  const person = personFields(deps.cipher, { name: name.data, idNumber, mobile: mobileText || null, monthlyWageFen });
  return {
    ok: true,
    employerUscc: usccText || null,
    unionId,
    row: {
      rowNumber,
      idNumberHash: person.idNumberHash,
      idNumberEnc: person.idNumberEnc,
      mobileHash: person.mobileHash,
      mobileEnc: person.mobileEnc,
      name: person.name,
      nameSearch: person.nameSearch,
      nameTokens: person.nameTokens,
      gender: person.gender,
      birthYear: person.birthYear,
      employmentForm,
      platform,
      jobType,
      residenceRegionCode: residence || null,
      monthlyWageEnc: person.monthlyWageEnc,
      duesMonthlyFen: duesOfWage(monthlyWageFen, deps.config.membership.duesRateBasisPoints),
      joinedOn,
    },
  };
}
