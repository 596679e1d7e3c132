/**
 * WeChat subscribe messages (订阅消息): a member who allowed a template gets one message per
 * permission. The interface is what a deployment's adapter implements against its mini-program's
 * API (which needs the member's openid and a network); this build has neither, so the only
 * implementation writes to the log.
 */
export interface WechatProvider {
  sendSubscribeMessage(message: { userId: string; template: string; text: string; link: string | null }): Promise<void>;
}

/** Writes each message to the server log, as the development SMS provider does. */
export function createLogWechatProvider(log: (line: string) => void): WechatProvider {
  return {
    async sendSubscribeMessage({ userId, template, text }) {
      log(`[dev WeChat] ${template} to user ${userId.slice(0, 8)}…: ${text}`);
    },
  };
}
