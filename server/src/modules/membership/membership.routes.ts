import fs from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import {
  approveApplicationsBodySchema,
  approveApplicationsResultSchema,
  arrearsPageSchema,
  arrearsQuerySchema,
  calendarDaysSchema,
  cardKeySchema,
  cardVerificationSchema,
  changeMemberStatusBodySchema,
  checkoffDiscrepancyPageSchema,
  checkoffFilePageSchema,
  checkoffFileSchema,
  correctionRequestBodySchema,
  correctionRequestPageSchema,
  correctionRequestSchema,
  createTransferBodySchema,
  duesPaymentResultSchema,
  exportQuerySchema,
  handleCorrectionBodySchema,
  idParamSchema,
  importConflictDecisionSchema,
  importConflictPageSchema,
  importConflictParamsSchema,
  importConflictSchema,
  inviteQuerySchema,
  inviteSchema,
  joinApplicationBodySchema,
  joinApplicationPageSchema,
  joinApplicationSchema,
  lapsePreviewSchema,
  lapseResultSchema,
  lapseRunBodySchema,
  listDiscrepanciesQuerySchema,
  listJoinApplicationsQuerySchema,
  listMembersQuerySchema,
  listTransfersQuerySchema,
  memberCardSchema,
  memberDetailSchema,
  memberPageSchema,
  membershipStatisticsSchema,
  myDataSchema,
  okSchema,
  openDuesMonthBodySchema,
  openDuesMonthResultSchema,
  optionQuerySchema,
  optionsSchema,
  pageQuerySchema,
  putCalendarDayBodySchema,
  recordDuesPaymentBodySchema,
  rejectApplicationBodySchema,
  resolveDiscrepancyBodySchema,
  revealedValueSchema,
  revealMemberFieldBodySchema,
  revokeCardBodySchema,
  rosterImportPageSchema,
  rosterImportQuerySchema,
  rosterImportSchema,
  routeApplicationBodySchema,
  statisticsQuerySchema,
  transferDecisionBodySchema,
  transferPageSchema,
  transferSchema,
  translate,
  updateMemberBodySchema,
  uuidParamSchema,
  verifyCardBodySchema,
} from '@gonghui/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { ValidationProblem } from '../../platform/errors';
import { contextOf, sendAttachment } from '../../platform/http';
import { receiveSpreadsheet, removeUpload } from '../../platform/uploads';
import * as calendar from './calendar.service';
import * as dues from './dues.service';
import * as join from './join.service';
import * as cards from './member-card.service';
import * as members from './members.service';
import * as myData from './my-data.service';
import * as rosterConflicts from './roster-conflicts.service';
import * as rosterExport from './roster-export.service';
import { runRosterImportInWorker } from './roster-import.runner';
import * as rosterImport from './roster-import.service';
import * as transfers from './transfers.service';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** Streams a download whose checks have already passed; a failure mid-way aborts the response. */
function sendDownload(
  reply: FastifyReply,
  fileName: string,
  contentType: string,
  write: (output: Writable) => Promise<void>,
) {
  const stream = new PassThrough();
  write(stream).catch((error: unknown) => stream.destroy(error as Error));
  return sendAttachment(reply, { mediaType: contentType, fileName, content: stream });
}

