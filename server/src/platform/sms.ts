import { maskMobile } from '@gonghui/contract';
import { AppError } from './errors';

/** Where login codes and message texts go. Production plugs in a carrier's gateway; none is reachable from here. */
export interface SmsProvider {
  sendLoginCode(message: { mobile: string; code: string; locale: string }): Promise<void>;
  /** A message of the message centre, already in the recipient's language. */
  sendText(message: { mobile: string; text: string }): Promise<void>;
}

/** Development provider: the code and the texts go to the server log instead of a phone. */
export function createLogSmsProvider(log: (line: string) => void): SmsProvider {
  return {
    async sendLoginCode({ mobile, code }) {
      log(`[dev SMS] login code for ${maskMobile(mobile)}: ${code} (valid 10 minutes)`);
    },
    async sendText({ mobile, text }) {
      log(`[dev SMS] to ${maskMobile(mobile)}: ${text}`);
    },
  };
}

/** Production without a carrier: SMS is switched off rather than writing codes and texts to a log. */
export function createDisabledSmsProvider(): SmsProvider {
  return {
    async sendLoginCode() {
      throw new AppError(503, 'sms_unavailable');
    },
    async sendText() {
      throw new AppError(503, 'sms_unavailable');
    },
  };
}
