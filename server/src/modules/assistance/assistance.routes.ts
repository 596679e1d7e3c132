import {
  applicationActionBodySchema,
  applicationBodySchema,
  applicationPageSchema,
  applicationSchema,
  assistanceDocumentParamsSchema,
  assistanceStatsQuerySchema,
  assistanceStatsSchema,
  batchBodySchema,
  batchListSchema,
  batchResultsBodySchema,
  batchResultsFileSchema,
  batchResultsSchema,
  batchSchema,
  budgetBodySchema,
  budgetListSchema,
  budgetQuerySchema,
  documentKindQuerySchema,
  eligibilityQuerySchema,
  eligibilitySchema,
  enrolBodySchema,
  enrolmentQuerySchema,
  enrolmentSummarySchema,
  enrolResultSchema,
  fileBodySchema,
  fileCloseBodySchema,
  filePageSchema,
  fileRevealBodySchema,
  fileSchema,
  fileUpdateBodySchema,
  fileVerifyBodySchema,
  idParamSchema,
  listApplicationsQuerySchema,
  listFilesQuerySchema,
  myApplicationListSchema,
  objectionAnswerBodySchema,
  objectionBodySchema,
  objectionParamsSchema,
  onBehalfBodySchema,
  programmeBodySchema,
  programmeListSchema,
  programmeSchema,
  publicNoticeSchema,
  reissueBodySchema,
} from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { uploadedDocument } from '../../platform/documents';
import { contextOf, sendAttachment } from '../../platform/http';
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

const paymentStateSchema = z.object({ id: z.number().int(), status: z.enum(['pending', 'cancelled']) });

