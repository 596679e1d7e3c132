import type { reachZhCN } from './reach.zh-CN';

/** Screens of the reach module (message centre). */
export const reachEn: typeof reachZhCN = {
  categories: {
    all: 'All',
    notice: 'Notices',
    case: 'Rights',
    application: 'Applications',
    vote: 'Votes',
    survey: 'Surveys',
    system: 'System',
  },
  channels: { sms: 'SMS', wechat: 'WeChat' },
  statuses: { pending: 'Waiting', sent: 'Sent', failed: 'Failed', skipped: 'Not sent' },
  reasons: {
    no_mobile: 'The account has no mobile number',
    sms_unavailable: 'No SMS gateway is configured',
    provider_error: 'The provider answered with an error',
    preference: 'The person switched this channel off',
  },
  messages: {
    title: 'Messages',
    none: 'No messages',
    markAll: 'Mark all read',
    settings: 'How I receive them',
    critical: 'Important',
  },
  settings: {
    intro:
      'Every message arrives in the message centre. For each kind you choose whether it also comes by SMS or WeChat; a message marked important passes these choices and your quiet hours.',
    noMobile: 'Your account has no mobile number, so SMS cannot reach you.',
    category: 'Kind of message',
    inbox: 'Message centre',
    always: 'Always',
    on: 'On',
    off: 'Off',
    quietHours: 'Quiet hours',
    quietHelp: 'SMS and WeChat messages in these hours wait until they end (Beijing time; may run past midnight).',
    from: 'From',
    to: 'To',
    saved: 'Your choices are saved',
  },
  deliveries: {
    time: 'Time',
    recipient: 'Recipient',
    organisation: 'Organisation',
    message: 'Message',
    channel: 'Channel',
    reason: 'Reason',
    attempts: 'Tries',
    retry: 'Send again',
    retried: 'Queued to be sent again',
  },
};
