import type { Writable } from 'node:stream';
import { codeLabel, type Locale, type MyData, maskIdNumber, maskMobile, memberLabel } from '@gonghui/contract';
import ExcelJS from 'exceljs';
import { homeOrganisationOf, type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit, refuseOutOfScope } from '../../platform/audit';
import type { AppDeps } from '../../platform/deps';
import { AppError } from '../../platform/errors';
import { neutraliseWorkbook } from '../../platform/export-cells';
import { assistanceDataOf } from '../assistance';
import * as correctionRepo from './corrections.repository';
import { listMyApplications } from './join.service';
import * as memberRepo from './members.repository';
import { type MembershipDeps, memberDetailOf } from './members.service';

function toCorrection(row: Awaited<ReturnType<typeof correctionRepo.listCorrections>>['rows'][number]) {
  const c = row.correction;
  return {
    id: c.id,
    memberId: c.memberId,
    memberName: row.memberName,
    memberNumber: row.memberNumber,
    field: c.field as 'other',
    message: c.message,
    status: c.status as 'open',
    reply: c.reply,
    createdAt: c.createdAt.toISOString(),
    handledAt: c.handledAt?.toISOString() ?? null,
  };
}

/**
 * Everything held about the signed-in person (PIPL art. 45): the member record with history,
 * transfers and dues, applications, correction requests, and who in the union viewed or
 * changed the record. Personal numbers are masked here; the export carries them in full.
 */
type MyDataDeps = MembershipDeps & Pick<AppDeps, 'personalData'>;

/** The other modules' parts, from the providers their manifests declare. */
async function otherModules(deps: MyDataDeps, context: RequestContext) {
  const collected = new Map(
    await Promise.all(deps.personalData.map(async (p) => [p.key, await p.collect(deps, context)] as const)),
  );
  return {
    rights: (collected.get('rights') as MyData['rights'] | undefined) ?? { cases: [] },
    democracy: (collected.get('democracy') as MyData['democracy'] | undefined) ?? {
      delegations: [],
      votes: [],
      proposals: [],
    },
  };
}

export async function getMyData(deps: MyDataDeps, context: RequestContext): Promise<MyData> {
  const view = await memberRepo.findMemberByUser(deps.db, context.actor.userId);
  const applications = await listMyApplications(deps, context);
  const others = await otherModules(deps, context);
  if (!view) {
    return {
      member: null,
      idNumberMasked: null,
      mobileMasked: null,
      applications,
      corrections: [],
      accessLog: [],
      assistance: { hardshipFiles: [], applications: [] },
      ...others,
    };
  }
  const assistance = await assistanceDataOf(deps, view.member);
  const [member, corrections, access] = await Promise.all([
    memberDetailOf(deps, deps.db, view),
    correctionRepo.listCorrections(deps.db, { memberId: view.member.id }, 1, 100),
    correctionRepo.listAccessToMember(deps.db, view.member.id, context.actor.userId, assistance.auditSubjects),
  ]);
  return {
    member,
    idNumberMasked: maskIdNumber(deps.cipher.decrypt(view.member.idNumberEnc)),
    mobileMasked: view.member.mobileEnc ? maskMobile(deps.cipher.decrypt(view.member.mobileEnc)) : null,
    applications,
    corrections: corrections.rows.map(toCorrection),
    accessLog: access.map((a) => ({ at: a.at.toISOString(), action: a.action, actorName: a.actorName })),
    assistance: assistance.data,
    ...others,
  };
}