export function membershipRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['membership'];
  // Imports run after the upload request answers; shutdown waits for them to reach a batch boundary.
  const running = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(running);
  });

  // ---- public ----

  api.get(
    '/membership/invites/:code',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'The union behind a QR invite code',
        params: inviteQuerySchema,
        response: { 200: inviteSchema },
      },
    },
    async (request) => join.lookUpInvite(deps, request.params.code),
  );

  api.get(
    '/membership/card-key',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Public key and revocation list for verifying e-member cards offline',
        response: { 200: cardKeySchema },
      },
    },
    async () => cards.getCardKey(deps),
  );

  // ---- a worker or member, for themself ----

  api.get(
    '/membership/unions',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Unions by name, to choose a transfer target',
        querystring: optionQuerySchema,
        response: { 200: optionsSchema },
      },
    },
    async (request) => ({ items: await members.searchUnions(deps, request.query.q) }),
  );

  api.get(
    '/membership/employers',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Registered employers by name, for the join form',
        querystring: optionQuerySchema,
        response: { 200: optionsSchema },
      },
    },
    async (request) => ({ items: await members.searchEmployers(deps, request.query.q) }),
  );

  api.post(
    '/membership/applications',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Apply to join a union',
        body: joinApplicationBodySchema,
        response: { 201: joinApplicationSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await join.submitApplication(deps, contextOf(request), request.body)),
  );

  api.get(
    '/me/membership/applications',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'My join applications and their progress',
        response: { 200: z.object({ items: z.array(joinApplicationSchema) }) },
      },
    },
    async (request) => ({ items: await join.listMyApplications(deps, contextOf(request)) }),
  );

  api.post(
    '/me/membership/applications/:id/withdraw',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Withdraw my application',
        params: uuidParamSchema,
        response: { 200: joinApplicationSchema },
      },
    },
    async (request) => join.withdrawMyApplication(deps, contextOf(request), request.params.id),
  );

  api.get(
    '/me/membership/card',
    {
      config: { authenticated: true },
      schema: { tags, summary: 'My e-member card with its signed QR token', response: { 200: memberCardSchema } },
    },
    async (request) => cards.getMyCard(deps, contextOf(request)),
  );

  api.get(
    '/me/membership/data',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Everything held about me, and who viewed or changed it',
        response: { 200: myDataSchema },
      },
    },
    async (request) => myData.getMyData(deps, contextOf(request)),
  );

  api.get(
    '/me/membership/data/export',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Download my data (.json or .xlsx)',
        querystring: z.object({ format: z.enum(['json', 'xlsx']).default('json') }),
      },
    },
    async (request, reply) => {
      const context = contextOf(request);
      const { format } = request.query;
      return sendDownload(reply, `my-data.${format}`, format === 'json' ? 'application/json' : XLSX, (output) =>
        myData.exportMyData(deps, context, format, request.locale, output),
      );
    },
  );

  api.post(
    '/me/membership/corrections',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Ask for a correction of my record',
        body: correctionRequestBodySchema,
        response: { 201: correctionRequestSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await myData.requestCorrection(deps, contextOf(request), request.body)),
  );

  api.post(
    '/me/membership/transfers',
    {
      config: { authenticated: true },
      schema: {
        tags,
        summary: 'Ask to transfer my membership to another union (a new job)',
        body: createTransferBodySchema.omit({ memberId: true }),
        response: { 201: transferSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await transfers.requestTransfer(deps, contextOf(request), request.body)),
  );

  api.post(
    '/me/membership/transfers/:id/cancel',
    {
      config: { authenticated: true },
      schema: { tags, summary: 'Cancel my transfer request', params: idParamSchema, response: { 200: transferSchema } },
    },
    async (request) => transfers.cancelMyTransfer(deps, contextOf(request), request.params.id),
  );

  // ---- cadres: applications ----

  api.get(
    '/membership/applications',
    {
      config: { permission: 'member.read' },
      schema: {
        tags,
        summary: 'Join applications in my subtree, due first',
        querystring: listJoinApplicationsQuerySchema,
        response: { 200: joinApplicationPageSchema },
      },
    },
    async (request) => join.listApplications(deps, contextOf(request), request.query),
  );

  api.get(
    '/membership/applications/:id',
    {
      config: { permission: 'member.read' },
      schema: { tags, summary: 'One application', params: uuidParamSchema, response: { 200: joinApplicationSchema } },
    },
    async (request) => join.getApplication(deps, contextOf(request), request.params.id),
  );

  api.post(
    '/membership/applications/approve',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Approve one or many applications; each gets a member number, or a reason it could not',
        body: approveApplicationsBodySchema,
        response: { 200: approveApplicationsResultSchema },
      },
    },
    async (request) => {
      const result = await join.approveApplications(deps, contextOf(request), request.body.ids);
      return {
        approved: result.approved,
        failed: result.failed.map((f) => ({ ...f, message: translate(request.locale, `problem.${f.code}`, f.params) })),
      };
    },
  );

  api.post(
    '/membership/applications/:id/reject',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Reject with a reason the worker sees',
        params: uuidParamSchema,
        body: rejectApplicationBodySchema,
        response: { 200: joinApplicationSchema },
      },
    },
    async (request) => join.rejectApplication(deps, contextOf(request), request.params.id, request.body.reason),
  );

  api.post(
    '/membership/applications/:id/route',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Send the application to another union',
        params: uuidParamSchema,
        body: routeApplicationBodySchema,
        response: { 200: joinApplicationSchema },
      },
    },
    async (request) => join.routeApplication(deps, contextOf(request), request.params.id, request.body),
  );

  api.get(
    '/membership/invite',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'The QR invite of a union in my subtree',
        querystring: z.object({ organisationId: z.coerce.number().int().positive() }),
        response: { 200: inviteSchema },
      },
    },
    async (request) => join.getInvite(deps, contextOf(request), request.query.organisationId),
  );

  // ---- cadres: members ----

  api.get(
    '/members',
    {
      config: { permission: 'member.read' },
      schema: {
        tags,
        summary: 'Search the roster of my subtree',
        querystring: listMembersQuerySchema,
        response: { 200: memberPageSchema },
      },
    },
    async (request) => members.listMembers(deps, contextOf(request), request.query),
  );

  api.get(
    '/members/export',
    {
      config: { permission: 'member.read' },
      schema: {
        tags,
        summary: 'Export the roster (masked unless permitted, with a reason; audited)',
        querystring: exportQuerySchema,
      },
    },
    async (request, reply) => {
      const write = await rosterExport.prepareMemberExport(deps, contextOf(request), request.query, request.locale);
      const format = request.query.format;
      return sendDownload(reply, `members.${format}`, format === 'csv' ? 'text/csv; charset=utf-8' : XLSX, write);
    },
  );

  api.get(
    '/members/:id',
    {
      config: { permission: 'member.read' },
      schema: {
        tags,
        summary: 'One member with history, transfers and dues (the view is logged)',
        params: idParamSchema,
        response: { 200: memberDetailSchema },
      },
    },
    async (request) => members.getMember(deps, contextOf(request), request.params.id),
  );

  api.patch(
    '/members/:id',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Correct a member record',
        params: idParamSchema,
        body: updateMemberBodySchema,
        response: { 200: memberDetailSchema },
      },
    },
    async (request) => members.updateMember(deps, contextOf(request), request.params.id, request.body),
  );

  api.post(
    '/members/:id/status',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Record a status change as a dated fact',
        params: idParamSchema,
        body: changeMemberStatusBodySchema,
        response: { 200: memberDetailSchema },
      },
    },
    async (request) => members.changeMemberStatus(deps, contextOf(request), request.params.id, request.body),
  );

  api.post(
    '/members/:id/reveal',
    {
      config: { permission: 'pii.reveal' },
      schema: {
        tags,
        summary: 'Reveal an ID number, mobile or wage (reason required, audited)',
        params: idParamSchema,
        body: revealMemberFieldBodySchema,
        response: { 200: revealedValueSchema },
      },
    },
    async (request) => members.revealMemberField(deps, contextOf(request), request.params.id, request.body),
  );

  api.post(
    '/members/:id/cards/revoke',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Revoke the member’s e-member cards',
        params: idParamSchema,
        body: revokeCardBodySchema,
        response: { 200: okSchema },
      },
    },
    async (request) => cards.revokeMemberCards(deps, contextOf(request), request.params.id, request.body.reason),
  );

  api.post(
    '/membership/lapse/preview',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Who the lapse rule would lapse in a subtree',
        body: lapseRunBodySchema,
        response: { 200: lapsePreviewSchema },
      },
    },
    async (request) => members.previewLapse(deps, contextOf(request), request.body),
  );

  api.post(
    '/membership/lapse/run',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Apply the lapse rule in a subtree',
        body: lapseRunBodySchema,
        response: { 200: lapseResultSchema },
      },
    },
    async (request) => members.runLapse(deps, contextOf(request), request.body),
  );

  api.get(
    '/membership/statistics',
    {
      config: { permission: 'membership.statistics' },
      schema: {
        tags,
        summary: 'Membership statistics of a subtree',
        querystring: statisticsQuerySchema,
        response: { 200: membershipStatisticsSchema },
      },
    },
    async (request) => members.getStatistics(deps, contextOf(request), request.query),
  );

  // ---- transfers ----

  api.get(
    '/membership/transfers',
    {
      config: { permission: 'member.read' },
      schema: {
        tags,
        summary: 'Transfers into or out of my subtree',
        querystring: listTransfersQuerySchema,
        response: { 200: transferPageSchema },
      },
    },
    async (request) => transfers.listTransfers(deps, contextOf(request), request.query),
  );

  api.post(
    '/membership/transfers',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Request a transfer for a member (from either union)',
        body: createTransferBodySchema,
        response: { 201: transferSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await transfers.requestTransfer(deps, contextOf(request), request.body)),
  );

  for (const [action, summary] of [
    ['release', 'The member’s union releases them'],
    ['accept', 'The target union accepts them'],
    ['reject', 'Either union turns the transfer down'],
  ] as const) {
    api.post(
      `/membership/transfers/:id/${action}`,
      {
        config: { permission: 'member.manage' },
        schema: {
          tags,
          summary,
          params: idParamSchema,
          body: transferDecisionBodySchema,
          response: { 200: transferSchema },
        },
      },
      async (request) => {
        const context = contextOf(request);
        const id = request.params.id;
        if (action === 'release') return transfers.releaseTransfer(deps, context, id);
        if (action === 'accept') return transfers.acceptTransfer(deps, context, id);
        const reason = request.body.reason;
        if (!reason) throw new ValidationProblem([{ field: 'reason', messageKey: 'validation.required' }]);
        return transfers.rejectTransfer(deps, context, id, reason);
      },
    );
  }

  // ---- dues and check-off ----

  api.post(
    '/membership/dues/months',
    {
      config: { permission: 'dues.manage' },
      schema: {
        tags,
        summary: 'Open a month of the dues ledger for a subtree',
        body: openDuesMonthBodySchema,
        response: { 200: openDuesMonthResultSchema },
      },
    },
    async (request) => dues.openDuesMonth(deps, contextOf(request), request.body),
  );

  api.post(
    '/membership/dues/payments',
    {
      config: { permission: 'dues.manage' },
      schema: {
        tags,
        summary: 'Record a dues payment (idempotent by key)',
        body: recordDuesPaymentBodySchema,
        response: { 200: duesPaymentResultSchema },
      },
    },
    async (request) => dues.recordDuesPayment(deps, contextOf(request), request.body),
  );

  api.get(
    '/membership/dues/arrears',
    {
      config: { permission: 'dues.manage' },
      schema: {
        tags,
        summary: 'Members owing dues, largest first',
        querystring: arrearsQuerySchema,
        response: { 200: arrearsPageSchema },
      },
    },
    async (request) => dues.listArrears(deps, contextOf(request), request.query),
  );

  api.post(
    '/membership/checkoff',
    {
      config: { permission: 'dues.manage' },
      schema: {
        tags,
        summary:
          'Upload an employer’s payroll deduction sheet (.xlsx/.csv, fields employerId and month) and reconcile it',
        consumes: ['multipart/form-data'],
        response: { 201: checkoffFileSchema },
      },
    },
    async (request, reply) => {
      const upload = await receiveSpreadsheet(request);
      try {
        const fields = z
          .object({
            employerId: z.coerce.number().int().positive(),
            month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, { message: 'validation.month' }),
          })
          .parse(upload.fields);
        const result = await dues.reconcileCheckoff(deps, contextOf(request), {
          ...fields,
          fileName: upload.fileName,
          path: upload.path,
          format: upload.format,
          content: fs.readFileSync(upload.path),
        });
        return reply.status(201).send(result);
      } finally {
        removeUpload(upload.path);
      }
    },
  );

  api.get(
    '/membership/checkoff',
    {
      config: { permission: 'dues.manage' },
      schema: {
        tags,
        summary: 'Reconciled check-off files',
        querystring: pageQuerySchema,
        response: { 200: checkoffFilePageSchema },
      },
    },
    async (request) => dues.listCheckoffFiles(deps, contextOf(request), request.query),
  );

  api.get(
    '/membership/checkoff/discrepancies',
    {
      config: { permission: 'dues.manage' },
      schema: {
        tags,
        summary: 'The discrepancy queue',
        querystring: listDiscrepanciesQuerySchema,
        response: { 200: checkoffDiscrepancyPageSchema },
      },
    },
    async (request) => dues.listDiscrepancies(deps, contextOf(request), request.query),
  );

  api.post(
    '/membership/checkoff/discrepancies/:id/resolve',
    {
      config: { permission: 'dues.manage' },
      schema: {
        tags,
        summary: 'Resolve a discrepancy',
        params: idParamSchema,
        body: resolveDiscrepancyBodySchema,
        response: { 200: okSchema },
      },
    },
    async (request) => dues.resolveDiscrepancy(deps, contextOf(request), request.params.id, request.body),
  );

  // ---- roster import ----

  api.get(
    '/membership/imports/template',
    {
      config: { permission: 'member.manage' },
      schema: { tags, summary: 'The roster template (.xlsx, Chinese headers)' },
    },
    async (_request, reply) =>
      sendDownload(reply, '会员名册导入模板.xlsx', XLSX, (output) => rosterImport.writeRosterTemplate(output)),
  );

  api.post(
    '/membership/imports',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Upload a roster (.xlsx/.csv); a dry run reports what would change. Runs in the background.',
        consumes: ['multipart/form-data'],
        querystring: rosterImportQuerySchema,
        response: { 202: rosterImportSchema },
      },
    },
    async (request, reply) => {
      const context = contextOf(request);
      const upload = await receiveSpreadsheet(request);
      let job: Awaited<ReturnType<typeof rosterImport.createRosterImport>>;
      try {
        job = await rosterImport.createRosterImport(deps, context, {
          organisationId: request.query.organisationId,
          dryRun: request.query.dryRun,
          fileName: upload.fileName,
          format: upload.format,
        });
      } catch (error) {
        removeUpload(upload.path);
        throw error;
      }
      const task = runRosterImportInWorker(deps, context, job, { path: upload.path, format: upload.format })
        .catch((error: unknown) => request.log.error({ err: error, importId: job.id }, 'roster import failed'))
        .finally(() => {
          removeUpload(upload.path);
          running.delete(task);
        });
      running.add(task);
      return reply.status(202).send(job);
    },
  );

  api.get(
    '/membership/imports',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Roster imports of my subtree, newest first',
        querystring: pageQuerySchema,
        response: { 200: rosterImportPageSchema },
      },
    },
    async (request) => rosterImport.listRosterImports(deps, contextOf(request), request.query),
  );

  api.get(
    '/membership/imports/:id',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Progress and counts of one import',
        params: uuidParamSchema,
        response: { 200: rosterImportSchema },
      },
    },
    async (request) => rosterImport.getRosterImport(deps, contextOf(request), request.params.id),
  );

  api.get(
    '/membership/imports/:id/errors',
    {
      config: { permission: 'member.manage' },
      schema: { tags, summary: 'The rejected rows with their reasons (.xlsx)', params: uuidParamSchema },
    },
    async (request, reply) => {
      const write = await rosterImport.prepareImportErrorReport(
        deps,
        contextOf(request),
        request.params.id,
        request.locale,
      );
      return sendDownload(reply, `import-errors-${request.params.id.slice(0, 8)}.xlsx`, XLSX, write);
    },
  );

  api.get(
    '/membership/imports/:id/conflicts',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Rows whose ID number matches a member of another name: both names, and what was decided',
        params: uuidParamSchema,
        querystring: pageQuerySchema,
        response: { 200: importConflictPageSchema },
      },
    },
    async (request) => rosterConflicts.listImportConflicts(deps, contextOf(request), request.params.id, request.query),
  );

  api.post(
    '/membership/imports/:id/conflicts/:rowNumber',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: "Confirm a conflict row (the file's row is applied, name included) or reject it (the roster is kept)",
        params: importConflictParamsSchema,
        body: importConflictDecisionSchema,
        response: { 200: importConflictSchema },
      },
    },
    async (request) =>
      rosterConflicts.decideImportConflict(
        deps,
        contextOf(request),
        request.params.id,
        request.params.rowNumber,
        request.body.decision,
      ),
  );

  // ---- corrections, cards, calendar ----

  api.get(
    '/membership/corrections',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Correction requests from members of my subtree',
        querystring: pageQuerySchema.extend({ status: z.enum(['open', 'done', 'declined']).optional() }),
        response: { 200: correctionRequestPageSchema },
      },
    },
    async (request) => myData.listCorrections(deps, contextOf(request), request.query),
  );

  api.post(
    '/membership/corrections/:id',
    {
      config: { permission: 'member.manage' },
      schema: {
        tags,
        summary: 'Answer a correction request',
        params: idParamSchema,
        body: handleCorrectionBodySchema,
        response: { 200: correctionRequestSchema },
      },
    },
    async (request) => myData.handleCorrection(deps, contextOf(request), request.params.id, request.body),
  );

  api.post(
    '/membership/cards/verify',
    {
      config: { permission: 'card.verify' },
      schema: {
        tags,
        summary: 'Check a scanned card token against the key and the live revocation list',
        body: verifyCardBodySchema,
        response: { 200: cardVerificationSchema },
      },
    },
    async (request) => cards.verifyCard(deps, contextOf(request), request.body.token),
  );

  api.get(
    '/membership/calendar',
    {
      config: { permission: 'member.read' },
      schema: {
        tags,
        summary: 'Holiday and working-day overrides used for reply due dates',
        response: { 200: calendarDaysSchema },
      },
    },
    async () => calendar.listCalendarDays(deps),
  );

  api.put(
    '/membership/calendar/:day',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: 'Declare a public holiday or a make-up working day',
        params: z.object({ day: z.iso.date() }),
        body: putCalendarDayBodySchema.omit({ day: true }),
        response: { 200: calendarDaysSchema },
      },
    },
    async (request) => calendar.putCalendarDay(deps, contextOf(request), { day: request.params.day, ...request.body }),
  );

  api.delete(
    '/membership/calendar/:day',
    {
      config: { permission: 'calendar.manage' },
      schema: {
        tags,
        summary: 'Remove an override',
        params: z.object({ day: z.iso.date() }),
        response: { 200: calendarDaysSchema },
      },
    },
    async (request) => calendar.deleteCalendarDay(deps, contextOf(request), request.params.day),
  );
}
