import { reachEndpoints } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { uploadedDocument } from '../../platform/documents';
import { contextOf, sendAttachment } from '../../platform/http';
import { route } from '../../platform/route';
import * as messages from './messages.service';
import * as notices from './notices.service';

export function reachRoutes(app: FastifyInstance, deps: AppDeps) {
  // Anyone signed in, for their own messages only.
  const own = { config: { authenticated: true } } as const;
  const deliveries = { config: { permission: 'reach.deliveries' } } as const;

  route(app, reachEndpoints.inbox, own, async (request) => messages.inbox(deps, contextOf(request), request.query));
  route(app, reachEndpoints.unreadCount, own, async (request) => messages.unreadCount(deps, contextOf(request)));
  route(app, reachEndpoints.markRead, own, async (request) =>
    messages.markRead(deps, contextOf(request), request.body),
  );
  route(app, reachEndpoints.preferences, own, async (request) => messages.preferences(deps, contextOf(request)));
  route(app, reachEndpoints.setPreferences, own, async (request) =>
    messages.setPreferences(deps, contextOf(request), request.body),
  );
  route(app, reachEndpoints.deliveries, deliveries, async (request) =>
    messages.deliveries(deps, contextOf(request), request.query),
  );
  route(app, reachEndpoints.retryDelivery, deliveries, async (request) =>
    messages.retryDelivery(deps, contextOf(request), request.params.id),
  );

  const read = { config: { permission: 'notice.read' } } as const;
  const manage = { config: { permission: 'notice.manage' } } as const;
  route(app, reachEndpoints.notices, read, async (request) =>
    notices.listNotices(deps, contextOf(request), request.query),
  );
  route(app, reachEndpoints.createNotice, manage, async (request) =>
    notices.createNotice(deps, contextOf(request), request.body),
  );
  route(app, reachEndpoints.notice, read, async (request) =>
    notices.noticeForCadre(deps, contextOf(request), request.params.id),
  );
  route(app, reachEndpoints.updateNotice, manage, async (request) =>
    notices.updateNotice(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, reachEndpoints.publishNotice, manage, async (request) =>
    notices.publishNotice(deps, contextOf(request), request.params.id),
  );
  route(app, reachEndpoints.withdrawNotice, manage, async (request) =>
    notices.withdrawNotice(deps, contextOf(request), request.params.id, request.body.reason),
  );
  route(app, reachEndpoints.pinNotice, manage, async (request) =>
    notices.pinNotice(deps, contextOf(request), request.params.id, request.body.pinned),
  );
  route(app, reachEndpoints.noticeReadRate, read, async (request) =>
    notices.readRate(deps, contextOf(request), request.params.id, request.query.organisationId),
  );
  route(app, reachEndpoints.remindNotice, manage, async (request) =>
    notices.remind(deps, contextOf(request), request.params.id, request.body.organisationIds),
  );
  route(app, reachEndpoints.uploadNoticeDocument, manage, async (request) =>
    notices.addDocument(
      deps,
      contextOf(request),
      request.params.id,
      await uploadedDocument(request, 'reach.document_too_large'),
    ),
  );
  // Cadres who may see the notice and members it is addressed to.
  route(app, reachEndpoints.noticeDocument, own, async (request, reply) =>
    sendAttachment(
      reply,
      await notices.readDocument(deps, contextOf(request), request.params.id, request.params.documentId),
    ),
  );
  route(app, reachEndpoints.myNotices, own, async (request) =>
    notices.myNotices(deps, contextOf(request), request.query),
  );
  route(app, reachEndpoints.myNotice, own, async (request) =>
    notices.myNotice(deps, contextOf(request), request.params.id),
  );
}
