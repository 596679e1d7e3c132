import { assistanceEndpoints, membershipEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

const applications = ['listApplications', 'getApplication', 'myApplications', 'getMyApplication'] as const;
const money = ['listBatches', 'getBatch', 'listBudgets', 'listProgrammes', 'assistanceStatistics'] as const;

/** Assistance: what each write makes stale, in one place. */
export const assistanceApi = moduleApi('assistance', assistanceEndpoints, {
  applyAsMember: [...applications, 'myProgrammes', 'eligibilityOf'],
  actOnMyApplication: applications,
  addMyDocument: applications,
  fileObjection: ['myNotices', 'listNotices', ...applications],
  createFile: ['listFiles'],
  updateFile: ['listFiles', 'getFile'],
  revealFile: [],
  addFileDocument: ['getFile'],
  verifyFile: ['listFiles', 'getFile'],
  closeFile: ['listFiles', 'getFile'],
  createProgramme: ['listProgrammes', 'myProgrammes'],
  updateProgramme: ['listProgrammes', 'myProgrammes'],
  setBudget: ['listBudgets', 'listProgrammes'],
  applyOnBehalf: applications,
  // An approval spends budget and makes a payment to batch.
  actOnApplication: [...applications, ...money, 'myNotices', 'listNotices'],
  addDocument: applications,
  answerObjection: [...applications, 'myNotices', 'listNotices'],
  createBatch: [...money, ...applications],
  recordBatchResults: [...money, ...applications],
  recordResultsFile: [...money, ...applications],
  reissuePayment: money,
  cancelPayment: [...money, ...applications],
  enrol: ['enrolmentSummary', ...money],
});

/** The member look-up that assistance forms search (a read of membership's, keyed as membership keys it). */
export const memberLookupApi = moduleApi('membership', { listMembers: membershipEndpoints.listMembers }, {});