/** The member's own copy, unmasked (it is theirs), as JSON or a workbook of one sheet per part. */
export async function exportMyData(
  deps: MyDataDeps,
  context: RequestContext,
  format: 'json' | 'xlsx',
  locale: Locale,
  output: Writable,
) {
  const data = await getMyData(deps, context);
  const view = await memberRepo.findMemberByUser(deps.db, context.actor.userId);
  const full = {
    ...data,
    idNumber: view ? deps.cipher.decrypt(view.member.idNumberEnc) : null,
    mobile: view?.member.mobileEnc ? deps.cipher.decrypt(view.member.mobileEnc) : null,
    monthlyWageFen: view?.member.monthlyWageEnc ? Number(deps.cipher.decrypt(view.member.monthlyWageEnc)) : null,
    exportedAt: new Date().toISOString(),
  };
  await recordAudit(deps.db, context, {
    action: 'member.self_export',
    subjectType: view ? 'member' : 'user',
    subjectId: view?.member.id ?? context.actor.userId,
    organisationId: view?.member.organisationId ?? homeOrganisationOf(context.actor),
    changes: { format },
  });
  if (format === 'json') {
    output.end(JSON.stringify(full, null, 2));
    return;
  }
  const en = locale === 'en';
  const workbook = new ExcelJS.Workbook();
  const record = workbook.addWorksheet(en ? 'Record' : '会员信息');
  const m = data.member;
  record.addRows(
    [
      [en ? 'Member number' : '会员编号', m?.memberNumber ?? ''],
      [en ? 'Name' : '姓名', m?.name ?? ''],
      [en ? 'ID number' : '身份证号', full.idNumber ?? ''],
      [en ? 'Mobile' : '手机号', full.mobile ?? ''],
      [en ? 'Union' : '所在工会', m?.organisationName ?? ''],
      [en ? 'Employer' : '用人单位', m?.employerName ?? ''],
      [en ? 'Employment form' : '就业形态', memberLabel(locale, 'employmentForm', m?.employmentForm)],
      [en ? 'Job type' : '职业类别', memberLabel(locale, 'jobType', m?.jobType)],
      [en ? 'Platform' : '平台', m?.platform ?? ''],
      [en ? 'Member since' : '入会日期', m?.joinedOn ?? ''],
      [en ? 'Status' : '会籍状态', memberLabel(locale, 'status', m?.status)],
      [en ? 'Monthly wage (fen)' : '月工资（分）', full.monthlyWageFen ?? ''],
      [en ? 'Monthly dues (fen)' : '月会费（分）', m?.duesMonthlyFen ?? ''],
    ].map((r) => r.map((v) => (v === null ? '' : v))),
  );
  const history = workbook.addWorksheet(en ? 'Status history' : '会籍记录');
  history.addRow([
    en ? 'Date' : '日期',
    en ? 'Status' : '状态',
    en ? 'Reason' : '原因',
    en ? 'Union' : '工会',
    en ? 'By' : '操作人',
  ]);
  for (const h of m?.history ?? [])
    history.addRow([
      h.effectiveOn,
      memberLabel(locale, 'status', h.status),
      h.reason,
      h.organisationName,
      h.actorName ?? '',
    ]);
  const dues = workbook.addWorksheet(en ? 'Dues' : '会费');
  dues.addRow([en ? 'Month' : '月份', en ? 'Expected (fen)' : '应缴（分）', en ? 'Paid (fen)' : '已缴（分）']);
  for (const d of m?.dues ?? []) dues.addRow([d.month, d.expectedFen, d.paidFen]);
  const aid = workbook.addWorksheet(en ? 'Assistance' : '帮扶');
  aid.addRow([
    en ? 'Programme' : '帮扶项目',
    en ? 'Stage' : '环节',
    en ? 'Amount (fen)' : '金额（分）',
    en ? 'Payment' : '发放',
    en ? 'Applied' : '申请时间',
  ]);
  for (const a of data.assistance.applications)
    aid.addRow([
      a.programmeName,
      codeLabel(locale, 'assistanceStage', a.stage),
      a.amountFen ?? '',
      codeLabel(locale, 'paymentStatus', a.paymentStatus),
      a.createdAt,
    ]);
  for (const f of data.assistance.hardshipFiles) {
    aid.addRow([]);
    aid.addRow([
      en ? 'Hardship file' : '困难职工档案',
      codeLabel(locale, 'hardshipTier', f.tier),
      codeLabel(locale, 'hardshipCause', f.primaryCause),
      codeLabel(locale, 'fileStatus', f.status),
      f.verifiedOn,
    ]);
    for (const p of f.household) aid.addRow([p.name, p.relation, p.birthYear, p.health ?? '', p.monthlyIncomeFen]);
  }
  const cases = workbook.addWorksheet(en ? 'Rights cases' : '维权诉求');
  cases.addRow([
    en ? 'Title' : '标题',
    en ? 'Category' : '类别',
    en ? 'Stage' : '环节',
    en ? 'Union' : '受理工会',
    en ? 'Filed' : '提交时间',
    en ? 'Closed' : '办结时间',
  ]);
  for (const c of data.rights.cases)
    cases.addRow([
      c.title,
      codeLabel(locale, 'caseCategory', c.category),
      codeLabel(locale, 'caseStage', c.stage),
      c.organisationName,
      c.createdAt,
      c.closedAt ?? '',
    ]);
  const congress = workbook.addWorksheet(en ? 'Congresses' : '职代会');
  congress.addRow([en ? 'Delegate of' : '代表身份', en ? 'Category' : '类别', en ? 'Checked in' : '签到时间']);
  for (const d of data.democracy.delegations)
    congress.addRow([d.sessionTitle, codeLabel(locale, 'delegateCategory', d.category), d.checkedInAt ?? '']);
  congress.addRow([]);
  congress.addRow([en ? 'Vote' : '表决', en ? 'Status' : '状态', en ? 'Weight' : '权重', en ? 'Voted' : '已投票']);
  for (const v of data.democracy.votes)
    congress.addRow([
      v.title,
      codeLabel(locale, 'voteStatus', v.status),
      v.weight,
      v.voted ? (en ? 'yes' : '是') : en ? 'no' : '否',
    ]);
  congress.addRow([]);
  congress.addRow([en ? 'Proposal' : '提案', en ? 'Congress' : '会议', en ? 'Status' : '状态', en ? 'Role' : '身份']);
  for (const p of data.democracy.proposals)
    congress.addRow([
      p.title,
      p.sessionTitle,
      codeLabel(locale, 'proposalStatus', p.status),
      codeLabel(locale, 'proposalRole', p.role),
    ]);
  const access = workbook.addWorksheet(en ? 'Access log' : '查阅记录');
  access.addRow([en ? 'Time' : '时间', en ? 'Action' : '操作', en ? 'By' : '操作人']);
  for (const a of data.accessLog) access.addRow([a.at, codeLabel(locale, 'auditAction', a.action), a.actorName ?? '']);
  neutraliseWorkbook(workbook);
  await workbook.xlsx.write(output);
  output.end();
}

