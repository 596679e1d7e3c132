import { organisationsEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

/** A change to the tree also changes the tree pickers (`@organisation`, in ui/organisation-tree). */
export const organisationsApi = moduleApi('organisations', organisationsEndpoints, {
  createOrganisation: ['listOrganisations', 'getOrganisation', '@organisation'],
  updateOrganisation: ['listOrganisations', 'getOrganisation', '@organisation'],
  moveOrganisation: ['listOrganisations', 'getOrganisation', '@organisation'],
  closeOrganisation: ['listOrganisations', 'getOrganisation', '@organisation'],
  createEmployer: ['listEmployers'],
  updateEmployer: ['listEmployers', 'getEmployer'],
});
