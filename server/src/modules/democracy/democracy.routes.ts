import {
  addDelegateBodySchema,
  agendaItemBodySchema,
  agendaItemSchema,
  answerBodySchema,
  assignProposalBodySchema,
  ballotPaperSchema,
  castBodySchema,
  castResultSchema,
  checkInBodySchema,
  checkInResultSchema,
  congressSessionDetailSchema,
  congressSessionPageSchema,
  congressSessionSchema,
  constituencyBodySchema,
  constituencySchema,
  cosignBodySchema,
  createSessionBodySchema,
  createVoteBodySchema,
  documentParamsSchema,
  idParamSchema,
  inviteCosignersBodySchema,
  itemParamsSchema,
  LOCALES,
  listProposalsQuerySchema,
  listSessionsQuerySchema,
  listVotesQuerySchema,
  memberParamsSchema,
  mySessionsSchema,
  myVotesSchema,
  noticeBodySchema,
  noticePageSchema,
  noticeSchema,
  pageQuerySchema,
  proposalBodySchema,
  proposalPageSchema,
  proposalSchema,
  publishedBallotsSchema,
  questionBodySchema,
  questionParamsSchema,
  replyProposalBodySchema,
  reviewProposalBodySchema,
  rollPageSchema,
  rollQuerySchema,
  satisfactionBodySchema,
  screenSchema,
  setRollEntryBodySchema,
  updateProposalBodySchema,
  updateSessionBodySchema,
  votePageSchema,
  voteResultSchema,
  voteSchema,
} from '@gonghui/contract';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppDeps } from '../../platform/deps';
import { uploadedDocument } from '../../platform/documents';
import { AppError } from '../../platform/errors';
import { contextOf, DOCX_MEDIA_TYPE, sendAttachment } from '../../platform/http';
import * as casting from './casting.service';
import * as congress from './congress.service';
import * as disclosure from './disclosure.service';
import { sessionMinutes } from './minutes';
import * as proposals from './proposals.service';
import * as votes from './votes.service';

const listOf = <T extends z.ZodType>(item: T) => z.array(item);

