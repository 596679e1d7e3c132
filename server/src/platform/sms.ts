import { maskMobile } from '@gonghui/contract';
import { AppError } from './errors';

/** Where login codes go. Production plugs in a carrier's gateway; none is reachable from here. */
export interface SmsProvider {
  sendLoginCode(message: { mobile: string; code: string; locale: string }): Promise<void>;
}

/** Development provider: the code goes to the server log instead of a phone. */
export function createLogSmsProvider(log: (line: string) => void): SmsProvider {
  return {
    async sendLoginCode({ mobile, code }) {
      log(`[dev SMS] login code for ${maskMobile(mobile)}: ${code} (valid 10 minutes)`);
    },
  };
}

/** Production without a carrier: SMS login is switched off rather than writing codes to a log. */
export function createDisabledSmsProvider(): SmsProvider {
  return {
    async sendLoginCode() {
      throw new AppError(503, 'sms_unavailable');
    },
  };
}
