import { page, type WebModule } from '../../app/manifest';

export const auditWeb: WebModule = {
  name: 'audit',
  api: () => import('./api'),
  admin: [
    {
      path: 'audit',
      page: page(() => import('./AuditPage'), 'AuditPage'),
      menu: { labelKey: 'menu.audit', permission: 'audit.read', group: 'system', landing: true },
    },
  ],
};
