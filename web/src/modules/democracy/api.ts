import { democracyEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

const session = ['listSessions', 'getSessionDetail', 'sessionScreen', 'mySessions'] as const;
const votes = ['listVotes', 'getVote', 'listRoll', 'myVotes', 'myVote', 'getResult', 'publishedBallots'] as const;
// A trustee's step changes the ceremony and the vote's view of its trustees (and, at the last
// decryption, its status and result).
const ceremony = ['ceremony', 'myTrusteeships', ...votes] as const;
const proposals = ['listProposals', 'getProposal'] as const;
const notices = ['listNotices', 'myNotices'] as const;

/** Democratic management: what each write makes stale, in one place. */
export const democracyApi = moduleApi('democracy', democracyEndpoints, {
  createSession: session,
  updateSession: session,
  rotateCheckInCode: session,
  addConstituency: session,
  addDelegate: session,
  removeDelegate: session,
  setPresidium: session,
  checkInAtDesk: session,
  addAgendaItem: session,
  setCurrentItem: session,
  addDocument: session,
  checkIn: session,
  createVote: votes,
  freezeVote: votes,
  openVote: votes,
  closeVote: votes,
  setRollEntry: votes,
  castBallot: votes,
  castEncrypted: votes,
  setTrustees: ceremony,
  postCommitment: ceremony,
  postShares: ceremony,
  acceptShares: ceremony,
  postDecryption: ceremony,
  draftProposal: proposals,
  updateDraft: proposals,
  inviteCosigners: proposals,
  respondToInvitation: proposals,
  submitProposal: proposals,
  reviewProposal: proposals,
  assignProposal: proposals,
  replyToProposal: proposals,
  rateReply: proposals,
  publishNotice: notices,
  answerQuestion: notices,
  markNoticeRead: notices,
  askQuestion: notices,
});
