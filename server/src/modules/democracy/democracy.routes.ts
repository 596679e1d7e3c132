import { democracyEndpoints } from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../platform/deps';
import { uploadedDocument } from '../../platform/documents';
import { AppError } from '../../platform/errors';
import { contextOf, DOCX_MEDIA_TYPE, sendAttachment } from '../../platform/http';
import { route } from '../../platform/route';
import * as casting from './casting.service';
import * as congress from './congress.service';
import * as disclosure from './disclosure.service';
import * as encrypted from './encrypted.service';
import { sessionMinutes } from './minutes';
import * as proposals from './proposals.service';
import * as votesRepo from './votes.repository';
import * as votes from './votes.service';

export function democracyRoutes(app: FastifyInstance, deps: AppDeps) {
  const read = { permission: 'democracy.read' as const };
  const manage = { permission: 'democracy.manage' as const };
  const member = { authenticated: true } as const;

  // ---- congress sessions (cadres) ----

  route(app, democracyEndpoints.listSessions, { config: read }, async (request) =>
    congress.listSessions(deps, contextOf(request), request.query),
  );
  route(app, democracyEndpoints.createSession, { config: manage }, async (request, reply) =>
    reply.status(201).send(await congress.createSession(deps, contextOf(request), request.body)),
  );
  route(app, democracyEndpoints.getSessionDetail, { config: read }, async (request) =>
    congress.getSessionDetail(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.updateSession, { config: manage }, async (request) =>
    congress.updateSession(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, democracyEndpoints.rotateCheckInCode, { config: manage }, async (request) =>
    congress.rotateCheckInCode(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.addConstituency, { config: manage }, async (request) =>
    congress.addConstituency(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, democracyEndpoints.addDelegate, { config: manage }, async (request) =>
    congress.addDelegate(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, democracyEndpoints.setPresidium, { config: manage }, async (request) =>
    congress.setPresidium(deps, contextOf(request), request.params.id, request.body.delegateIds),
  );
  route(app, democracyEndpoints.removeDelegate, { config: manage }, async (request) =>
    congress.removeDelegate(deps, contextOf(request), request.params.id, request.params.itemId),
  );
  route(app, democracyEndpoints.checkInAtDesk, { config: manage }, async (request) =>
    congress.checkInAtDesk(deps, contextOf(request), request.params.id, request.params.itemId),
  );
  route(app, democracyEndpoints.addAgendaItem, { config: manage }, async (request) =>
    congress.addAgendaItem(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, democracyEndpoints.setCurrentItem, { config: manage }, async (request) =>
    congress.setCurrentItem(deps, contextOf(request), request.params.id, request.params.itemId),
  );
  route(app, democracyEndpoints.addDocument, { config: manage }, async (request) => {
    return congress.addDocument(
      deps,
      contextOf(request),
      request.params.id,
      request.params.itemId,
      await uploadedDocument(request),
    );
  });
  route(app, democracyEndpoints.readDocument, { config: member }, async (request, reply) => {
    const document = await congress.readDocument(
      deps,
      contextOf(request),
      request.params.id,
      request.params.documentId,
    );
    return sendAttachment(reply, document);
  });
  route(app, democracyEndpoints.sessionMinutes, { config: read }, async (request, reply) => {
    const locale = request.query.lang ?? request.locale;
    const { buffer, fileName } = await sessionMinutes(deps, contextOf(request), request.params.id, locale);
    return sendAttachment(reply, { mediaType: DOCX_MEDIA_TYPE, fileName, content: buffer });
  });
  route(app, democracyEndpoints.sessionScreen, { config: read }, async (request) =>
    votes.sessionScreen(deps, contextOf(request), request.params.id),
  );

  // ---- votes (cadres) ----

  route(app, democracyEndpoints.listVotes, { config: read }, async (request) =>
    votes.listVotes(deps, contextOf(request), request.query),
  );
  route(app, democracyEndpoints.createVote, { config: manage }, async (request, reply) =>
    reply.status(201).send(await votes.createVote(deps, contextOf(request), request.body)),
  );
  route(app, democracyEndpoints.getVote, { config: read }, async (request) =>
    votes.getVote(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.freezeVote, { config: manage }, async (request) =>
    votes.freezeVote(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.openVote, { config: manage }, async (request) =>
    votes.openVote(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.closeVote, { config: manage }, async (request) =>
    votes.closeVote(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.listRoll, { config: read }, async (request) =>
    votes.listRoll(deps, contextOf(request), request.params.id, request.query),
  );
  route(app, democracyEndpoints.setRollEntry, { config: manage }, async (request) =>
    votes.setRollEntry(deps, contextOf(request), request.params.id, request.params.memberId, request.body),
  );

  // ---- votes (voters and everyone after close) ----

  route(app, democracyEndpoints.myVotes, { config: member }, async (request) =>
    votes.myVotes(deps, contextOf(request)),
  );
  route(app, democracyEndpoints.castBallot, { config: member, logLevel: 'warn' }, async (request) =>
    casting.castBallot(deps, contextOf(request), request.params.id, request.body),
  );
  // ---- encrypted votes: trustees, key ceremony, encrypted ballots, decryption, the board ----

  route(app, democracyEndpoints.setTrustees, { config: manage }, async (request) => {
    await encrypted.setTrustees(deps, contextOf(request), request.params.id, request.body);
    return votes.getVote(deps, contextOf(request), request.params.id);
  });
  route(app, democracyEndpoints.ceremony, { config: member }, async (request) =>
    encrypted.getCeremony(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.myTrusteeships, { config: member }, async (request) =>
    encrypted.myTrusteeships(deps, contextOf(request)),
  );
  route(app, democracyEndpoints.postCommitment, { config: member }, async (request) =>
    encrypted.postCommitment(deps, contextOf(request), request.params.id, request.body.commitment),
  );
  route(app, democracyEndpoints.postShares, { config: member }, async (request) =>
    encrypted.postShares(deps, contextOf(request), request.params.id, request.body.shares),
  );
  route(app, democracyEndpoints.acceptShares, { config: member }, async (request) =>
    encrypted.acceptShares(deps, contextOf(request), request.params.id, request.body.badSenders),
  );
  route(app, democracyEndpoints.postDecryption, { config: member }, async (request) =>
    encrypted.postDecryption(deps, contextOf(request), request.params.id, request.body.parts),
  );
  route(app, democracyEndpoints.castEncrypted, { config: member, logLevel: 'warn' }, async (request) =>
    encrypted.castEncrypted(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, democracyEndpoints.findTracker, { config: member }, async (request) =>
    encrypted.findTracker(deps, contextOf(request), request.params.id, request.params.tracker),
  );
  route(app, democracyEndpoints.board, { config: member }, async (request) =>
    encrypted.getBoard(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.getResult, { config: member }, async (request) =>
    votes.getResult(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.publishedBallots, { config: member }, async (request) =>
    votes.publishedBallots(deps, contextOf(request), request.params.id, request.query.receipt),
  );
  route(app, democracyEndpoints.myVote, { config: member }, async (request) => {
    const [paper] = (await votes.myVotes(deps, contextOf(request), request.params.id)).items;
    if (!paper) throw new AppError(404, 'not_found');
    const row = await votesRepo.findVoteRow(deps.db, paper.vote.id);
    return { ...paper, encryption: row ? await encrypted.encryptionOf(deps, row) : null };
  });

  // ---- delegates ----

  route(app, democracyEndpoints.mySessions, { config: member }, async (request) =>
    congress.mySessions(deps, contextOf(request)),
  );
  route(app, democracyEndpoints.checkIn, { config: member }, async (request) =>
    congress.checkIn(deps, contextOf(request), request.params.id, request.body.code),
  );

  // ---- proposals ----

  route(app, democracyEndpoints.listProposals, { config: member }, async (request) =>
    proposals.listProposals(deps, contextOf(request), request.query),
  );
  route(app, democracyEndpoints.draftProposal, { config: member }, async (request, reply) =>
    reply.status(201).send(await proposals.draftProposal(deps, contextOf(request), request.params.id, request.body)),
  );
  route(app, democracyEndpoints.getProposal, { config: member }, async (request) =>
    proposals.getProposal(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.updateDraft, { config: member }, async (request) =>
    proposals.updateDraft(deps, contextOf(request), request.params.id, request.body),
  );
  route(app, democracyEndpoints.inviteCosigners, { config: member }, async (request) =>
    proposals.inviteCosigners(deps, contextOf(request), request.params.id, request.body.delegateIds),
  );
  route(app, democracyEndpoints.respondToInvitation, { config: member }, async (request) =>
    proposals.respondToInvitation(deps, contextOf(request), request.params.id, request.body.accept),
  );
  route(app, democracyEndpoints.submitProposal, { config: member }, async (request) =>
    proposals.submitProposal(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.reviewProposal, { config: manage }, async (request) =>
    proposals.committeeAct(deps, contextOf(request), request.params.id, 'review', request.body),
  );
  route(app, democracyEndpoints.assignProposal, { config: manage }, async (request) =>
    proposals.committeeAct(deps, contextOf(request), request.params.id, 'assign', request.body),
  );
  route(app, democracyEndpoints.replyToProposal, { config: manage }, async (request) =>
    proposals.committeeAct(deps, contextOf(request), request.params.id, 'reply', request.body),
  );
  route(app, democracyEndpoints.rateReply, { config: member }, async (request) =>
    proposals.rateReply(deps, contextOf(request), request.params.id, request.body.satisfaction),
  );

  // ---- affairs disclosure ----

  route(app, democracyEndpoints.listNotices, { config: read }, async (request) =>
    disclosure.listForCadre(deps, contextOf(request), request.query),
  );
  route(app, democracyEndpoints.publishNotice, { config: manage }, async (request, reply) =>
    reply.status(201).send(await disclosure.publishNotice(deps, contextOf(request), request.body)),
  );
  route(app, democracyEndpoints.answerQuestion, { config: manage }, async (request) =>
    disclosure.answerQuestion(
      deps,
      contextOf(request),
      request.params.id,
      request.params.questionId,
      request.body.answer,
    ),
  );
  route(app, democracyEndpoints.myNotices, { config: member }, async (request) =>
    disclosure.listForMember(deps, contextOf(request)),
  );
  route(app, democracyEndpoints.markNoticeRead, { config: member }, async (request) =>
    disclosure.markRead(deps, contextOf(request), request.params.id),
  );
  route(app, democracyEndpoints.askQuestion, { config: member }, async (request) =>
    disclosure.askQuestion(deps, contextOf(request), request.params.id, request.body.question),
  );
}
