import { type Locale, translate } from '@gonghui/contract';
import type { JobDeps } from '../../platform/jobs';
import * as repo from './messages.repository';

/** How many deliveries one run sends, and the tries before one counts as failed. */
const BATCH = 100;
const TRIES = 3;
/** Seconds before the second and third tries. */
const BACK_OFF = [60, 300];
/** How long a claimed delivery is its sender's before another may try it. */
const LEASE_SECONDS = 300;

type DeliveryDeps = Pick<JobDeps, 'db' | 'cipher' | 'sms' | 'wechat'>;

/** Why a provider refused, as a reason the console has words for. */
function reasonOf(error: unknown) {
  return (error as { code?: string }).code === 'sms_unavailable' ? 'sms_unavailable' : 'provider_error';
}

/**
 * Sends the deliveries that are due, by SMS or WeChat, in the recipient's language. A batch is
 * claimed (rows locked, a second server skips them) and leased in one short transaction; each is
 * then sent outside it and its outcome recorded at once, so a failure later in the batch never sends
 * the earlier ones again, and no transaction stays open over a provider's network call. A delivery
 * is tried up to three times with a back-off, then marked failed for the cadres to see; one with
 * nowhere to go (no mobile) is marked skipped.
 */
export async function deliverDue(deps: DeliveryDeps) {
  const tally = { sent: 0, failed: 0, skipped: 0, retrying: 0 };
  const claimed = await deps.db.transaction(async (tx) => {
    const rows = await repo.claimDue(tx, BATCH);
    await repo.lease(
      tx,
      rows.map(({ delivery }) => ({ id: delivery.id, userId: delivery.userId })),
      LEASE_SECONDS,
    );
    return rows;
  });
  for (const { delivery, message, mobileEnc, locale } of claimed) {
    const key = { id: delivery.id, userId: delivery.userId };
    const text = translate(locale as Locale, `message.${message.kind}`, message.params);
    if (delivery.channel === 'sms' && !mobileEnc) {
      await repo.recordOutcome(deps.db, key, { status: 'skipped', reason: 'no_mobile' });
      tally.skipped++;
      continue;
    }
    try {
      if (delivery.channel === 'sms')
        await deps.sms.sendText({
          mobile: deps.cipher.decrypt(mobileEnc!),
          text: `${translate(locale as Locale, 'message.sms.prefix')}${text}`,
        });
      else
        await deps.wechat.sendSubscribeMessage({
          userId: delivery.userId,
          template: message.category,
          text,
          link: message.link,
        });
    } catch (error) {
      const reason = reasonOf(error);
      const tried = delivery.attempts + 1;
      if (tried >= TRIES || reason === 'sms_unavailable') {
        await repo.recordOutcome(deps.db, key, { status: 'failed', reason });
        tally.failed++;
      } else {
        await repo.recordOutcome(deps.db, key, { status: 'pending', reason, retryInSeconds: BACK_OFF[tried - 1]! });
        tally.retrying++;
      }
      continue;
    }
    // Sent: recorded apart from the sending, so a failure to record is never taken for the provider's.
    await repo.recordOutcome(deps.db, key, { status: 'sent' });
    tally.sent++;
  }
  return tally;
}
