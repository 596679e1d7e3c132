import { rightsEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

const cases = ['listCases', 'getCase', 'dashboard', 'employerFlags'] as const;
const mine = ['myCases', 'getMyCase'] as const;

/** Rights protection: what each write makes stale, in one place. */
export const rightsApi = moduleApi('rights', rightsEndpoints, {
  fileAnonymousCase: [],
  actAnonymously: ['anonymousCase'],
  attachAnonymously: ['anonymousCase'],
  fileCase: mine,
  actOnMyCase: mine,
  attachToMyCase: mine,
  registerCase: cases,
  actOnCase: cases,
  attachToCase: ['getCase'],
  breakGlass: ['getCase'],
  sweepDeadlines: cases,
});
