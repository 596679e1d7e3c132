import { inboxEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

/** What marking messages read makes stale: the inbox, the badge and the notices addressed to me. */
export const READ_MAKES_STALE = ['inbox', 'unreadCount', 'myNotices'] as const;

/**
 * The inbox alone, for the member home's cards and the tab badge: its calls build the inbox's and
 * the member's notices' schemas, not every schema of notices and surveys (reachApi's). Its keys are
 * reachApi's, so a write through either makes the other's reads stale.
 */
export const inboxApi = moduleApi('reach', inboxEndpoints, { markRead: READ_MAKES_STALE });
