import { page, type WebModule } from '../../app/manifest';

const organisations = page(() => import('./OrganisationsPage'), 'OrganisationsPage');

export const organisationsWeb: WebModule = {
  name: 'organisations',
  api: () => import('./api'),
  admin: [
    {
      path: 'organisations',
      page: organisations,
      menu: { labelKey: 'menu.organisations', permission: 'organisation.read', group: 'organisation' },
    },
    { path: 'organisations/:id', page: organisations, titleKey: 'pages.organisation' },
    {
      path: 'employers',
      page: page(() => import('./EmployersPage'), 'EmployersPage'),
      menu: { labelKey: 'menu.employers', permission: 'employer.read', group: 'organisation' },
    },
  ],
};
