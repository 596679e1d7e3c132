import { idParamSchema } from '../common';
import { endpoint } from '../endpoint';
import {
  deliveryPageSchema,
  deliveryQuerySchema,
  deliverySchema,
  inboxQuerySchema,
  inboxSchema,
  markReadBodySchema,
  preferencesBodySchema,
  preferencesSchema,
  unreadCountSchema,
} from './reach.contract';

const tags = ['reach'];

/** The message centre: a member's inbox and how messages reach them; delivery failures for cadres. */
export const reachEndpoints = {
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
  preferences: endpoint({
    method: 'GET',
    path: '/messages/preferences',
    tags,
    summary: 'Which channels each category of my messages takes, and my quiet hours',
    status: 200,
    response: preferencesSchema,
  }),
  setPreferences: endpoint({
    method: 'PUT',
    path: '/messages/preferences',
    tags,
    summary: 'Set my channels per category and my quiet hours (critical messages pass them)',
    body: preferencesBodySchema,
    status: 200,
    response: preferencesSchema,
  }),
  deliveries: endpoint({
    method: 'GET',
    path: '/messages/deliveries',
    tags,
    summary: 'Deliveries by SMS and WeChat to people in my subtree, failed ones by default',
    query: deliveryQuerySchema,
    status: 200,
    response: deliveryPageSchema,
  }),
  retryDelivery: endpoint({
    method: 'POST',
    path: '/messages/deliveries/:id/retry',
    tags,
    summary: 'Send a failed delivery again',
    params: idParamSchema,
    status: 200,
    response: deliverySchema,
  }),
};
