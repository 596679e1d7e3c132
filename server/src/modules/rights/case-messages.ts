import type { MessageKind } from '@gonghui/contract';
import { type Notice, notifyMany } from '../reach';

/** What the rights module tells people of a case, through the message centre. */
export type CaseMessageKind = 'assigned' | 'due_soon' | 'escalated' | 'break_glass' | 'reply' | 'mediation_expired';

/**
 * A message about a case to its reporter (who opens it in the member app) or to cadres (in the
 * console). It names the case by number only: a title could outlive the case's confidentiality.
 */
export function caseNotice(
  row: { id: number; organisationId: number },
  userIds: readonly (string | null)[],
  kind: CaseMessageKind,
  to: 'reporter' | 'cadre',
  once = false,
): Notice {
  return {
    kind: `case.${kind}` as MessageKind,
    recipients: userIds,
    params: { caseId: row.id },
    link: to === 'reporter' ? `/app/help/${row.id}` : `/admin/cases/${row.id}`,
    organisationId: row.organisationId,
    source: { type: 'rights_case', id: row.id, once },
  };
}

export { notifyMany };
