import fs from 'node:fs';
import { PassThrough, type Writable } from 'node:stream';
import { membershipEndpoints, translate } from '@gonghui/contract';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { ValidationProblem } from '../../platform/errors';
import { contextOf, sendAttachment } from '../../platform/http';
import { route } from '../../platform/route';
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
  // Imports run after the upload request answers; shutdown waits for them to reach a batch boundary.
  const running = new Set<Promise<void>>();
  app.addHook('onClose', async () => {
    await Promise.allSettled(running);
  });

  // ---- public ----

  route(app, membershipEndpoints.lookUpInvite, { config: { public: true } }, async (request) =>
    join.lookUpInvite(deps, request.params.code),
  );

  route(app, membershipEndpoints.getCardKey, { config: { public: true } }, async () => cards.getCardKey(deps));

  // ---- a worker or member, for themself ----

  route(app, membershipEndpoints.searchUnions, { config: { authenticated: true } }, async (request) => ({
    items: await members.searchUnions(deps, request.query.q),
  }));

  route(app, membershipEndpoints.searchEmployers, { config: { authenticated: true } }, async (request) => ({
    items: await members.searchEmployers(deps, request.query.q),
  }));

  route(app, membershipEndpoints.submitApplication, { config: { authenticated: true } }, async (request, reply) =>
    reply.status(201).send(await join.submitApplication(deps, contextOf(request), request.body)),
  );

  route(app, membershipEndpoints.listMyApplications, { config: { authenticated: true } }, async (request) => ({
    items: await join.listMyApplications(deps, contextOf(request)),
  }));

  route(app, membershipEndpoints.withdrawMyApplication, { config: { authenticated: true } }, async (request) =>
    join.withdrawMyApplication(deps, contextOf(request), request.params.id),
  );

  route(app, membershipEndpoints.getMyCard, { config: { authenticated: true } }, async (request) =>
    cards.getMyCard(deps, contextOf(request)),
  );

  route(app, membershipEndpoints.getMyData, { config: { authenticated: true } }, async (request) =>
    myData.getMyData(deps, contextOf(request)),
  );

  route(app, membershipEndpoints.exportMyData, { config: { authenticated: true } }, async (request, reply) => {
    const context = contextOf(request);
    const { format } = request.query;
    return sendDownload(reply, `my-data.${format}`, format === 'json' ? 'application/json' : XLSX, (output) =>
      myData.exportMyData(deps, context, format, request.locale, output),
    );
  });

  route(app, membershipEndpoints.requestCorrection, { config: { authenticated: true } }, async (request, reply) =>
    reply.status(201).send(await myData.requestCorrection(deps, contextOf(request), request.body)),
  );

  route(app, membershipEndpoints.requestMyTransfer, { config: { authenticated: true } }, async (request, reply) =>
    reply.status(201).send(await transfers.requestTransfer(deps, contextOf(request), request.body)),
  );

  route(app, membershipEndpoints.cancelMyTransfer, { config: { authenticated: true } }, async (request) =>
    transfers.cancelMyTransfer(deps, contextOf(request), request.params.id),
  );

  // ---- cadres: applications ----

  route(app, membershipEndpoints.listApplications, { config: { permission: 'member.read' } }, async (request) =>
    join.listApplications(deps, contextOf(request), request.query),
  );

  route(app, membershipEndpoints.getApplication, { config: { permission: 'member.read' } }, async (request) =>
    join.getApplication(deps, contextOf(request), request.params.id),
  );

  route(app, membershipEndpoints.approveApplications, { config: { permission: 'member.manage' } }, async (request) => {
    const result = await join.approveApplications(deps, contextOf(request), request.body.ids);
    return {
      approved: result.approved,
      failed: result.failed.map((f) => ({ ...f, message: translate(request.locale, `problem.${f.code}`, f.params) })),
    };
  });

  route(app, membershipEndpoints.rejectApplication, { config: { permission: 'member.manage' } }, async (request) =>
    join.rejectApplication(deps, contextOf(request), request.params.id, request.body.reason),
  );

  route(app, membershipEndpoints.routeApplication, { config: { permission: 'member.manage' } }, async (request) =>
    join.routeApplication(deps, contextOf(request), request.params.id, request.body),
  );

  route(app, membershipEndpoints.getInvite, { config: { permission: 'member.manage' } }, async (request) =>
    join.getInvite(deps, contextOf(request), request.query.organisationId),
  );

  // ---- cadres: members ----

  route(app, membershipEndpoints.listMembers, { config: { permission: 'member.read' } }, async (request) =>
    members.listMembers(deps, contextOf(request), request.query),
  );

  route(
    app,
    membershipEndpoints.prepareMemberExport,
    { config: { permission: 'member.read' } },
    async (request, reply) => {
      const write = await rosterExport.prepareMemberExport(deps, contextOf(request), request.query, request.locale);
      const format = request.query.format;
      return sendDownload(reply, `members.${format}`, format === 'csv' ? 'text/csv; charset=utf-8' : XLSX, write);
    },
  );

  route(app, membershipEndpoints.getMember, { config: { permission: 'member.read' } }, async (request) =>
    members.getMember(deps, contextOf(request), request.params.id),
  );

  route(app, membershipEndpoints.updateMember, { config: { permission: 'member.manage' } }, async (request) =>
    members.updateMember(deps, contextOf(request), request.params.id, request.body),
  );

  route(app, membershipEndpoints.changeMemberStatus, { config: { permission: 'member.manage' } }, async (request) =>
    members.changeMemberStatus(deps, contextOf(request), request.params.id, request.body),
  );

  route(app, membershipEndpoints.revealMemberField, { config: { permission: 'pii.reveal' } }, async (request) =>
    members.revealMemberField(deps, contextOf(request), request.params.id, request.body),
  );

  route(app, membershipEndpoints.revokeMemberCards, { config: { permission: 'member.manage' } }, async (request) =>
    cards.revokeMemberCards(deps, contextOf(request), request.params.id, request.body.reason),
  );

  route(app, membershipEndpoints.previewLapse, { config: { permission: 'member.manage' } }, async (request) =>
    members.previewLapse(deps, contextOf(request), request.body),
  );

  route(app, membershipEndpoints.runLapse, { config: { permission: 'member.manage' } }, async (request) =>
    members.runLapse(deps, contextOf(request), request.body),
  );

  route(app, membershipEndpoints.getStatistics, { config: { permission: 'membership.statistics' } }, async (request) =>
    members.getStatistics(deps, contextOf(request), request.query),
  );

  // ---- transfers ----

  route(app, membershipEndpoints.listTransfers, { config: { permission: 'member.read' } }, async (request) =>
    transfers.listTransfers(deps, contextOf(request), request.query),
  );

  route(app, membershipEndpoints.requestTransfer, { config: { permission: 'member.manage' } }, async (request, reply) =>
    reply.status(201).send(await transfers.requestTransfer(deps, contextOf(request), request.body)),
  );

  const transferDecision = { config: { permission: 'member.manage' } } as const;
  route(app, membershipEndpoints.releaseTransfer, transferDecision, async (request) =>
    transfers.releaseTransfer(deps, contextOf(request), request.params.id),
  );
  route(app, membershipEndpoints.acceptTransfer, transferDecision, async (request) =>
    transfers.acceptTransfer(deps, contextOf(request), request.params.id),
  );
  route(app, membershipEndpoints.rejectTransfer, transferDecision, async (request) => {
    const reason = request.body.reason;
    if (!reason) throw new ValidationProblem([{ field: 'reason', messageKey: 'validation.required' }]);
    return transfers.rejectTransfer(deps, contextOf(request), request.params.id, reason);
  });

  // ---- dues and check-off ----

  route(app, membershipEndpoints.openDuesMonth, { config: { permission: 'dues.manage' } }, async (request) =>
    dues.openDuesMonth(deps, contextOf(request), request.body),
  );

  route(app, membershipEndpoints.recordDuesPayment, { config: { permission: 'dues.manage' } }, async (request) =>
    dues.recordDuesPayment(deps, contextOf(request), request.body),
  );

  route(app, membershipEndpoints.listArrears, { config: { permission: 'dues.manage' } }, async (request) =>
    dues.listArrears(deps, contextOf(request), request.query),
  );

  route(
    app,
    membershipEndpoints.reconcileCheckoff,
    { config: { permission: 'dues.manage' } },
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

  route(app, membershipEndpoints.listCheckoffFiles, { config: { permission: 'dues.manage' } }, async (request) =>
    dues.listCheckoffFiles(deps, contextOf(request), request.query),
  );

  route(app, membershipEndpoints.listDiscrepancies, { config: { permission: 'dues.manage' } }, async (request) =>
    dues.listDiscrepancies(deps, contextOf(request), request.query),
  );

  route(app, membershipEndpoints.resolveDiscrepancy, { config: { permission: 'dues.manage' } }, async (request) =>
    dues.resolveDiscrepancy(deps, contextOf(request), request.params.id, request.body),
  );

  // ---- roster import ----

  route(
    app,
    membershipEndpoints.rosterImportTemplate,
    { config: { permission: 'member.manage' } },
    async (_request, reply) =>
      sendDownload(reply, '会员名册导入模板.xlsx', XLSX, (output) => rosterImport.writeRosterTemplate(output)),
  );

  route(
    app,
    membershipEndpoints.createRosterImport,
    { config: { permission: 'member.manage' } },
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

  route(app, membershipEndpoints.listRosterImports, { config: { permission: 'member.manage' } }, async (request) =>
    rosterImport.listRosterImports(deps, contextOf(request), request.query),
  );

  route(app, membershipEndpoints.getRosterImport, { config: { permission: 'member.manage' } }, async (request) =>
    rosterImport.getRosterImport(deps, contextOf(request), request.params.id),
  );

  route(
    app,
    membershipEndpoints.prepareImportErrorReport,
    { config: { permission: 'member.manage' } },
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

  route(app, membershipEndpoints.listImportConflicts, { config: { permission: 'member.manage' } }, async (request) =>
    rosterConflicts.listImportConflicts(deps, contextOf(request), request.params.id, request.query),
  );

  route(app, membershipEndpoints.decideImportConflict, { config: { permission: 'member.manage' } }, async (request) =>
    rosterConflicts.decideImportConflict(
      deps,
      contextOf(request),
      request.params.id,
      request.params.rowNumber,
      request.body.decision,
    ),
  );

  // ---- corrections, cards, calendar ----

  route(app, membershipEndpoints.listCorrections, { config: { permission: 'member.manage' } }, async (request) =>
    myData.listCorrections(deps, contextOf(request), request.query),
  );

  route(app, membershipEndpoints.handleCorrection, { config: { permission: 'member.manage' } }, async (request) =>
    myData.handleCorrection(deps, contextOf(request), request.params.id, request.body),
  );

  route(app, membershipEndpoints.verifyCard, { config: { permission: 'card.verify' } }, async (request) =>
    cards.verifyCard(deps, contextOf(request), request.body.token),
  );

  route(app, membershipEndpoints.listCalendarDays, { config: { permission: 'member.read' } }, async () =>
    calendar.listCalendarDays(deps),
  );

  route(app, membershipEndpoints.putCalendarDay, { config: { permission: 'calendar.manage' } }, async (request) =>
    calendar.putCalendarDay(deps, contextOf(request), { day: request.params.day, ...request.body }),
  );

  route(app, membershipEndpoints.deleteCalendarDay, { config: { permission: 'calendar.manage' } }, async (request) =>
    calendar.deleteCalendarDay(deps, contextOf(request), request.params.day),
  );
}
