import { describe, expect, it } from 'vitest';
import { createDisabledSmsProvider, createLogSmsProvider } from './sms';

describe('SMS providers', () => {
  it('logs the code with the number masked in development', async () => {
    const lines: string[] = [];
    await createLogSmsProvider((line) => lines.push(line)).sendLoginCode({
      mobile: '13812345678',
      code: '123456',
      locale: 'zh-CN',
    });
    expect(lines).toEqual(['[dev SMS] login code for 138****5678: 123456 (valid 10 minutes)']);
    await createLogSmsProvider((line) => lines.push(line)).sendText({ mobile: '13812345678', text: '【工会】你好' });
    expect(lines[1]).toBe('[dev SMS] to 138****5678: 【工会】你好');
  });
  it('refuses to send in production when no carrier is configured', async () => {
    await expect(
      createDisabledSmsProvider().sendLoginCode({ mobile: '13812345678', code: '123456', locale: 'zh-CN' }),
    ).rejects.toMatchObject({ status: 503, code: 'sms_unavailable' });
    await expect(createDisabledSmsProvider().sendText({ mobile: '13812345678', text: '你好' })).rejects.toMatchObject({
      code: 'sms_unavailable',
    });
  });
});
