import { membershipEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

const joining = ['listApplications', 'getApplication', 'listMyApplications', 'getMyData'] as const;
const roll = ['listMembers', 'getMember', 'getStatistics', 'getMyData', 'getMyCard'] as const;
const transfers = ['listTransfers', 'getMyData', ...roll] as const;
const dues = ['listArrears', 'listCheckoffFiles', 'listDiscrepancies', 'getMember', 'getMyData'] as const;
const imports = ['listRosterImports', 'getRosterImport', 'listImportConflicts', ...roll] as const;

/** Membership: what each write makes stale, in one place. */
export const membershipApi = moduleApi('membership', membershipEndpoints, {
  submitApplication: joining,
  withdrawMyApplication: joining,
  requestCorrection: ['getMyData', 'listCorrections'],
  requestMyTransfer: transfers,
  cancelMyTransfer: transfers,
  approveApplications: [...joining, ...roll],
  rejectApplication: joining,
  routeApplication: joining,
  updateMember: roll,
  changeMemberStatus: roll,
  revealMemberField: [],
  revokeMemberCards: roll,
  previewLapse: [],
  runLapse: roll,
  requestTransfer: transfers,
  releaseTransfer: transfers,
  acceptTransfer: transfers,
  rejectTransfer: transfers,
  openDuesMonth: dues,
  recordDuesPayment: dues,
  reconcileCheckoff: dues,
  resolveDiscrepancy: dues,
  createRosterImport: imports,
  decideImportConflict: imports,
  handleCorrection: ['listCorrections', ...roll],
  verifyCard: [],
  putCalendarDay: ['listCalendarDays'],
  deleteCalendarDay: ['listCalendarDays'],
});
