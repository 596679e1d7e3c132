import { reachEndpoints, usersEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';
import { READ_MAKES_STALE } from './inbox-api';

const inbox = ['inbox', 'unreadCount'] as const;
const notices = ['notices', 'notice', 'noticeReadRate'] as const;
const surveys = ['surveys', 'survey'] as const;

/** The message centre and notices: what each write makes stale, in one place. */
export const reachApi = moduleApi('reach', reachEndpoints, {
  markRead: READ_MAKES_STALE,
  setPreferences: ['preferences'],
  retryDelivery: ['deliveries'],
  createNotice: notices,
  updateNotice: notices,
  publishNotice: notices,
  withdrawNotice: notices,
  pinNotice: notices,
  remindNotice: ['noticeReadRate'],
  uploadNoticeDocument: ['notice'],
  createSurvey: surveys,
  updateSurvey: surveys,
  openSurvey: surveys,
  closeSurvey: surveys,
  allocateQuotas: [...surveys, 'surveyFill'],
  setEnumerators: ['survey'],
  remindSurvey: ['surveyFill'],
  enterPaper: ['survey', 'surveyFill', 'surveyResults'],
  saveSurveyDraft: [],
  submitSurvey: ['mySurveys', 'mySurvey', ...inbox],
});

/** Accounts to name as a survey's enumerators (the users the cadre may see). */
export const enumeratorCandidatesApi = moduleApi('reach-people', { listUsers: usersEndpoints.listUsers }, {});
