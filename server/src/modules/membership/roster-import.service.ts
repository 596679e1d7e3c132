import fs from 'node:fs';
import type { Writable } from 'node:stream';
import { type Locale, type RosterImport, translate } from '@gonghui/contract';
import ExcelJS from 'exceljs';
import type { Executor } from '../../db/client';
import { type RequestContext, scopeOf } from '../../platform/access';
import { recordAudit } from '../../platform/audit';
import { AppError } from '../../platform/errors';
import { safeText } from '../../platform/export-cells';
import { findOrganisation } from '../../platform/organisation-tree.repository';
import { provinceOf } from '../../platform/province';
import { loadInScope } from '../../platform/scope';
import { type Cell, type FileFormat, findHeader, readRows, textOf } from '../../platform/spreadsheet';
import { todayInChina } from '../../platform/working-days';
import { FirstSeen } from './first-seen';
import * as importRepo from './imports.repository';
import * as memberRepo from './members.repository';
import { type MembershipDeps, scopedOrganisationPath } from './members.service';
import {
  type BatchOutcome,
  recordImportProgress,
  type StagedMember,
  UPDATABLE_FIELDS,
  type UpdatableField,
  upsertRosterBatch,
} from './roster.repository';
import {
  columnLabel,
  parseRosterRow,
  ROSTER_COLUMNS,
  type RosterKey,
  type RowProblem,
  TEMPLATE_HEADERS,
} from './roster-rows';
import { misalignedBatch, SortedRun } from './sorted-column';

/** The failure is stored as the problem's code and parameters, translated when shown. */
function failureOf(stored: string | null): { failure: string | null; failureParams: Record<string, string> | null } {
  if (!stored) return { failure: null, failureParams: null };
  try {
    const parsed = JSON.parse(stored) as { code: string; params: Record<string, string | number> };
    return {
      failure: parsed.code,
      failureParams: Object.fromEntries(Object.entries(parsed.params).map(([k, v]) => [k, String(v)])),
    };
  } catch {
    return { failure: stored, failureParams: null };
  }
}

