import { endpoint } from '../endpoint';
import { myNoticeQuerySchema, reachNoticePageSchema } from './notices.contract';
import { inboxQuerySchema, inboxSchema, markReadBodySchema, unreadCountSchema } from './reach.contract';

// A file of its own: the member app's home (the unread badge, the latest messages) loads these
// alone, without building every schema of notices and surveys.

const tags = ['reach'];

/** A member's inbox: the messages, the unread count (the badge), marking read, and the notices addressed to them. */
export const inboxEndpoints = {
  inbox: endpoint({
    method: 'GET',
    path: '/messages',
    tags,
    summary: 'My messages, newest first, with unread counts',
    query: inboxQuerySchema,
    status: 200,
    response: inboxSchema,
  }),
  unreadCount: endpoint({
    method: 'GET',
    path: '/messages/unread',
    tags,
    summary: 'How many of my messages are unread (the badge)',
    status: 200,
    response: unreadCountSchema,
  }),
  markRead: endpoint({
    method: 'POST',
    path: '/messages/read',
    tags,
    summary: 'Mark my messages read: these, a category, or all',
    body: markReadBodySchema,
    status: 200,
    response: unreadCountSchema,
  }),
  myNotices: endpoint({
    method: 'GET',
    path: '/my/notices',
    tags,
    summary: 'Notices and news addressed to me, pinned first, newest first',
    query: myNoticeQuerySchema,
    status: 200,
    response: reachNoticePageSchema,
  }),
};
