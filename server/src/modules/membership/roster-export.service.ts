import type { Writable } from 'node:stream';
import { type ListMembersQuery, type Locale, maskIdNumber, maskMobile, memberLabel } from '@gonghui/contract';
import ExcelJS from 'exceljs';
import { can, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { csvField, csvIdentity, safeText } from '../../platform/export-cells';
import * as memberRepo from './members.repository';
import { type MembershipDeps, memberFilterOf } from './members.service';

const HEADERS = {
  'zh-CN': [
    '会员编号',
    '姓名',
    '身份证号',
    '手机号',
    '性别',
    '出生年份',
    '所在工会',
    '用人单位',
    '就业形态',
    '职业类别',
    '平台',
    '会籍状态',
    '入会日期',
  ],
  en: [
    'Member number',
    'Name',
    'ID number',
    'Mobile',
    'Gender',
    'Birth year',
    'Union',
    'Employer',
    'Employment form',
    'Job type',
    'Platform',
    'Status',
    'Member since',
  ],
} as const;

/**
 * Streams the members in the actor's scope matching the list's filters. Masked unless the actor
 * holds the unmasked-export permission and gives a reason; either way the export is audited.
 */
export async function prepareMemberExport(
  deps: MembershipDeps,
  context: RequestContext,
  query: Omit<ListMembersQuery, 'page' | 'pageSize'> & {
    format: 'csv' | 'xlsx';
    unmasked: boolean;
    reason?: string | undefined;
  },
  locale: Locale,
): Promise<(output: Writable) => Promise<void>> {
  const scope = scopeOf(context.actor, query.unmasked ? 'member.export_unmasked' : 'member.read');
  if (query.unmasked && !query.reason) throw new AppError(422, 'membership.export_reason_required');
  if (query.unmasked && !can(context.actor, 'member.read')) throw new AppError(403, 'forbidden');
  const filter = await memberFilterOf(deps, context, query, scope);
  const organisationId = query.organisationId ?? context.actor.roles[0]?.organisationId ?? null;
  await recordAudit(deps.db, context, {
    action: query.unmasked ? 'member.export_unmasked' : 'member.export',
    subjectType: 'organisation',
    subjectId: organisationId ?? undefined,
    organisationId,
    changes: {
      format: query.format,
      filters: {
        q: query.q ? '[search]' : null,
        status: query.status ?? null,
        employmentForm: query.employmentForm ?? null,
      },
      reason: query.reason ?? null,
    },
  });
  const idOf = (enc: Buffer) => {
    const value = deps.cipher.decrypt(enc);
    return query.unmasked ? value : maskIdNumber(value);
  };
  const mobileOf = (enc: Buffer | null) => {
    if (!enc) return '';
    const value = deps.cipher.decrypt(enc);
    return query.unmasked ? value : maskMobile(value);
  };
  // Member number, ID number and mobile: numbers that are names, kept as text in either format.
  const IDENTITY_COLUMNS = [1, 3, 4];
  const rowsOf = async function* (format: 'csv' | 'xlsx') {
    const identity = format === 'csv' ? csvIdentity : (value: string) => value;
    for await (const batch of memberRepo.iterateMembers(deps.db, filter)) {
      yield batch.map(({ member: m, organisationName, employerName }) => [
        identity(m.memberNumber),
        safeText(m.name),
        identity(idOf(m.idNumberEnc)),
        identity(mobileOf(m.mobileEnc)),
        memberLabel(locale, 'gender', m.gender),
        m.birthYear,
        safeText(organisationName),
        safeText(employerName),
        memberLabel(locale, 'employmentForm', m.employmentForm),
        memberLabel(locale, 'jobType', m.jobType),
        safeText(m.platform),
        memberLabel(locale, 'status', m.status),
        m.joinedOn,
      ]);
    }
  };
  return async (output) => {
    if (query.format === 'csv') {
      output.write(`\uFEFF${HEADERS[locale].join(',')}\r\n`);
      for await (const rows of rowsOf('csv')) {
        const chunk = rows.map((r) => r.map(csvField).join(',')).join('\r\n');
        if (!output.write(`${chunk}\r\n`)) await new Promise((resolve) => output.once('drain', resolve));
      }
      output.end();
      return;
    }
    const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
      stream: output,
      useStyles: true,
      useSharedStrings: false,
    });
    const sheet = workbook.addWorksheet(locale === 'en' ? 'Members' : '会员名册');
    // Text cells in text-formatted columns: an edit and save in office software keeps them text.
    for (const column of IDENTITY_COLUMNS) sheet.getColumn(column).numFmt = '@';
    sheet.addRow([...HEADERS[locale]]).commit();
    for await (const rows of rowsOf('xlsx')) for (const row of rows) sheet.addRow(row).commit();
    sheet.commit();
    await workbook.commit();
  };
}