export function democracyRoutes(app: FastifyInstance, deps: AppDeps) {
  const api = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['democracy'];
  const read = { permission: 'democracy.read' as const };
  const manage = { permission: 'democracy.manage' as const };
  const member = { authenticated: true };

  // ---- congress sessions (cadres) ----

  api.get(
    '/democracy/sessions',
    {
      config: read,
      schema: {
        tags,
        summary: 'Congress sessions in scope',
        querystring: listSessionsQuerySchema,
        response: { 200: congressSessionPageSchema },
      },
    },
    async (request) => congress.listSessions(deps, contextOf(request), request.query),
  );
  api.post(
    '/democracy/sessions',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a congress session (届/次)',
        body: createSessionBodySchema,
        response: { 201: congressSessionSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await congress.createSession(deps, contextOf(request), request.body)),
  );
  api.get(
    '/democracy/sessions/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A session with constituencies, delegates, composition, attendance and agenda',
        params: idParamSchema,
        response: { 200: congressSessionDetailSchema },
      },
    },
    async (request) => congress.getSessionDetail(deps, contextOf(request), request.params.id),
  );
  api.patch(
    '/democracy/sessions/:id',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Change a session: settings, thresholds, or status (open, close)',
        params: idParamSchema,
        body: updateSessionBodySchema,
        response: { 200: congressSessionSchema },
      },
    },
    async (request) => congress.updateSession(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/democracy/sessions/:id/check-in-code',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Issue a new venue check-in code (the old QR stops working)',
        params: idParamSchema,
        response: { 200: congressSessionSchema },
      },
    },
    async (request) => congress.rotateCheckInCode(deps, contextOf(request), request.params.id),
  );
  api.post(
    '/democracy/sessions/:id/constituencies',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add a constituency with its seats',
        params: idParamSchema,
        body: constituencyBodySchema,
        response: { 200: listOf(constituencySchema) },
      },
    },
    async (request) => congress.addConstituency(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/democracy/sessions/:id/delegates',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Record an elected delegate (an active member of the union)',
        params: idParamSchema,
        body: addDelegateBodySchema,
        response: { 200: congressSessionDetailSchema },
      },
    },
    async (request) => congress.addDelegate(deps, contextOf(request), request.params.id, request.body),
  );
  api.delete(
    '/democracy/sessions/:id/delegates/:itemId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Remove a delegate while the session is being prepared',
        params: itemParamsSchema,
        response: { 200: congressSessionDetailSchema },
      },
    },
    async (request) => congress.removeDelegate(deps, contextOf(request), request.params.id, request.params.itemId),
  );
  api.post(
    '/democracy/sessions/:id/delegates/:itemId/check-in',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Check a delegate in at the registration desk',
        params: itemParamsSchema,
        response: { 200: checkInResultSchema },
      },
    },
    async (request) => congress.checkInAtDesk(deps, contextOf(request), request.params.id, request.params.itemId),
  );
  api.post(
    '/democracy/sessions/:id/agenda',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Add an agenda item',
        params: idParamSchema,
        body: agendaItemBodySchema,
        response: { 200: listOf(agendaItemSchema) },
      },
    },
    async (request) => congress.addAgendaItem(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/democracy/sessions/:id/agenda/:itemId/current',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Mark the item under discussion (shown on the hall screen)',
        params: itemParamsSchema,
        response: { 200: listOf(agendaItemSchema) },
      },
    },
    async (request) => congress.setCurrentItem(deps, contextOf(request), request.params.id, request.params.itemId),
  );
  api.post(
    '/democracy/sessions/:id/agenda/:itemId/documents',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Attach a document (pdf, docx, jpg, png; up to 20 MB) to an agenda item',
        consumes: ['multipart/form-data'],
        params: itemParamsSchema,
        response: { 200: listOf(agendaItemSchema) },
      },
    },
    async (request) => {
      return congress.addDocument(
        deps,
        contextOf(request),
        request.params.id,
        request.params.itemId,
        await uploadedDocument(request),
      );
    },
  );
  api.get(
    '/democracy/sessions/:id/documents/:documentId',
    {
      config: member,
      schema: {
        tags,
        summary: 'Download a document (cadres in scope and delegates; audited)',
        params: documentParamsSchema,
      },
    },
    async (request, reply) => {
      const document = await congress.readDocument(
        deps,
        contextOf(request),
        request.params.id,
        request.params.documentId,
      );
      return sendAttachment(reply, document);
    },
  );
  api.get(
    '/democracy/sessions/:id/minutes.docx',
    {
      config: read,
      schema: {
        tags,
        summary: 'The minutes: attendance, quorum, agenda, results, proposals (.docx)',
        params: idParamSchema,
        querystring: z.object({ lang: z.enum(LOCALES).optional().describe('Language of the document') }),
      },
    },
    async (request, reply) => {
      const locale = request.query.lang ?? request.locale;
      const { buffer, fileName } = await sessionMinutes(deps, contextOf(request), request.params.id, locale);
      return sendAttachment(reply, { mediaType: DOCX_MEDIA_TYPE, fileName, content: buffer });
    },
  );
  api.get(
    '/democracy/sessions/:id/screen',
    {
      config: read,
      schema: {
        tags,
        summary: 'The hall screen: quorum, current item, turnout while open, results after close',
        params: idParamSchema,
        response: { 200: screenSchema },
      },
    },
    async (request) => votes.sessionScreen(deps, contextOf(request), request.params.id),
  );

  // ---- votes (cadres) ----

  api.get(
    '/democracy/votes',
    {
      config: read,
      schema: {
        tags,
        summary: 'Votes and elections in scope',
        querystring: listVotesQuerySchema,
        response: { 200: votePageSchema },
      },
    },
    async (request) => votes.listVotes(deps, contextOf(request), request.query),
  );
  api.post(
    '/democracy/votes',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Create a motion or an election (the slate rule of 差额选举 is checked here)',
        body: createVoteBodySchema,
        response: { 201: voteSchema },
      },
    },
    async (request, reply) => reply.status(201).send(await votes.createVote(deps, contextOf(request), request.body)),
  );
  api.get(
    '/democracy/votes/:id',
    {
      config: read,
      schema: {
        tags,
        summary: 'A vote, with turnout while open',
        params: idParamSchema,
        response: { 200: voteSchema },
      },
    },
    async (request) => votes.getVote(deps, contextOf(request), request.params.id),
  );
  for (const [step, summary] of [
    ['freeze', 'Freeze the electorate at this moment and hash it'],
    ['open', 'Open the vote'],
    ['close', 'Close the vote: mix, check and count the ballots, publish the result'],
  ] as const) {
    api.post(
      `/democracy/votes/:id/${step}`,
      { config: manage, schema: { tags, summary, params: idParamSchema, response: { 200: voteSchema } } },
      async (request) => {
        const context = contextOf(request);
        if (step === 'freeze') return votes.freezeVote(deps, context, request.params.id);
        if (step === 'open') return votes.openVote(deps, context, request.params.id);
        return votes.closeVote(deps, context, request.params.id);
      },
    );
  }
  api.get(
    '/democracy/votes/:id/roll',
    {
      config: read,
      schema: {
        tags,
        summary: 'The roll: who may vote, weights, proxies, who has voted (never what)',
        params: idParamSchema,
        querystring: rollQuerySchema,
        response: { 200: rollPageSchema },
      },
    },
    async (request) => votes.listRoll(deps, contextOf(request), request.params.id, request.query),
  );
  api.put(
    '/democracy/votes/:id/roll/:memberId',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Set a voter’s weight or proxy before the vote opens (logged)',
        params: memberParamsSchema,
        body: setRollEntryBodySchema,
        response: { 200: voteSchema },
      },
    },
    async (request) =>
      votes.setRollEntry(deps, contextOf(request), request.params.id, request.params.memberId, request.body),
  );

  // ---- votes (voters and everyone after close) ----

  api.get(
    '/democracy/my/votes',
    {
      config: member,
      schema: { tags, summary: 'Votes I may cast, for myself or as proxy', response: { 200: myVotesSchema } },
    },
    async (request) => votes.myVotes(deps, contextOf(request)),
  );
  api.post(
    '/democracy/votes/:id/cast',
    {
      config: member,
      // Never log this request beyond its line: no body, no receipt.
      logLevel: 'warn',
      schema: {
        tags,
        summary: 'Cast a secret ballot; answers a random receipt',
        params: idParamSchema,
        body: castBodySchema,
        response: { 200: castResultSchema },
      },
    },
    async (request) => casting.castBallot(deps, contextOf(request), request.params.id, request.body),
  );
  api.get(
    '/democracy/votes/:id/result',
    {
      config: member,
      schema: { tags, summary: 'The result, after close', params: idParamSchema, response: { 200: voteResultSchema } },
    },
    async (request) => votes.getResult(deps, contextOf(request), request.params.id),
  );
  api.get(
    '/democracy/votes/:id/ballots',
    {
      config: member,
      schema: {
        tags,
        summary: 'The counted ballots after close, in random order; find a receipt to check it was counted',
        params: idParamSchema,
        querystring: z.object({ receipt: z.string().trim().max(32).optional() }),
        response: { 200: publishedBallotsSchema },
      },
    },
    async (request) => votes.publishedBallots(deps, contextOf(request), request.params.id, request.query.receipt),
  );
  api.get(
    '/democracy/my/votes/:id',
    {
      config: member,
      schema: { tags, summary: 'One ballot paper', params: idParamSchema, response: { 200: ballotPaperSchema } },
    },
    async (request) => {
      const [paper] = (await votes.myVotes(deps, contextOf(request), request.params.id)).items;
      if (!paper) throw new AppError(404, 'not_found');
      return paper;
    },
  );

  // ---- delegates ----

  api.get(
    '/democracy/my/sessions',
    {
      config: member,
      schema: { tags, summary: 'Congress sessions where I am a delegate', response: { 200: mySessionsSchema } },
    },
    async (request) => congress.mySessions(deps, contextOf(request)),
  );
  api.post(
    '/democracy/sessions/:id/check-in',
    {
      config: member,
      schema: {
        tags,
        summary: 'Check in as a delegate: with the venue QR code, or online where allowed',
        params: idParamSchema,
        body: checkInBodySchema,
        response: { 200: checkInResultSchema },
      },
    },
    async (request) => congress.checkIn(deps, contextOf(request), request.params.id, request.body.code),
  );

  // ---- proposals ----

  api.get(
    '/democracy/proposals',
    {
      config: member,
      schema: {
        tags,
        summary: 'Proposals I may follow (delegates: their sessions; cadres: their scope); q searches the archive',
        querystring: listProposalsQuerySchema,
        response: { 200: proposalPageSchema },
      },
    },
    async (request) => proposals.listProposals(deps, contextOf(request), request.query),
  );
  api.post(
    '/democracy/sessions/:id/proposals',
    {
      config: member,
      schema: {
        tags,
        summary: 'Draft a proposal (delegates)',
        params: idParamSchema,
        body: proposalBodySchema,
        response: { 201: proposalSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await proposals.draftProposal(deps, contextOf(request), request.params.id, request.body)),
  );
  api.get(
    '/democracy/proposals/:id',
    {
      config: member,
      schema: {
        tags,
        summary: 'A proposal and its progress',
        params: idParamSchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.getProposal(deps, contextOf(request), request.params.id),
  );
  api.patch(
    '/democracy/proposals/:id',
    {
      config: member,
      schema: {
        tags,
        summary: 'Edit a draft (proposer)',
        params: idParamSchema,
        body: updateProposalBodySchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.updateDraft(deps, contextOf(request), request.params.id, request.body),
  );
  api.post(
    '/democracy/proposals/:id/cosigners',
    {
      config: member,
      schema: {
        tags,
        summary: 'Invite delegates to co-sign (proposer)',
        params: idParamSchema,
        body: inviteCosignersBodySchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.inviteCosigners(deps, contextOf(request), request.params.id, request.body.delegateIds),
  );
  api.post(
    '/democracy/proposals/:id/cosign',
    {
      config: member,
      schema: {
        tags,
        summary: 'Co-sign or decline (invited delegates)',
        params: idParamSchema,
        body: cosignBodySchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.respondToInvitation(deps, contextOf(request), request.params.id, request.body.accept),
  );
  api.post(
    '/democracy/proposals/:id/submit',
    {
      config: member,
      schema: {
        tags,
        summary: 'Submit with enough co-signers (proposer)',
        params: idParamSchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.submitProposal(deps, contextOf(request), request.params.id),
  );
  api.post(
    '/democracy/proposals/:id/review',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Committee: accept (立案, numbered) or convert to an opinion',
        params: idParamSchema,
        body: reviewProposalBodySchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.committeeAct(deps, contextOf(request), request.params.id, 'review', request.body),
  );
  api.post(
    '/democracy/proposals/:id/assign',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Committee: assign the handling department',
        params: idParamSchema,
        body: assignProposalBodySchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.committeeAct(deps, contextOf(request), request.params.id, 'assign', request.body),
  );
  api.post(
    '/democracy/proposals/:id/reply',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Committee: record the department’s reply',
        params: idParamSchema,
        body: replyProposalBodySchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.committeeAct(deps, contextOf(request), request.params.id, 'reply', request.body),
  );
  api.post(
    '/democracy/proposals/:id/satisfaction',
    {
      config: member,
      schema: {
        tags,
        summary: 'The proposer rates the reply; the proposal is archived',
        params: idParamSchema,
        body: satisfactionBodySchema,
        response: { 200: proposalSchema },
      },
    },
    async (request) => proposals.rateReply(deps, contextOf(request), request.params.id, request.body.satisfaction),
  );

  // ---- affairs disclosure ----

  api.get(
    '/democracy/notices',
    {
      config: read,
      schema: {
        tags,
        summary: 'Disclosure notices in scope, with read counts',
        querystring: pageQuerySchema,
        response: { 200: noticePageSchema },
      },
    },
    async (request) => disclosure.listForCadre(deps, contextOf(request), request.query),
  );
  api.post(
    '/democracy/notices',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Publish a notice to the members of an organisation’s subtree',
        body: noticeBodySchema,
        response: { 201: noticeSchema },
      },
    },
    async (request, reply) =>
      reply.status(201).send(await disclosure.publishNotice(deps, contextOf(request), request.body)),
  );
  api.post(
    '/democracy/notices/:id/questions/:questionId/answer',
    {
      config: manage,
      schema: {
        tags,
        summary: 'Answer a question publicly (the asker is not named)',
        params: questionParamsSchema,
        body: answerBodySchema,
        response: { 200: noticeSchema },
      },
    },
    async (request) =>
      disclosure.answerQuestion(
        deps,
        contextOf(request),
        request.params.id,
        request.params.questionId,
        request.body.answer,
      ),
  );
  api.get(
    '/democracy/my/notices',
    {
      config: member,
      schema: { tags, summary: 'Notices addressed to me', response: { 200: noticePageSchema } },
    },
    async (request) => disclosure.listForMember(deps, contextOf(request)),
  );
  api.post(
    '/democracy/my/notices/:id/read',
    {
      config: member,
      schema: {
        tags,
        summary: 'Mark a notice read (a read receipt)',
        params: idParamSchema,
        response: { 200: noticeSchema },
      },
    },
    async (request) => disclosure.markRead(deps, contextOf(request), request.params.id),
  );
  api.post(
    '/democracy/my/notices/:id/questions',
    {
      config: member,
      schema: {
        tags,
        summary: 'Ask a question about a notice',
        params: idParamSchema,
        body: questionBodySchema,
        response: { 200: noticeSchema },
      },
    },
    async (request) => disclosure.askQuestion(deps, contextOf(request), request.params.id, request.body.question),
  );
}
