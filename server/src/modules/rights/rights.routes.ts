import {
  anonymousActionBodySchema,
  anonymousCaseBodySchema,
  anonymousReceiptSchema,
  attachmentParamsSchema,
  breakGlassBodySchema,
  breakGlassSchema,
  caseActionBodySchema,
  casePageSchema,
  caseSchema,
  createCaseBodySchema,
  dashboardQuerySchema,
  dashboardSchema,
  desksSchema,
  employerFlagsSchema,
  followUpParamSchema,
  handlerOptionsSchema,
  handlersQuerySchema,
  idParamSchema,
  LOCALES,
  listCasesQuerySchema,
  notificationListSchema,
  registerCaseBodySchema,
  reporterCaseListSchema,
  reporterCaseSchema,
  sweepResultSchema,
} from '@gonghui/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { scopeOf } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { uploadedDocument } from '../../platform/documents';
import { contextOf, DOCX_MEDIA_TYPE, sendAttachment } from '../../platform/http';
import { mediationAgreement } from './agreement';
import * as attachments from './attachments.service';
import * as lists from './case-lists.service';
import { dashboard, employerFlags } from './dashboard.service';
import * as filing from './filing.service';
import * as handling from './handling.service';
import { sweepDeadlines } from './sweep';

/** The one file of a multipart upload, up to 20 MB. */
const uploadedFile = (request: FastifyRequest) => uploadedDocument(request, 'rights.attachment_too_large');

