import type { MyData } from '@gonghui/contract';
import type { PersonalDataProvider } from '../../platform/deps';
import { organisationNames } from '../../platform/organisation-tree.repository';
import * as repo from './cases.repository';

/** The cases the signed-in person filed, for My Data. */
export const rightsPersonalData: PersonalDataProvider = {
  key: 'rights',
  async collect(deps, context): Promise<MyData['rights']> {
    const rows = await repo.casesReportedBy(deps.db, context.actor.userId);
    const names = await organisationNames(
      deps.db,
      rows.map((r) => r.organisationId),
    );
    return {
      cases: rows.map((row) => ({
        id: row.id,
        category: row.category,
        stage: row.stage,
        title: row.title,
        organisationName: names.get(row.organisationId) ?? '',
        createdAt: row.createdAt.toISOString(),
        closedAt: row.closedAt?.toISOString() ?? null,
      })),
    };
  },
};