export async function requestCorrection(
  deps: MembershipDeps,
  context: RequestContext,
  input: { field: string; message: string },
) {
  const view = await memberRepo.findMemberByUser(deps.db, context.actor.userId);
  if (!view) throw new AppError(404, 'membership.not_a_member');
  const id = await deps.db.transaction(async (tx) => {
    const row = await correctionRepo.insertCorrection(tx, {
      memberId: view.member.id,
      provinceCode: view.member.provinceCode,
      field: input.field,
      message: input.message,
    });
    await recordAudit(tx, context, {
      action: 'member.correction_request',
      subjectType: 'member',
      subjectId: view.member.id,
      organisationId: view.member.organisationId,
      changes: { field: input.field },
    });
    return row.id;
  });
  const { rows } = await correctionRepo.listCorrections(deps.db, { memberId: view.member.id }, 1, 100);
  return toCorrection(rows.find((r) => r.correction.id === id)!);
}

export async function listCorrections(
  deps: MembershipDeps,
  context: RequestContext,
  query: { status?: string | undefined; page: number; pageSize: number },
) {
  const scope = scopeOf(context.actor, 'member.manage');
  const { rows, total } = await correctionRepo.listCorrections(
    deps.db,
    { scope, ...(query.status ? { status: query.status } : {}) },
    query.page,
    query.pageSize,
  );
  return { items: rows.map(toCorrection), total, page: query.page, pageSize: query.pageSize };
}

/** A cadre answers a correction request (after fixing the record through the member screen). */
export async function handleCorrection(
  deps: MembershipDeps,
  context: RequestContext,
  id: number,
  input: { status: 'done' | 'declined'; reply: string },
) {
  const scope = scopeOf(context.actor, 'member.manage');
  const found = await deps.db.transaction(async (tx) => {
    const row = await correctionRepo.lockCorrectionInScope(tx, id, scope);
    if (!row) return null;
    if (row.correction.status !== 'open') throw new AppError(409, 'membership.discrepancy_resolved');
    await correctionRepo.updateCorrection(tx, id, {
      status: input.status,
      reply: input.reply,
      handledBy: context.actor.userId,
      handledAt: new Date(),
    });
    await recordAudit(tx, context, {
      action: 'member.correction_handle',
      subjectType: 'member',
      subjectId: row.correction.memberId,
      organisationId: row.organisationId,
      changes: { correction: id, status: input.status },
    });
    return row;
  });
  if (!found) {
    return refuseOutOfScope(deps.db, context, {
      type: 'correction_request',
      id,
      exists: () => correctionRepo.correctionExists(deps.db, id),
    });
  }
  const { rows } = await correctionRepo.listCorrections(deps.db, { memberId: found.correction.memberId }, 1, 100);
  return toCorrection(rows.find((r) => r.correction.id === id)!);
}