export function rightsRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['rights'];
  const member = { authenticated: true };
  // Anonymous reporting: no session, and no request line in the log (it would carry the address).
  const anonymous = { config: { public: true }, logLevel: 'warn' as const };

  // ---- anonymous reporters ----

  api.get(
    '/rights/desks',
    {
      config: { public: true },
      schema: { tags, summary: 'Federations that receive reports', response: { 200: desksSchema } },
    },
    async () => filing.listDesks(deps),
  );
  api.post(
    '/rights/anonymous',
    {
      ...anonymous,
      schema: {
        tags,
        summary: 'Report anonymously; answers the follow-up code, the only key to the report',
        body: anonymousCaseBodySchema,
        response: { 201: anonymousReceiptSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await filing.fileAnonymousCase(deps, request.body)),
  );
  api.get(
    '/rights/anonymous/:code',
    {
      ...anonymous,
      schema: {
        tags,
        summary: 'An anonymous report by its follow-up code',
        params: followUpParamSchema,
        response: { 200: reporterCaseSchema },
      },
    },
    async (request) => filing.anonymousCase(deps, request.params.code),
  );
  api.post(
    '/rights/anonymous/:code/actions',
    {
      ...anonymous,
      schema: {
        tags,
        summary: 'Reply on, or rate, an anonymous report',
        params: followUpParamSchema,
        body: anonymousActionBodySchema,
        response: { 200: reporterCaseSchema },
      },
    },
    async (request) => handling.actAnonymously(deps, request.params.code, request.body),
  );
  api.post(
    '/rights/anonymous/:code/attachments',
    {
      ...anonymous,
      schema: {
        tags,
        summary: 'Attach a file (pdf, docx, jpg, png; up to 20 MB) to an anonymous report',
        consumes: ['multipart/form-data'],
        params: followUpParamSchema,
        response: { 200: reporterCaseSchema },
      },
    },
    async (request) => attachments.attachAnonymously(deps, request.params.code, await uploadedFile(request)),
  );

  // ---- a worker, for their own cases ----

  api.get(
    '/rights/my/cases',
    { config: member, schema: { tags, summary: 'My cases', response: { 200: reporterCaseListSchema } } },
    async (request) => filing.myCases(deps, contextOf(request)),
  );
  api.post(
    '/rights/my/cases',
    {
      config: member,
      schema: { tags, summary: 'Ask for help', body: createCaseBodySchema, response: { 201: reporterCaseSchema } },
    },
    async (request, reply) => reply.status(201).send(await filing.fileCase(deps, contextOf(request), request.body)),
  );
  api.get(
    '/rights/my/cases/:id',
    {
      config: member,
      schema: { tags, summary: 'One of my cases', params: idParamSchema, response: { 200: reporterCaseSchema } },
    },
    async (request) => filing.getMyCase(deps, contextOf(request), request.params.id),
  );
  api.post(
    '/rights/my/cases/:id/actions',
    {
      config: member,
      schema: {
        tags,
        summary: 'Reply on, or rate, one of my cases',
        params: idParamSchema,
        body: anonymousActionBodySchema,
        response: { 200: reporterCaseSchema },
      },
    },
    async (request) => handling.actOnMyCase(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/rights/my/cases/:id/attachments',
    {
      config: member,
      schema: {
        tags,
        summary: 'Attach a file to one of my cases',
        consumes: ['multipart/form-data'],
        params: idParamSchema,
        response: { 200: reporterCaseSchema },
      },
    },
    async (request) =>
      attachments.attachToMyCase(deps, contextOf(request), request.params.id, await uploadedFile(request)),
  );
  api.get(
    '/rights/notifications',
    {
      config: member,
      schema: { tags, summary: 'My notifications about cases', response: { 200: notificationListSchema } },
    },
    async (request) => lists.listNotifications(deps, contextOf(request)),
  );
  api.post(
    '/rights/notifications/read',
    {
      config: member,
      schema: { tags, summary: 'Mark my notifications read', response: { 200: notificationListSchema } },
    },
    async (request) => lists.markNotificationsRead(deps, contextOf(request)),
  );

  // ---- cadres and caseworkers ----

  api.get(
    '/rights/cases',
    {
      config: member,
      schema: {
        tags,
        summary: 'Cases: my inbox (box=mine), or those I may see in scope',
        querystring: listCasesQuerySchema,
        response: { 200: casePageSchema },
      },
    },
    async (request) => lists.listCases(deps, contextOf(request), request.query),
  );
  api.post(
    '/rights/cases',
    {
      config: { permission: 'rights.dispatch' },
      schema: {
        tags,
        summary: 'Register a case for a worker: a call, a visit, or a referral from arbitration or a court',
        body: registerCaseBodySchema,
        response: { 201: caseSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await filing.registerCase(deps, contextOf(request), request.body)),
  );
  api.get(
    '/rights/cases/:id',
    {
      config: member,
      schema: { tags, summary: 'A case with its timeline', params: idParamSchema, response: { 200: caseSchema } },
    },
    async (request) => handling.getCase(deps, contextOf(request), request.params.id),
  );
  api.post(
    '/rights/cases/:id/actions',
    {
      config: member,
      schema: {
        tags,
        summary: 'Act on a case: dispatch, take, return, record, reply, close, rate',
        params: idParamSchema,
        body: caseActionBodySchema,
        response: { 200: caseSchema },
      },
    },
    async (request) => handling.actOnCase(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/rights/cases/:id/attachments',
    {
      config: member,
      schema: {
        tags,
        summary: 'Attach a file (pdf, docx, jpg, png; up to 20 MB), type checked by content',
        consumes: ['multipart/form-data'],
        params: idParamSchema,
        response: { 200: caseSchema },
      },
    },
    async (request) =>
      attachments.attachToCase(deps, contextOf(request), request.params.id, await uploadedFile(request)),
  );
  api.get(
    '/rights/cases/:id/attachments/:attachmentId',
    {
      config: member,
      schema: { tags, summary: 'Download an attachment (authorised and audited)', params: attachmentParamsSchema },
    },
    async (request, reply) => {
      const file = await attachments.readAttachment(
        deps,
        contextOf(request),
        request.params.id,
        request.params.attachmentId,
      );
      return sendAttachment(reply, file);
    },
  );
  api.post(
    '/rights/cases/:id/break-glass',
    {
      config: { permission: 'rights.read' },
      schema: {
        tags,
        summary: 'Emergency access to a case outside my view, with a reason (time-limited, auditors told)',
        params: idParamSchema,
        body: breakGlassBodySchema,
        response: { 200: breakGlassSchema },
      },
    },
    async (request) => handling.breakGlass(deps, contextOf(request), request.params.id, request.body.reason),
  );
  api.get(
    '/rights/cases/:id/agreement.docx',
    {
      config: member,
      schema: {
        tags,
        summary: 'The mediation agreement as a Word document',
        params: idParamSchema,
        querystring: z.object({ lang: z.enum(LOCALES).optional() }),
      },
    },
    async (request, reply) => {
      const locale = request.query.lang ?? request.locale;
      const { buffer, fileName } = await mediationAgreement(deps, contextOf(request), request.params.id, locale);
      return sendAttachment(reply, { mediaType: DOCX_MEDIA_TYPE, fileName, content: buffer });
    },
  );
  api.get(
    '/rights/handlers',
    {
      config: { permission: 'rights.dispatch' },
      schema: {
        tags,
        summary: 'Who may handle cases at a union',
        querystring: handlersQuerySchema,
        response: { 200: handlerOptionsSchema },
      },
    },
    async (request) => handling.handlerOptions(deps, contextOf(request), request.query.organisationId),
  );
  api.get(
    '/rights/dashboard',
    {
      config: { permission: 'rights.statistics' },
      schema: {
        tags,
        summary: 'Cases of a subtree: open, overdue, on time, satisfaction; small counts as "<5"',
        querystring: dashboardQuerySchema,
        response: { 200: dashboardSchema },
      },
    },
    async (request) => dashboard(deps, contextOf(request), request.query),
  );
  api.get(
    '/rights/employer-flags',
    {
      config: { permission: 'rights.read' },
      schema: { tags, summary: 'Employers with repeated wage-arrears reports', response: { 200: employerFlagsSchema } },
    },
    async (request) => employerFlags(deps, contextOf(request)),
  );
  api.post(
    '/rights/sweep',
    {
      config: { permission: 'rights.dispatch' },
      schema: {
        tags,
        summary: 'Run the deadline sweep now over my subtree (it also runs daily): warnings and escalations',
        response: { 200: sweepResultSchema },
      },
    },
    async (request) => sweepDeadlines(deps, new Date(), scopeOf(contextOf(request).actor, 'rights.dispatch')),
  );
}
