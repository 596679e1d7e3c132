/** Permission keys; modules grant them to roles in their manifests on the server. */
export const PERMISSIONS = {
  organisationRead: 'organisation.read',
  organisationManage: 'organisation.manage',
  employerRead: 'employer.read',
  employerManage: 'employer.manage',
  userRead: 'user.read',
  userManage: 'user.manage',
  piiReveal: 'pii.reveal',
  auditRead: 'audit.read',
  memberRead: 'member.read',
  memberManage: 'member.manage',
  memberExportUnmasked: 'member.export_unmasked',
  duesManage: 'dues.manage',
  membershipStatistics: 'membership.statistics',
  calendarManage: 'calendar.manage',
  cardVerify: 'card.verify',
  democracyRead: 'democracy.read',
  democracyManage: 'democracy.manage',
  rightsRead: 'rights.read',
  rightsDispatch: 'rights.dispatch',
  rightsHandle: 'rights.handle',
  rightsStatistics: 'rights.statistics',
  assistanceRead: 'assistance.read',
  assistanceManage: 'assistance.manage',
  assistanceApprove: 'assistance.approve',
  assistanceProgrammes: 'assistance.programmes',
  assistanceDisburse: 'assistance.disburse',
  assistanceStatistics: 'assistance.statistics',
  reachDeliveries: 'reach.deliveries',
  noticeRead: 'notice.read',
  noticeManage: 'notice.manage',
  surveyRead: 'survey.read',
  surveyManage: 'survey.manage',
} as const;
export type Permission = (typeof PERMISSIONS)[keyof typeof PERMISSIONS];
const PERMISSION_SET: ReadonlySet<string> = new Set(Object.values(PERMISSIONS));
/** Whether a string from outside (a request, a stored token) names a permission. */
export function isPermission(value: string): value is Permission {
  return PERMISSION_SET.has(value);
}

export const ROLES = [
  'member',
  'grassroots_cadre',
  'federation_cadre',
  'federation_admin',
  'auditor',
  'caseworker',
  'station_keeper',
] as const;
export type Role = (typeof ROLES)[number];