export function assistanceRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['assistance'];
  const member = { authenticated: true };
  const upload = (request: Parameters<typeof uploadedDocument>[0]) =>
    uploadedDocument(request, 'assistance.document_too_large');

  // ---- members ----

  api.get(
    '/assistance/my/programmes',
    {
      config: member,
      schema: { tags, summary: 'Programmes open to my union', response: { 200: programmeListSchema } },
    },
    async (request) => apply.myProgrammes(deps, contextOf(request)),
  );
  api.get(
    '/assistance/my/eligibility',
    {
      config: member,
      schema: {
        tags,
        summary: 'Whether I may apply to a programme, rule by rule',
        querystring: eligibilityQuerySchema,
        response: { 200: eligibilitySchema },
      },
    },
    async (request) => apply.eligibilityOf(deps, contextOf(request), request.query.programmeId),
  );
  api.post(
    '/assistance/my/applications',
    {
      config: member,
      schema: {
        tags,
        summary: 'Apply (a draft until documents are in and it is submitted)',
        body: applicationBodySchema,
        response: { 201: applicationSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await apply.applyAsMember(deps, contextOf(request), request.body)),
  );
  api.get(
    '/assistance/my/applications',
    { config: member, schema: { tags, summary: 'My applications', response: { 200: myApplicationListSchema } } },
    async (request) => views.myApplications(deps, contextOf(request)),
  );
  api.get(
    '/assistance/my/applications/:id',
    {
      config: member,
      schema: { tags, summary: 'One of my applications', params: idParamSchema, response: { 200: applicationSchema } },
    },
    async (request) => views.getMyApplication(deps, contextOf(request), request.params.id),
  );
  api.post(
    '/assistance/my/applications/:id/actions',
    {
      config: member,
      schema: {
        tags,
        summary: 'Submit or withdraw my application',
        params: idParamSchema,
        body: applicationActionBodySchema,
        response: { 200: applicationSchema },
      },
    },
    async (request) => review.actOnMyApplication(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/assistance/my/applications/:id/documents',
    {
      config: member,
      schema: {
        tags,
        summary: 'Upload a document to my application',
        consumes: ['multipart/form-data'],
        params: idParamSchema,
        querystring: documentKindQuerySchema,
        response: { 200: applicationSchema },
      },
    },
    async (request) =>
      apply.addMyDocument(deps, contextOf(request), request.params.id, request.query.kind, await upload(request)),
  );
  api.get(
    '/assistance/my/applications/:id/documents/:documentId',
    {
      config: member,
      schema: { tags, summary: 'Download a document of my application', params: assistanceDocumentParamsSchema },
    },
    async (request, reply) =>
      sendAttachment(
        reply,
        await apply.readDocument(deps, contextOf(request), request.params.id, request.params.documentId, true),
      ),
  );
  api.get(
    '/assistance/my/notices',
    {
      config: member,
      schema: { tags, summary: 'Public notices of my city', response: { 200: publicNoticeSchema } },
    },
    async (request) => notice.listNotices(deps, contextOf(request)),
  );
  api.get(
    '/assistance/notices',
    {
      config: { public: true },
      schema: {
        tags,
        summary: 'Public notice (公示) of a federation: masked names, unit and amount',
        querystring: z.object({ organisationId: z.coerce.number().int().positive() }),
        response: { 200: publicNoticeSchema },
      },
    },
    async (request) => notice.listNotices(deps, null, request.query.organisationId),
  );
  api.post(
    '/assistance/notices/:id/objections',
    {
      config: member,
      schema: {
        tags,
        summary: 'Object to an application in public notice',
        params: idParamSchema,
        body: objectionBodySchema,
        response: { 201: z.object({ filed: z.boolean() }) },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await notice.fileObjection(deps, contextOf(request), request.params.id, request.body.text)),
  );

  // ---- hardship files ----

  api.get(
    '/assistance/files',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Hardship files in scope',
        querystring: listFilesQuerySchema,
        response: { 200: filePageSchema },
      },
    },
    async (request) => files.listFiles(deps, contextOf(request), request.query),
  );
  api.post(
    '/assistance/files',
    {
      config: { permission: 'assistance.manage' },
      schema: { tags, summary: 'Open a hardship file', body: fileBodySchema, response: { 201: fileSchema } },
    },
    async (request, reply) => reply.status(201).send(await files.createFile(deps, contextOf(request), request.body)),
  );
  api.get(
    '/assistance/files/:id',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'A hardship file (household masked)',
        params: idParamSchema,
        response: { 200: fileSchema },
      },
    },
    async (request) => files.getFile(deps, contextOf(request), request.params.id),
  );
  api.put(
    '/assistance/files/:id',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Update a hardship file',
        params: idParamSchema,
        body: fileUpdateBodySchema,
        response: { 200: fileSchema },
      },
    },
    async (request) => files.updateFile(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/assistance/files/:id/reveal',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'The household’s names, health and income, with a reason (audited)',
        params: idParamSchema,
        body: fileRevealBodySchema,
        response: { 200: fileSchema },
      },
    },
    async (request) => files.revealFile(deps, contextOf(request), request.params.id, request.body.reason),
  );
  api.post(
    '/assistance/files/:id/documents',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Upload evidence to a hardship file',
        consumes: ['multipart/form-data'],
        params: idParamSchema,
        querystring: documentKindQuerySchema,
        response: { 200: fileSchema },
      },
    },
    async (request) =>
      files.addFileDocument(deps, contextOf(request), request.params.id, request.query.kind, await upload(request)),
  );
  api.get(
    '/assistance/files/:id/documents/:documentId',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Download evidence of a hardship file (audited)',
        params: assistanceDocumentParamsSchema,
      },
    },
    async (request, reply) =>
      sendAttachment(
        reply,
        await files.readFileDocument(deps, contextOf(request), request.params.id, request.params.documentId),
      ),
  );
  api.post(
    '/assistance/files/:id/verify',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Yearly re-verification',
        params: idParamSchema,
        body: fileVerifyBodySchema,
        response: { 200: fileSchema },
      },
    },
    async (request) =>
      files.verifyFile(deps, contextOf(request), request.params.id, request.body.version, request.body.note),
  );
  api.post(
    '/assistance/files/:id/close',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Close a file into the archive',
        params: idParamSchema,
        body: fileCloseBodySchema,
        response: { 200: fileSchema },
      },
    },
    async (request) => files.closeFile(deps, contextOf(request), request.params.id, request.body),
  );

  // ---- programmes and budgets ----

  api.get(
    '/assistance/programmes',
    {
      config: { permission: 'assistance.read' },
      schema: { tags, summary: 'Programmes run in or above my scope', response: { 200: programmeListSchema } },
    },
    async (request) => programmes.listProgrammes(deps, contextOf(request)),
  );
  api.post(
    '/assistance/programmes',
    {
      config: { permission: 'assistance.programmes' },
      schema: { tags, summary: 'Define a programme', body: programmeBodySchema, response: { 201: programmeSchema } },
    },
    async (request, reply) =>
      reply.status(201).send(await programmes.createProgramme(deps, contextOf(request), request.body)),
  );
  api.put(
    '/assistance/programmes/:id',
    {
      config: { permission: 'assistance.programmes' },
      schema: {
        tags,
        summary: 'Change a programme',
        params: idParamSchema,
        body: programmeBodySchema,
        response: { 200: programmeSchema },
      },
    },
    async (request) => programmes.updateProgramme(deps, contextOf(request), request.params.id, request.body),
  );
  api.get(
    '/assistance/budgets',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Budget, committed and paid in a subtree',
        querystring: budgetQuerySchema,
        response: { 200: budgetListSchema },
      },
    },
    async (request) => programmes.listBudgets(deps, contextOf(request), request.query),
  );
  api.put(
    '/assistance/budgets',
    {
      config: { permission: 'assistance.programmes' },
      schema: {
        tags,
        summary: 'Set a programme’s budget at an organisation for a year',
        body: budgetBodySchema,
        response: { 200: budgetListSchema },
      },
    },
    async (request) => programmes.setBudget(deps, contextOf(request), request.body),
  );

  // ---- applications ----

  api.get(
    '/assistance/applications',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Applications in scope',
        querystring: listApplicationsQuerySchema,
        response: { 200: applicationPageSchema },
      },
    },
    async (request) => views.listApplications(deps, contextOf(request), request.query),
  );
  api.post(
    '/assistance/applications',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Apply on a member’s behalf',
        body: onBehalfBodySchema,
        response: { 201: applicationSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await apply.applyOnBehalf(deps, contextOf(request), request.body)),
  );
  api.get(
    '/assistance/applications/:id',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'An application with its chain',
        params: idParamSchema,
        response: { 200: applicationSchema },
      },
    },
    async (request) => views.getApplication(deps, contextOf(request), request.params.id),
  );
  api.post(
    '/assistance/applications/:id/actions',
    {
      // Every step needs assistance.manage (approval also assistance.approve, checked per application).
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Check, review, start the notice, approve or reject',
        params: idParamSchema,
        body: applicationActionBodySchema,
        response: { 200: applicationSchema },
      },
    },
    async (request) => review.actOnApplication(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/assistance/applications/:id/documents',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Upload a document to an application',
        consumes: ['multipart/form-data'],
        params: idParamSchema,
        querystring: documentKindQuerySchema,
        response: { 200: applicationSchema },
      },
    },
    async (request) =>
      apply.addDocument(deps, contextOf(request), request.params.id, request.query.kind, await upload(request)),
  );
  api.get(
    '/assistance/applications/:id/documents/:documentId',
    {
      config: { permission: 'assistance.read' },
      schema: { tags, summary: 'Download a document of an application', params: assistanceDocumentParamsSchema },
    },
    async (request, reply) =>
      sendAttachment(
        reply,
        await apply.readDocument(deps, contextOf(request), request.params.id, request.params.documentId, false),
      ),
  );
  api.post(
    '/assistance/applications/:id/objections/:objectionId/answer',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Answer an objection (upheld: the application is rejected)',
        params: objectionParamsSchema,
        body: objectionAnswerBodySchema,
        response: { 200: applicationSchema },
      },
    },
    async (request) =>
      notice.answerObjection(deps, contextOf(request), request.params.id, request.params.objectionId, request.body),
  );

  // ---- disbursement ----

  api.get(
    '/assistance/batches',
    {
      config: { permission: 'assistance.disburse' },
      schema: { tags, summary: 'Payment batches, and payments waiting for one', response: { 200: batchListSchema } },
    },
    async (request) => batches.listBatches(deps, contextOf(request)),
  );
  api.post(
    '/assistance/batches',
    {
      config: { permission: 'assistance.disburse' },
      schema: {
        tags,
        summary: 'Batch an organisation’s pending payments; send an Idempotency-Key so a retry makes no second batch',
        headers: z.object({ 'idempotency-key': z.string().trim().min(8).max(100).optional() }),
        body: batchBodySchema,
        response: { 201: batchSchema },
      },
    },
    async (request, reply) =>
      reply
        .status(201)
        .send(await batches.createBatch(deps, contextOf(request), request.body, request.headers['idempotency-key'])),
  );
  api.get(
    '/assistance/batches/:id',
    {
      config: { permission: 'assistance.disburse' },
      schema: { tags, summary: 'A batch and its payments', params: idParamSchema, response: { 200: batchSchema } },
    },
    async (request) => batches.getBatch(deps, contextOf(request), request.params.id),
  );
  api.get(
    '/assistance/batches/:id/export',
    {
      config: { permission: 'assistance.disburse' },
      schema: {
        tags,
        summary: 'The bank payment file (.xlsx or .csv), with full account numbers (audited)',
        params: idParamSchema,
        querystring: z.object({ format: z.enum(['xlsx', 'csv']).default('xlsx') }),
      },
    },
    async (request, reply) =>
      sendAttachment(
        reply,
        await batches.exportBatch(deps, contextOf(request), request.params.id, request.query.format, request.locale),
      ),
  );
  api.post(
    '/assistance/batches/:id/results',
    {
      config: { permission: 'assistance.disburse' },
      schema: {
        tags,
        summary: 'Record what the bank paid, failed or returned; a result already recorded is not recorded again',
        params: idParamSchema,
        body: batchResultsBodySchema,
        response: { 200: batchResultsSchema },
      },
    },
    async (request) => payments.recordBatchResults(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/assistance/batches/:id/results/file',
    {
      config: { permission: 'assistance.disburse' },
      schema: {
        tags,
        summary:
          'Record the bank’s result file (.xlsx/.csv: reference and result columns); rows it cannot match are listed',
        consumes: ['multipart/form-data'],
        params: idParamSchema,
        response: { 200: batchResultsFileSchema },
      },
    },
    async (request) => {
      const upload = await receiveSpreadsheet(request);
      try {
        return await payments.recordResultsFile(deps, contextOf(request), request.params.id, upload, request.locale);
      } finally {
        removeUpload(upload.path);
      }
    },
  );
  api.post(
    '/assistance/payments/:id/reissue',
    {
      config: { permission: 'assistance.disburse' },
      schema: {
        tags,
        summary: 'Queue a failed or returned payment again, to a corrected account if given',
        params: idParamSchema,
        body: reissueBodySchema,
        response: { 200: paymentStateSchema },
      },
    },
    async (request) => payments.reissuePayment(deps, contextOf(request), request.params.id, request.body.bankAccount),
  );
  api.post(
    '/assistance/payments/:id/cancel',
    {
      config: { permission: 'assistance.disburse' },
      schema: {
        tags,
        summary: 'Cancel a payment: the money goes back to the budget',
        params: idParamSchema,
        response: { 200: paymentStateSchema },
      },
    },
    async (request) => payments.cancelPayment(deps, contextOf(request), request.params.id),
  );

  // ---- mutual medical aid and statistics ----

  api.post(
    '/assistance/enrolments',
    {
      config: { permission: 'assistance.manage' },
      schema: {
        tags,
        summary: 'Enrol a union’s active members in a year of mutual medical aid',
        body: enrolBodySchema,
        response: { 200: enrolResultSchema },
      },
    },
    async (request) => programmes.enrol(deps, contextOf(request), request.body),
  );
  api.get(
    '/assistance/enrolments',
    {
      config: { permission: 'assistance.read' },
      schema: {
        tags,
        summary: 'Members enrolled and fees, per union',
        querystring: enrolmentQuerySchema,
        response: { 200: enrolmentSummarySchema },
      },
    },
    async (request) => programmes.enrolmentSummary(deps, contextOf(request), request.query),
  );
  api.get(
    '/assistance/statistics',
    {
      config: { permission: 'assistance.statistics' },
      schema: {
        tags,
        summary: 'Files, applications and money for a subtree and year (counts under 5 shown as "<5")',
        querystring: assistanceStatsQuerySchema,
        response: { 200: assistanceStatsSchema },
      },
    },
    async (request) => assistanceStatistics(deps, contextOf(request), request.query),
  );
}
