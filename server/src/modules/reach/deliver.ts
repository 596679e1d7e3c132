import { type Locale, translate } from '@gonghui/contract';
import type { JobDeps } from '../../platform/jobs';
import * as repo from './messages.repository';

/** How many deliveries one run sends, and the tries before one counts as failed. */
const BATCH = 100;
const TRIES = 3;
/** Seconds before the second and third tries. */
const BACK_OFF = [60, 300];

type DeliveryDeps = Pick<JobDeps, 'db' | 'cipher' | 'sms' | 'wechat'>;

/** Why a provider refused, as a reason the console has words for. */
function reasonOf(error: unknown) {
  return (error as { code?: string }).code === 'sms_unavailable' ? 'sms_unavailable' : 'provider_error';
}

/**
 * Sends the deliveries that are due, by SMS or WeChat, in the recipient's language. A delivery is
 * claimed with its row locked (a second server skips it), tried up to three times with a back-off,
 * then marked failed for the cadres to see; one with nowhere to go (no mobile) is marked skipped.
 */
export async function deliverDue(deps: DeliveryDeps) {
  const tally = { sent: 0, failed: 0, skipped: 0, retrying: 0 };
  await deps.db.transaction(async (tx) => {
    for (const { delivery, message, mobileEnc, locale } of await repo.claimDue(tx, BATCH)) {
      const key = { id: delivery.id, userId: delivery.userId };
      const text = translate(locale as Locale, `message.${message.kind}`, message.params);
      try {
        if (delivery.channel === 'sms') {
          if (!mobileEnc) {
            await repo.recordOutcome(tx, key, { status: 'skipped', reason: 'no_mobile' });
            tally.skipped++;
            continue;
          }
          await deps.sms.sendText({
            mobile: deps.cipher.decrypt(mobileEnc),
            text: `${translate(locale as Locale, 'message.sms.prefix')}${text}`,
          });
        } else {
          await deps.wechat.sendSubscribeMessage({
            userId: delivery.userId,
            template: message.category,
            text,
            link: message.link,
          });
        }
        await repo.recordOutcome(tx, key, { status: 'sent' });
        tally.sent++;
      } catch (error) {
        const reason = reasonOf(error);
        const tried = delivery.attempts + 1;
        if (tried >= TRIES || reason === 'sms_unavailable') {
          await repo.recordOutcome(tx, key, { status: 'failed', reason });
          tally.failed++;
        } else {
          await repo.recordOutcome(tx, key, { status: 'pending', reason, retryInSeconds: BACK_OFF[tried - 1]! });
          tally.retrying++;
        }
      }
    }
  });
  return tally;
}
