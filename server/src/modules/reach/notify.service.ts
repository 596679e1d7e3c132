import {
  DEFAULT_CHANNELS,
  MESSAGE_CHANNELS,
  MESSAGE_KINDS,
  type MessageCategory,
  type MessageChannel,
  type MessageKind,
} from '@gonghui/contract';
import type { Executor } from '../../db/client';
import * as repo from './messages.repository';
import { quietUntil } from './quiet-hours';

/** Something to tell some people: the one way any module puts a message in an inbox. */
export interface Notice {
  kind: MessageKind;
  /** Account ids; missing and repeated ones are dropped. */
  recipients: readonly (string | null | undefined)[];
  params?: Record<string, string | number>;
  /** Where in the app it leads. */
  link?: string | null;
  /** The organisation it is about: the cadres over it see its failed deliveries. */
  organisationId?: number | null;
  /** What it is about; with `once`, a recipient already told this kind about it is not told again. */
  source?: { type: string; id: string | number; once?: boolean };
  /** Past everyone's channel choices and quiet hours (a deadline, a safety matter). */
  critical?: boolean;
}

/** The channels a category takes for someone: their choice, else the default; a critical message takes all. */
export function channelsFor(
  category: MessageCategory,
  saved: Record<string, { sms: boolean; wechat: boolean }> | undefined,
  critical: boolean,
): MessageChannel[] {
  if (critical) return [...MESSAGE_CHANNELS];
  const chosen = saved?.[category] ?? DEFAULT_CHANNELS[category];
  return MESSAGE_CHANNELS.filter((channel) => chosen[channel]);
}

/**
 * Puts the notice in each recipient's inbox and queues its deliveries by the other channels each
 * has chosen, after their quiet hours unless it is critical; in the caller's transaction, so a
 * message goes out only with the change it tells of. Answers how many were told.
 */
export async function notify(tx: Executor, notice: Notice, now = new Date()): Promise<number> {
  return notifyMany(tx, [notice], now);
}

/** Several notices at once (a sweep's): one insert of messages, one of deliveries. */
export async function notifyMany(tx: Executor, notices: readonly Notice[], now = new Date()): Promise<number> {
  const rows: repo.MessageInsert[] = [];
  for (const notice of notices) {
    let recipients = [...new Set(notice.recipients.filter((id): id is string => typeof id === 'string'))];
    const sourceType = notice.source?.type ?? null;
    const sourceId = notice.source ? String(notice.source.id) : null;
    if (notice.source?.once && recipients.length > 0) {
      const told = await repo.alreadyTold(tx, notice.kind, sourceType!, sourceId!, recipients);
      recipients = recipients.filter((id) => !told.has(id));
    }
    for (const userId of recipients)
      rows.push({
        userId,
        organisationId: notice.organisationId ?? null,
        category: MESSAGE_KINDS[notice.kind],
        kind: notice.kind,
        params: notice.params ?? {},
        link: notice.link ?? null,
        critical: notice.critical ?? false,
        sourceType,
        sourceId,
      });
  }
  if (rows.length === 0) return 0;
  const ids = await repo.insertMessages(tx, rows);
  const preferences = await repo.preferencesOf(tx, [...new Set(rows.map((row) => row.userId))]);
  await repo.insertDeliveries(
    tx,
    rows.flatMap((row, at) => {
      const saved = preferences.get(row.userId);
      const quiet = saved?.quietStart && saved.quietEnd ? { start: saved.quietStart, end: saved.quietEnd } : null;
      const critical = row.critical ?? false;
      const notBefore = (critical ? null : quietUntil(now, quiet)) ?? now;
      return channelsFor(row.category as MessageCategory, saved?.channels, critical).map((channel) => ({
        userId: row.userId,
        messageId: ids[at]!,
        channel,
        notBefore,
      }));
    }),
  );
  return rows.length;
}
