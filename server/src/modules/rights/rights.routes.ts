import { rightsEndpoints } from '@gonghui/contract';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { scopeOf } from '../../platform/access';
import type { AppDeps } from '../../platform/deps';
import { uploadedDocument } from '../../platform/documents';
import { contextOf, DOCX_MEDIA_TYPE, sendAttachment } from '../../platform/http';
import { route } from '../../platform/route';
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
  const member = { authenticated: true } as const;
  // Anonymous reporting: no session, and no request line in the log (it would carry the address).
  const anonymous = { config: { public: true }, logLevel: 'warn' } as const;

  // ---- anonymous reporters ----

  route(app, rightsEndpoints.listDesks, { config: { public: true } }, async () => filing.listDesks(deps));
  route(app, rightsEndpoints.fileAnonymousCase, { ...anonymous }, async (request, reply) =>
    reply.status(201).send(await filing.fileAnonymousCase(deps, request.body)),
  );
  route(app, rightsEndpoints.anonymousCase, { ...anonymous }, async (request) =>
    filing.anonymousCase(deps, request.params.code),
  );
  route(app, rightsEndpoints.actAnonymously, { ...anonymous }, async (request) =>
    handling.actAnonymously(deps, request.params.code, request.body),
  );
  route(app, rightsEndpoints.attachAnonymously, { ...anonymous }, async (request) =>
    attachments.attachAnonymously(deps, request.params.code, await uploadedFile(request)),
  );

  // ---- a worker, for their own cases ----

  route(app, rightsEndpoints.myCases, { config: member }, async (request) => filing.myCases(deps, contextOf(request)));
  route(app, rightsEndpoints.fileCase, { config: member }, async (request, reply) =>
    reply.status(201).send(await filing.fileCase(deps, contextOf(request), request.body)),
  );
  route(app, rightsEndpoints.getMyCase, { config: member }, async (request) =>
    filing.getMyCase(deps, contextOf(request), request.params.id),
  );
  route(app, rightsEndpoints.actOnMyCase, { config: member }, async (request) =>
    handling.actOnMyCase(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, rightsEndpoints.attachToMyCase, { config: member }, async (request) =>
    attachments.attachToMyCase(deps, contextOf(request), request.params.id, await uploadedFile(request)),
  );

  // ---- cadres and caseworkers ----

  route(app, rightsEndpoints.listCases, { config: member }, async (request) =>
    lists.listCases(deps, contextOf(request), request.query),
  );
  route(app, rightsEndpoints.registerCase, { config: { permission: 'rights.dispatch' } }, async (request, reply) =>
    reply.status(201).send(await filing.registerCase(deps, contextOf(request), request.body)),
  );
  route(app, rightsEndpoints.getCase, { config: member }, async (request) =>
    handling.getCase(deps, contextOf(request), request.params.id),
  );
  route(app, rightsEndpoints.actOnCase, { config: member }, async (request) =>
    handling.actOnCase(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, rightsEndpoints.attachToCase, { config: member }, async (request) =>
    attachments.attachToCase(deps, contextOf(request), request.params.id, await uploadedFile(request)),
  );
  route(app, rightsEndpoints.readAttachment, { config: member }, async (request, reply) => {
    const file = await attachments.readAttachment(
      deps,
      contextOf(request),
      request.params.id,
      request.params.attachmentId,
    );
    return sendAttachment(reply, file);
  });
  route(app, rightsEndpoints.breakGlass, { config: { permission: 'rights.read' } }, async (request) =>
    handling.breakGlass(deps, contextOf(request), request.params.id, request.body.reason),
  );
  route(app, rightsEndpoints.mediationAgreement, { config: member }, async (request, reply) => {
    const locale = request.query.lang ?? request.locale;
    const { buffer, fileName } = await mediationAgreement(deps, contextOf(request), request.params.id, locale);
    return sendAttachment(reply, { mediaType: DOCX_MEDIA_TYPE, fileName, content: buffer });
  });
  route(app, rightsEndpoints.handlerOptions, { config: { permission: 'rights.dispatch' } }, async (request) =>
    handling.handlerOptions(deps, contextOf(request), request.query.organisationId),
  );
  route(app, rightsEndpoints.dashboard, { config: { permission: 'rights.statistics' } }, async (request) =>
    dashboard(deps, contextOf(request), request.query),
  );
  route(app, rightsEndpoints.employerFlags, { config: { permission: 'rights.read' } }, async (request) =>
    employerFlags(deps, contextOf(request)),
  );
  route(app, rightsEndpoints.sweepDeadlines, { config: { permission: 'rights.dispatch' } }, async (request) =>
    sweepDeadlines(deps, new Date(), scopeOf(contextOf(request).actor, 'rights.dispatch')),
  );
}
