import type { Resources } from './zh-CN';

export const en: Resources = {
  app: { name: 'Gonghui', fullName: 'Smart Trade Union', tagline: 'Serving workers · Protecting rights' },
  common: {
    save: 'Save', cancel: 'Cancel', confirm: 'Confirm', edit: 'Edit', create: 'New', search: 'Search', refresh: 'Refresh',
    loading: 'Loading…', notFound: 'Not found, or outside your part of the organisation', back: 'Back', yes: 'Yes', no: 'No',
    language: 'Language', largeText: 'Large text', logout: 'Sign out', total: '{{count}} in all', actions: 'Actions', reason: 'Reason',
    comingSoon: 'Coming soon', required: 'Required',
  },
  login: {
    title: 'Sign in', passwordTab: 'Password', smsTab: 'SMS code', login: 'Username or mobile', password: 'Password',
    submit: 'Sign in', mobile: 'Mobile number', code: 'Code', sendCode: 'Send code', codeSent: 'Code sent (in development, see the server log)',
    resendIn: 'Resend in {{seconds}} s', totp: 'Authenticator code', totpHint: 'Enter the 6-digit code from your authenticator app', demoHint: 'Demo accounts are in the README; the password is Gonghui@2026!',
  },
  menu: { home: 'Home', organisations: 'Organisations', employers: 'Employers', users: 'Accounts and roles', audit: 'Audit trail', profile: 'Settings' },
  roles: {
    member: 'Member', grassroots_cadre: 'Grassroots cadre', federation_cadre: 'Federation cadre', federation_admin: 'Federation administrator',
    auditor: 'Auditor', caseworker: 'Mediator / lawyer', station_keeper: 'Station keeper',
  },
  admin: { switcher: 'Organisation', switcherHint: 'Only organisations within your scope', welcome: 'Welcome, {{name}}' },
  organisation: {
    name: 'Name', type: 'Type', level: 'Level', regionCode: 'Region code', status: 'Status', children: 'Sub-organisations',
    childCount: 'Children', employers: 'Employers', createChild: 'New sub-organisation', rename: 'Edit', move: 'Move', close: 'Close',
    newParent: 'New parent', closeReason: 'Reason for closing', closeConfirm: 'Closing cannot be undone. Close it?', path: 'Path',
    active: 'Active', closed: 'Closed', created: 'Created', saved: 'Saved', moved: 'Moved', closedDone: 'Closed',
    types: {
      federation: 'Federation', industrial_union: 'Industrial union', joint_union: 'Street / park / industry joint union', holding_union: 'Holding union (gig workers)',
      grassroots: 'Grassroots union', joint_grassroots: 'Joint grassroots union', branch: 'Branch / group',
    },
    levels: { national: 'National', provincial: 'Provincial', city: 'City', county: 'County / district', street: 'Street / park / industry', grassroots: 'Grassroots', branch: 'Branch' },
  },
  employer: {
    title: 'Employers', name: 'Name', uscc: 'Unified Social Credit Code', industry: 'Industry section', ownership: 'Ownership', employees: 'Employees',
    keeper: 'Kept by', coveringUnion: 'Covering union', unionised: 'Unionised', notUnionised: 'No union', all: 'All', register: 'Register an employer',
    ownerships: {
      state_owned: 'State-owned', collective: 'Collective', private: 'Private', foreign_invested: 'Foreign-invested', hong_kong_macao_taiwan: 'HK/Macao/Taiwan-invested',
      public_institution: 'Public institution', government: 'Government body', social_organisation: 'Social organisation', individual_business: 'Individual business', other: 'Other',
    },
  },
  audit: {
    title: 'Audit trail', time: 'Time', actor: 'Actor', action: 'Action', subject: 'Subject', changes: 'Changes', verify: 'Verify hash chain',
    chainOk: 'Chain intact: {{count}} rows', chainBroken: 'Chain broken at row {{id}}: {{reason}}', requestId: 'Request',
  },
  users: {
    title: 'Accounts and roles', username: 'Username', displayName: 'Name', mobile: 'Mobile', idNumber: 'ID number', roles: 'Roles',
    reveal: 'Reveal', revealReason: 'Why you need it (recorded in the audit trail)', revealed: 'Full value', totp: '2FA',
  },
  profile: {
    title: 'Settings', changePassword: 'Change password', currentPassword: 'Current password', newPassword: 'New password', passwordChanged: 'Password changed; other devices were signed out',
    twoFactor: 'Two-factor authentication', twoFactorOn: 'On', twoFactorOff: 'Off', enable: 'Turn on', disable: 'Turn off', scan: 'Scan the QR code with an authenticator app, then enter the 6-digit code',
    mustEnrol: 'Your role requires two-factor authentication; set it up first', enabled: 'Two-factor authentication is on', disabled: 'Two-factor authentication is off', sessions: 'Signed-in devices',
  },
  member: {
    tabs: { home: 'Home', services: 'Services', card: 'Card', me: 'Me' },
    hello: 'Hello, {{name}}', myUnion: 'My union',
    services: {
      join: 'Join a union', legal: 'Legal aid', wages: 'Unpaid wages', demand: 'Voice a demand', aid: 'Hardship aid', study: 'Student aid',
      medical: 'Medical mutual aid', station: 'Nearby stations', vote: 'Congress voting', survey: 'Surveys',
    },
    card: { title: 'E-member card', pending: 'Once your membership is approved, your e-member card and its QR code appear here.' },
  },
};
