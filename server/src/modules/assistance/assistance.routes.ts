import { assistanceEndpoints } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { uploadedDocument } from '../../platform/documents';
import { contextOf, sendAttachment } from '../../platform/http';
import { route } from '../../platform/route';
import { receiveSpreadsheet, removeUpload } from '../../platform/uploads';
import * as views from './application-views';
import * as apply from './apply.service';
import * as batches from './batches.service';
import * as files from './files.service';
import * as notice from './notice.service';
import * as payments from './payments.service';
import * as programmes from './programmes.service';
import * as review from './review.service';
import { assistanceStatistics } from './statistics.service';

export function assistanceRoutes(app: FastifyInstance, deps: AppDeps) {
  const member = { authenticated: true } as const;
  const upload = (request: Parameters<typeof uploadedDocument>[0]) =>
    uploadedDocument(request, 'assistance.document_too_large');

  // ---- members ----

  route(app, assistanceEndpoints.myProgrammes, { config: member }, async (request) =>
    apply.myProgrammes(deps, contextOf(request)),
  );
  route(app, assistanceEndpoints.eligibilityOf, { config: member }, async (request) =>
    apply.eligibilityOf(deps, contextOf(request), request.query.programmeId),
  );
  route(app, assistanceEndpoints.applyAsMember, { config: member }, async (request, reply) =>
    reply.status(201).send(await apply.applyAsMember(deps, contextOf(request), request.body)),
  );
  route(app, assistanceEndpoints.myApplications, { config: member }, async (request) =>
    views.myApplications(deps, contextOf(request)),
  );
  route(app, assistanceEndpoints.getMyApplication, { config: member }, async (request) =>
    views.getMyApplication(deps, contextOf(request), request.params.id),
  );
  route(app, assistanceEndpoints.actOnMyApplication, { config: member }, async (request) =>
    review.actOnMyApplication(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, assistanceEndpoints.addMyDocument, { config: member }, async (request) =>
    apply.addMyDocument(deps, contextOf(request), request.params.id, request.query.kind, await upload(request)),
  );
  route(app, assistanceEndpoints.readMyDocument, { config: member }, async (request, reply) =>
    sendAttachment(
      reply,
      await apply.readDocument(deps, contextOf(request), request.params.id, request.params.documentId, true),
    ),
  );
  route(app, assistanceEndpoints.myNotices, { config: member }, async (request) =>
    notice.listNotices(deps, contextOf(request)),
  );
  route(app, assistanceEndpoints.listNotices, { config: { public: true } }, async (request) =>
    notice.listNotices(deps, null, request.query.organisationId),
  );
  route(app, assistanceEndpoints.fileObjection, { config: member }, async (request, reply) =>
    reply.status(201).send(await notice.fileObjection(deps, contextOf(request), request.params.id, request.body.text)),
  );

  // ---- hardship files ----

  route(app, assistanceEndpoints.listFiles, { config: { permission: 'assistance.read' } }, async (request) =>
    files.listFiles(deps, contextOf(request), request.query),
  );
  route(app, assistanceEndpoints.createFile, { config: { permission: 'assistance.manage' } }, async (request, reply) =>
    reply.status(201).send(await files.createFile(deps, contextOf(request), request.body)),
  );
  route(app, assistanceEndpoints.getFile, { config: { permission: 'assistance.read' } }, async (request) =>
    files.getFile(deps, contextOf(request), request.params.id),
  );
  route(app, assistanceEndpoints.updateFile, { config: { permission: 'assistance.manage' } }, async (request) =>
    files.updateFile(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, assistanceEndpoints.revealFile, { config: { permission: 'assistance.manage' } }, async (request) =>
    files.revealFile(deps, contextOf(request), request.params.id, request.body.reason),
  );
  route(app, assistanceEndpoints.addFileDocument, { config: { permission: 'assistance.manage' } }, async (request) =>
    files.addFileDocument(deps, contextOf(request), request.params.id, request.query.kind, await upload(request)),
  );
  route(
    app,
    assistanceEndpoints.readFileDocument,
    { config: { permission: 'assistance.read' } },
    async (request, reply) =>
      sendAttachment(
        reply,
        await files.readFileDocument(deps, contextOf(request), request.params.id, request.params.documentId),
      ),
  );
  route(app, assistanceEndpoints.verifyFile, { config: { permission: 'assistance.manage' } }, async (request) =>
    files.verifyFile(deps, contextOf(request), request.params.id, request.body.version, request.body.note),
  );
  route(app, assistanceEndpoints.closeFile, { config: { permission: 'assistance.manage' } }, async (request) =>
    files.closeFile(deps, contextOf(request), request.params.id, request.body),
  );

  // ---- programmes and budgets ----

  route(app, assistanceEndpoints.listProgrammes, { config: { permission: 'assistance.read' } }, async (request) =>
    programmes.listProgrammes(deps, contextOf(request)),
  );
  route(
    app,
    assistanceEndpoints.createProgramme,
    { config: { permission: 'assistance.programmes' } },
    async (request, reply) =>
      reply.status(201).send(await programmes.createProgramme(deps, contextOf(request), request.body)),
  );
  route(
    app,
    assistanceEndpoints.updateProgramme,
    { config: { permission: 'assistance.programmes' } },
    async (request) => programmes.updateProgramme(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, assistanceEndpoints.listBudgets, { config: { permission: 'assistance.read' } }, async (request) =>
    programmes.listBudgets(deps, contextOf(request), request.query),
  );
  route(app, assistanceEndpoints.setBudget, { config: { permission: 'assistance.programmes' } }, async (request) =>
    programmes.setBudget(deps, contextOf(request), request.body),
  );

  // ---- applications ----

  route(app, assistanceEndpoints.listApplications, { config: { permission: 'assistance.read' } }, async (request) =>
    views.listApplications(deps, contextOf(request), request.query),
  );
  route(
    app,
    assistanceEndpoints.applyOnBehalf,
    { config: { permission: 'assistance.manage' } },
    async (request, reply) => reply.status(201).send(await apply.applyOnBehalf(deps, contextOf(request), request.body)),
  );
  route(app, assistanceEndpoints.getApplication, { config: { permission: 'assistance.read' } }, async (request) =>
    views.getApplication(deps, contextOf(request), request.params.id),
  );
  route(app, assistanceEndpoints.actOnApplication, { config: { permission: 'assistance.manage' } }, async (request) =>
    review.actOnApplication(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, assistanceEndpoints.addDocument, { config: { permission: 'assistance.manage' } }, async (request) =>
    apply.addDocument(deps, contextOf(request), request.params.id, request.query.kind, await upload(request)),
  );
  route(app, assistanceEndpoints.readDocument, { config: { permission: 'assistance.read' } }, async (request, reply) =>
    sendAttachment(
      reply,
      await apply.readDocument(deps, contextOf(request), request.params.id, request.params.documentId, false),
    ),
  );
  route(app, assistanceEndpoints.answerObjection, { config: { permission: 'assistance.manage' } }, async (request) =>
    notice.answerObjection(deps, contextOf(request), request.params.id, request.params.objectionId, request.body),
  );

  // ---- disbursement ----

  route(app, assistanceEndpoints.listBatches, { config: { permission: 'assistance.disburse' } }, async (request) =>
    batches.listBatches(deps, contextOf(request)),
  );
  route(
    app,
    assistanceEndpoints.createBatch,
    { config: { permission: 'assistance.disburse' } },
    async (request, reply) =>
      reply
        .status(201)
        .send(await batches.createBatch(deps, contextOf(request), request.body, request.headers['idempotency-key'])),
  );
  route(app, assistanceEndpoints.getBatch, { config: { permission: 'assistance.disburse' } }, async (request) =>
    batches.getBatch(deps, contextOf(request), request.params.id),
  );
  route(
    app,
    assistanceEndpoints.exportBatch,
    { config: { permission: 'assistance.disburse' } },
    async (request, reply) =>
      sendAttachment(
        reply,
        await batches.exportBatch(deps, contextOf(request), request.params.id, request.query.format, request.locale),
      ),
  );
  route(
    app,
    assistanceEndpoints.recordBatchResults,
    { config: { permission: 'assistance.disburse' } },
    async (request) => payments.recordBatchResults(deps, contextOf(request), request.params.id, request.body),
  );
  route(
    app,
    assistanceEndpoints.recordResultsFile,
    { config: { permission: 'assistance.disburse' } },
    async (request) => {
      const upload = await receiveSpreadsheet(request);
      try {
        return await payments.recordResultsFile(deps, contextOf(request), request.params.id, upload, request.locale);
      } finally {
        removeUpload(upload.path);
      }
    },
  );
  route(app, assistanceEndpoints.reissuePayment, { config: { permission: 'assistance.disburse' } }, async (request) =>
    payments.reissuePayment(deps, contextOf(request), request.params.id, request.body.bankAccount),
  );
  route(app, assistanceEndpoints.cancelPayment, { config: { permission: 'assistance.disburse' } }, async (request) =>
    payments.cancelPayment(deps, contextOf(request), request.params.id),
  );

  // ---- mutual medical aid and statistics ----

  route(app, assistanceEndpoints.enrol, { config: { permission: 'assistance.manage' } }, async (request) =>
    programmes.enrol(deps, contextOf(request), request.body),
  );
  route(app, assistanceEndpoints.enrolmentSummary, { config: { permission: 'assistance.read' } }, async (request) =>
    programmes.enrolmentSummary(deps, contextOf(request), request.query),
  );
  route(
    app,
    assistanceEndpoints.assistanceStatistics,
    { config: { permission: 'assistance.statistics' } },
    async (request) => assistanceStatistics(deps, contextOf(request), request.query),
  );
}
