import { reachEndpoints } from '@gonghui/contract';
import { moduleApi } from '../../api/module-api';

const inbox = ['inbox', 'unreadCount'] as const;
const notices = ['notices', 'notice', 'noticeReadRate'] as const;

/** The message centre and notices: what each write makes stale, in one place. */
export const reachApi = moduleApi('reach', reachEndpoints, {
  markRead: [...inbox, 'myNotices'],
  setPreferences: ['preferences'],
  retryDelivery: ['deliveries'],
  createNotice: notices,
  updateNotice: notices,
  publishNotice: notices,
  withdrawNotice: notices,
  pinNotice: notices,
  remindNotice: ['noticeReadRate'],
  uploadNoticeDocument: ['notice'],
});