export function toRosterImport(row: Awaited<ReturnType<typeof importRepo.insertImport>>): RosterImport {
  return {
    id: row.id,
    organisationId: row.organisationId,
    fileName: row.fileName,
    format: row.format as RosterImport['format'],
    dryRun: row.dryRun,
    status: row.status as RosterImport['status'],
    totalRows: row.totalRows,
    createdRows: row.createdRows,
    updatedRows: row.updatedRows,
    unchangedRows: row.unchangedRows,
    rejectedRows: row.rejectedRows,
    committedRows: row.committedRows,
    conflictRows: row.conflictRows,
    cleared: row.cleared,
    fileBytes: row.fileBytes,
    readBytes: row.readBytes,
    ...failureOf(row.failure),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Rows an import writes per transaction (a batch; the floor benchmark copies in the same size). */
export const IMPORT_BATCH_ROWS = 10_000;
const HEADER_SEARCH_ROWS = 10;

// The first 48 bits of the blind index as a number: a million-row file's duplicate check then costs
// tens of megabytes, not hundreds (a false match is about one in 10^8 per pair of rows).
const shortKey = (hash: Buffer) => hash.readUIntBE(0, 6);

/**
 * Reads the file and imports it batch by batch. Each batch commits with the progress that
 * describes it, so a failure leaves exactly the committed batches and a re-run of the same file
 * (matched on the ID number) completes it without duplicates. Parsing the next batch overlaps
 * with the database work on the previous one.
 */
export async function runRosterImport(
  deps: MembershipDeps,
  context: RequestContext,
  job: { id: string; organisationId: number; dryRun: boolean },
  file: { path: string; format: FileFormat },
) {
  const read = { bytes: 0 };
  const releaseLock = await importRepo.holdImportLock(deps.db, job.id, () => read.bytes);
  await importRepo.updateImport(deps.db, job.id, { fileBytes: fs.statSync(file.path).size });
  const organisation = (await findOrganisation(deps.db, job.organisationId))!;
  // An import runs in the province of its target: members, their employers and error rows.
  const provinceCode = provinceOf(organisation.regionCode);
  const target = {
    organisationId: job.organisationId,
    provinceCode,
    path: organisation.path,
    actorUserId: context.actor.userId,
    actorName: context.actor.displayName,
  };
  const today = todayInChina();
  const progress = {
    total: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    rejected: 0,
    committed: 0,
    conflicts: 0,
    cleared: {} as Record<string, number>,
  };
  // The fields the file's columns carry: a column it does not have leaves that field untouched.
  let present: ReadonlySet<UpdatableField> = new Set();
  const fileState = { idsCutByExcel: false };
  // The key columns' order in the file, to recognise one sorted on its own.
  const runs = { idNumber: new SortedRun(), mobile: new SortedRun() };
  const seenIds = new FirstSeen();
  const seenMobiles = new FirstSeen();
  const employerIds = new Map<string, number | null>();
  let batch: {
    row: Omit<StagedMember, 'employerId' | 'organisationId'>;
    employerUscc: string | null;
    unionId: number | null;
    cells: () => string[];
  }[] = [];
  let errors: { rowNumber: number; problems: RowProblem[]; cellsEnc: Buffer }[] = [];
  let inFlight: Promise<void> = Promise.resolve();

  const encryptCells = (cells: string[]) => deps.cipher.encrypt(JSON.stringify(cells));

  const flush = async (rows: typeof batch, rowErrors: typeof errors) => {
    const batchRows = rows.length + rowErrors.length;
    const unknown = [
      ...new Set(rows.map((r) => r.employerUscc).filter((c): c is string => c !== null && !employerIds.has(c))),
    ];
    for (const found of await memberRepo.findEmployersByUscc(deps.db, unknown, provinceCode))
      employerIds.set(found.uscc, found.id);
    for (const code of unknown) if (!employerIds.has(code)) employerIds.set(code, null);
    const staged: StagedMember[] = [];
    const cellsByRow = new Map<number, () => string[]>();
    for (const r of rows) {
      const employerId = r.employerUscc ? (employerIds.get(r.employerUscc) ?? null) : null;
      if (r.employerUscc && employerId === null) {
        rowErrors.push({
          rowNumber: r.row.rowNumber,
          problems: [
            { field: 'employerUscc', messageKey: 'import.employer_unknown', params: { value: r.employerUscc } },
          ],
          cellsEnc: encryptCells(r.cells()),
        });
        continue;
      }
      staged.push({ ...r.row, employerId, organisationId: r.unionId ?? job.organisationId });
      cellsByRow.set(r.row.rowNumber, r.cells);
    }
    // A key column sorted alone pairs people with others' names: the batch is refused, not applied.
    const refuseMisaligned = (outcome: BatchOutcome) => {
      const column = (['idNumber', 'mobile'] as const).find((key) => runs[key].isSorted());
      if (!column) return;
      const disagreeing = misalignedBatch({ ...outcome, staged: staged.length });
      if (disagreeing !== null) {
        throw new AppError(422, 'membership.column_sorted_alone', {
          column: columnLabel(column),
          conflicts: String(disagreeing),
        });
      }
    };
    const apply = (outcome: BatchOutcome) => {
      for (const refused of outcome.rejected) {
        if (refused.messageKey === 'import.name_conflict') progress.conflicts += 1;
        rowErrors.push({
          rowNumber: refused.rowNumber,
          problems: [
            {
              field: refused.field,
              messageKey: refused.messageKey,
              ...(refused.params ? { params: refused.params } : {}),
            },
          ],
          cellsEnc: encryptCells(cellsByRow.get(refused.rowNumber)?.() ?? []),
        });
      }
      for (const [field, n] of Object.entries(outcome.cleared))
        progress.cleared[field] = (progress.cleared[field] ?? 0) + n;
      progress.created += outcome.created;
      progress.updated += outcome.updated;
      progress.unchanged += staged.length - outcome.rejected.length - outcome.created - outcome.updated;
      progress.rejected += rowErrors.length;
      progress.committed += batchRows;
    };
    rowErrors.sort((a, b) => a.rowNumber - b.rowNumber);
    if (staged.length === 0) {
      apply({ created: 0, updated: 0, rejected: [], cleared: {} });
      await recordImportProgress(deps.db.$client, { id: job.id, provinceCode }, progress, rowErrors);
      return;
    }
    const outcome = await upsertRosterBatch(deps.db, target, staged, {
      dryRun: job.dryRun,
      present,
      finish: async (client, result) => {
        refuseMisaligned(result);
        apply(result);
        await recordImportProgress(client, { id: job.id, provinceCode }, progress, rowErrors);
      },
    });
    if (job.dryRun) {
      refuseMisaligned(outcome);
      apply(outcome);
      await recordImportProgress(deps.db.$client, { id: job.id, provinceCode }, progress, rowErrors);
    }
  };

  try {
    let header: { headerIndex: number; indexes: Map<RosterKey, number> } | null = null;
    const early: { rowNumber: number; cells: Cell[] }[] = [];
    const handle = (rowNumber: number, cells: Cell[]) => {
      const indexes = header!.indexes;
      const get = (key: RosterKey) => {
        const at = indexes.get(key);
        return at === undefined ? null : (cells[at] ?? null);
      };
      if (cells.every((c) => c === null || textOf(c) === '')) return;
      progress.total += 1;
      // The row's cells in template order, built only when the row is rejected.
      const canonical = () => ROSTER_COLUMNS.map((c) => textOf(get(c.key)));
      runs.idNumber.add(textOf(get('idNumber')));
      runs.mobile.add(textOf(get('mobile')));
      const parsed = parseRosterRow(deps, rowNumber, get, today, fileState);
      if (!parsed.ok) {
        errors.push({ rowNumber, problems: parsed.problems, cellsEnc: encryptCells(canonical()) });
        return;
      }
      const problems: RowProblem[] = [];
      const idKey = shortKey(parsed.row.idNumberHash);
      const firstId = seenIds.claim(idKey, rowNumber);
      if (firstId !== undefined)
        problems.push({ field: 'idNumber', messageKey: 'import.duplicate_in_file', params: { row: String(firstId) } });
      if (parsed.row.mobileHash) {
        const mobileKey = shortKey(parsed.row.mobileHash);
        const firstMobile = seenMobiles.claim(mobileKey, rowNumber);
        if (firstMobile !== undefined)
          problems.push({
            field: 'mobile',
            messageKey: 'import.mobile_duplicate_in_file',
            params: { row: String(firstMobile) },
          });
      }
      if (problems.length > 0) errors.push({ rowNumber, problems, cellsEnc: encryptCells(canonical()) });
      else
        batch.push({ row: parsed.row, employerUscc: parsed.employerUscc, unionId: parsed.unionId, cells: canonical });
    };

    let sinceYield = 0;
    for await (const { rowNumber, cells } of readRows(file.path, file.format, read)) {
      // Parsed records arrive as microtasks; let socket I/O of the batch in flight through now and then.
      if (++sinceYield === 250) {
        sinceYield = 0;
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (!header) {
        early.push({ rowNumber, cells });
        if (early.length < HEADER_SEARCH_ROWS) continue;
        header = locateHeader(early);
        present = carriedFields(header.indexes);
        for (const row of early.slice(header.headerIndex + 1)) handle(row.rowNumber, row.cells);
      } else handle(rowNumber, cells);
      if (batch.length + errors.length >= IMPORT_BATCH_ROWS) {
        await inFlight;
        inFlight = flush(batch, errors);
        batch = [];
        errors = [];
      }
    }
    if (!header) {
      header = locateHeader(early);
      present = carriedFields(header.indexes);
      for (const row of early.slice(header.headerIndex + 1)) handle(row.rowNumber, row.cells);
    }
    await inFlight;
    await flush(batch, errors);
    await importRepo.updateImport(deps.db, job.id, {
      status: 'done',
      readBytes: read.bytes,
      carriedFields: [...present],
      finishedAt: new Date(),
    });
  } catch (error) {
    await inFlight.catch(() => undefined);
    const failure = JSON.stringify(
      error instanceof AppError ? { code: error.code, params: error.params } : { code: 'internal', params: {} },
    );
    await importRepo.updateImport(deps.db, job.id, {
      status: 'failed',
      failure,
      readBytes: read.bytes,
      carriedFields: [...present],
      finishedAt: new Date(),
    });
    if (!(error instanceof AppError)) throw error;
  } finally {
    await releaseLock();
    await auditImport(deps.db, context, job, { ...progress });
  }
}

/** The audit entry of an import run (or dry run): what its committed batches did. */
export async function auditImport(
  db: Executor,
  context: RequestContext,
  job: { id: string; organisationId: number; dryRun: boolean },
  changes: Record<string, unknown>,
) {
  await recordAudit(db, context, {
    action: job.dryRun ? 'member.import_dry_run' : 'member.import',
    subjectType: 'roster_import',
    subjectId: job.id,
    organisationId: job.organisationId,
    changes,
  });
}

function carriedFields(indexes: ReadonlyMap<RosterKey, number>): ReadonlySet<UpdatableField> {
  return new Set(UPDATABLE_FIELDS.filter((field) => indexes.has(field)));
}

function locateHeader(rows: { cells: Cell[] }[]) {
  const found = findHeader(
    rows.map((r) => r.cells),
    ROSTER_COLUMNS,
  );
  if ('missing' in found) throw new AppError(422, 'membership.header_missing', { columns: found.missing.join('、') });
  return found;
}

/** Creates the import job; the caller runs it (in the background for HTTP). */
export async function createRosterImport(
  deps: MembershipDeps,
  context: RequestContext,
  input: { organisationId: number; dryRun: boolean; fileName: string; format: FileFormat },
) {
  const scope = scopeOf(context.actor, 'member.manage');
  await scopedOrganisationPath(deps, context, input.organisationId, scope);
  const organisation = (await findOrganisation(deps.db, input.organisationId))!;
  const row = await importRepo.insertImport(deps.db, {
    organisationId: input.organisationId,
    provinceCode: provinceOf(organisation.regionCode),
    createdBy: context.actor.userId,
    fileName: input.fileName.slice(0, 200),
    format: input.format,
    dryRun: input.dryRun,
  });
  return toRosterImport(row);
}

/** The import as stored, if it is in the actor's subtree; otherwise refused and audited. */
export async function scopedImport(deps: MembershipDeps, context: RequestContext, id: string) {
  return loadInScope(deps.db, context, importRepo.ROSTER_IMPORT, id, 'member.manage');
}

export async function getRosterImport(deps: MembershipDeps, context: RequestContext, id: string) {
  return toRosterImport(await scopedImport(deps, context, id));
}

export async function listRosterImports(
  deps: MembershipDeps,
  context: RequestContext,
  query: { page: number; pageSize: number },
) {
  const { rows, total } = await importRepo.listImports(
    deps.db,
    scopeOf(context.actor, 'member.manage'),
    query.page,
    query.pageSize,
  );
  return { items: rows.map(toRosterImport), total, page: query.page, pageSize: query.pageSize };
}

/** The rejected rows as .xlsx: the row number, the row's cells, and why, in the reader's language. */
export async function prepareImportErrorReport(
  deps: MembershipDeps,
  context: RequestContext,
  id: string,
  locale: Locale,
): Promise<(output: Writable) => Promise<void>> {
  await getRosterImport(deps, context, id);
  await recordAudit(deps.db, context, {
    action: 'member.import_errors_download',
    subjectType: 'roster_import',
    subjectId: id,
  });
  return (output) => writeImportErrorReport(deps, id, locale, output);
}

async function writeImportErrorReport(deps: MembershipDeps, id: string, locale: Locale, output: Writable) {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: output,
    useStyles: false,
    useSharedStrings: false,
  });
  const sheet = workbook.addWorksheet(locale === 'en' ? 'Errors' : '错误行');
  sheet
    .addRow([
      locale === 'en' ? 'Row' : '行号',
      ...TEMPLATE_HEADERS.map((h) => h.replace('*', '')),
      locale === 'en' ? 'Problem' : '错误原因',
    ])
    .commit();
  for await (const rows of importRepo.iterateImportErrors(deps.db, id)) {
    for (const row of rows) {
      const cells = JSON.parse(deps.cipher.decrypt(row.cellsEnc)) as string[];
      const problems = (row.problems ?? []).map((p) => translate(locale, p.messageKey, p.params ?? {}));
      // The file's own cells, sent back: neutralised, as any export's text is.
      sheet.addRow([row.rowNumber, ...cells.map(safeText), problems.join('；')]).commit();
    }
  }
  sheet.commit();
  await workbook.commit();
}

/** The import template: Chinese headers, an example row, and a sheet explaining the values. */
export async function writeRosterTemplate(output: Writable) {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('会员名册');
  sheet.addRow(TEMPLATE_HEADERS);
  sheet.addRow([
    '张三',
    '110101199003077777',
    '13800000000',
    '91440101MA5AAAAA0X',
    '新就业形态',
    '外卖骑手',
    '美团',
    '440106',
    '6000',
    '2026-01-15',
  ]);
  sheet.getRow(1).font = { bold: true };
  for (let column = 1; column <= TEMPLATE_HEADERS.length; column++) {
    // Text columns, so a spreadsheet never turns ID or mobile numbers into numbers.
    sheet.getColumn(column).numFmt = '@';
    sheet.getColumn(column).width = 20;
  }
  const notes = workbook.addWorksheet('填写说明');
  notes.addRows([
    ['列', '说明'],
    ['姓名*', '与身份证一致'],
    ['身份证号*', '18位，请以文本格式填写，避免被转成科学计数法'],
    ['就业形态', '职工 / 新就业形态 / 灵活就业；不填时按职业类别推断'],
    ['职业类别', '外卖骑手 / 快递员 / 网约车司机 / 货车司机 / 家政服务员 / 网络主播 / 其他'],
    ['月工资（元）', '会费按月工资的0.5%计收'],
    ['入会日期', '如 2026-01-15；不填为导入当天'],
    ['所在工会编号', '总工会导入下级工会名册时填写会员所在工会的编号；不填则归入导入时选择的工会'],
  ]);
  await workbook.xlsx.write(output);
}
