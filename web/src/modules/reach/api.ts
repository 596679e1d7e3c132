import { reachEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

const inbox = ['inbox', 'unreadCount'] as const;

/** The message centre: what each write makes stale, in one place. */
export const reachApi = moduleApi('reach', reachEndpoints, {
  markRead: inbox,
  setPreferences: ['preferences'],
  retryDelivery: ['deliveries'],
});
