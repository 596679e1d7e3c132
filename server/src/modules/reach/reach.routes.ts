import { reachEndpoints } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { uploadedDocument } from '../../platform/documents';
import { contextOf, sendAttachment } from '../../platform/http';
import { route } from '../../platform/route';
import * as messages from './messages.service';
import * as notices from './notices.service';
import * as results from './survey-results.service';
import * as surveys from './surveys.service';

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

  const surveyRead = { config: { permission: 'survey.read' } } as const;
  const surveyManage = { config: { permission: 'survey.manage' } } as const;
  route(app, reachEndpoints.surveys, surveyRead, async (request) =>
    surveys.listSurveys(deps, contextOf(request), request.query),
  );
  route(app, reachEndpoints.createSurvey, surveyManage, async (request) =>
    surveys.createSurvey(deps, contextOf(request), request.body, request.locale),
  );
  route(app, reachEndpoints.survey, surveyRead, async (request) =>
    surveys.surveyForCadre(deps, contextOf(request), request.params.id),
  );
  route(app, reachEndpoints.updateSurvey, surveyManage, async (request) =>
    surveys.updateSurvey(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, reachEndpoints.openSurvey, surveyManage, async (request) =>
    surveys.openSurvey(deps, contextOf(request), request.params.id),
  );
  route(app, reachEndpoints.closeSurvey, surveyManage, async (request) =>
    surveys.closeSurvey(deps, contextOf(request), request.params.id),
  );
  route(app, reachEndpoints.allocateQuotas, surveyManage, async (request) =>
    surveys.allocateQuotas(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, reachEndpoints.setEnumerators, surveyManage, async (request) =>
    surveys.setEnumerators(deps, contextOf(request), request.params.id, request.body.enumerators),
  );
  route(app, reachEndpoints.surveyFill, surveyRead, async (request) =>
    surveys.fill(deps, contextOf(request), request.params.id, request.query.organisationId),
  );
  route(app, reachEndpoints.remindSurvey, surveyManage, async (request) =>
    surveys.remind(deps, contextOf(request), request.params.id, request.body.organisationIds),
  );
  route(app, reachEndpoints.surveyResults, surveyRead, async (request) =>
    results.results(deps, contextOf(request), request.params.id, request.query),
  );
  // The answers file is microdata: for the cadres who run surveys, each export audited.
  route(app, reachEndpoints.exportSurvey, surveyManage, async (request, reply) =>
    sendAttachment(
      reply,
      await results.exportSurvey(deps, contextOf(request), request.params.id, request.query.format, request.locale),
    ),
  );
  // Enumerators are named per survey, whatever their role; the service checks the naming.
  route(app, reachEndpoints.enterPaper, own, async (request) =>
    surveys.enterPaper(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, reachEndpoints.mySurveys, own, async (request) =>
    surveys.mySurveys(deps, contextOf(request), request.query),
  );
  route(app, reachEndpoints.mySurvey, own, async (request) =>
    surveys.mySurvey(deps, contextOf(request), request.params.id),
  );
  route(app, reachEndpoints.saveSurveyDraft, own, async (request) =>
    surveys.saveDraft(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, reachEndpoints.submitSurvey, own, async (request) =>
    surveys.submit(deps, contextOf(request), request.params.id, request.body.answers),
  );
}
