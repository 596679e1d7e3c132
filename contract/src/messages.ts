/**
 * Messages that both the server and the web show: validation reasons and problem titles.
 * Screens have their own resources in web/src/i18n; these are the ones a contract can produce.
 */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

type Catalog = Record<string, string>;

const zhCN: Catalog = {
  'validation.idNumber.format': '身份证号应为18位，前17位为数字，最后一位为数字或X',
  'validation.idNumber.region': '身份证号的地区码无效',
  'validation.idNumber.birthDate': '身份证号中的出生日期无效',
  'validation.idNumber.checkDigit': '身份证号校验码不正确',
  'validation.uscc.format': '统一社会信用代码应为18位数字或大写字母（不含I、O、Z、S、V）',
  'validation.uscc.region': '统一社会信用代码中的登记管理机关行政区划码无效',
  'validation.uscc.checkChar': '统一社会信用代码校验码不正确',
  'validation.mobile': '手机号码应为以1开头的11位数字',
  'validation.regionCode': '行政区划代码应为6位数字（GB/T 2260）',
  'validation.password.tooShort': '密码至少需要{min}个字符',
  'validation.password.breached': '该密码出现在已泄露密码清单中，请换一个',
  'validation.password.sameAsLogin': '密码不能与用户名或手机号相同',
  'validation.unknownField': '不允许的字段：{field}',
  'validation.required': '必填项',
  'problem.validation_failed': '提交的内容有误',
  'problem.malformed_json': '请求内容不是有效的 JSON',
  'problem.body_too_large': '请求内容过大',
  'problem.unsupported_media_type': '不支持的内容类型',
  'problem.unauthenticated': '请先登录',
  'problem.invalid_credentials': '账号或密码不正确',
  'problem.account_locked': '登录失败次数过多，账号已锁定，请于{until}后再试',
  'problem.totp_required': '请输入身份验证器中的6位动态码',
  'problem.totp_invalid': '动态码不正确或已过期',
  'problem.totp_enrolment_required': '您的角色要求先启用双因素认证',
  'problem.sms_code_invalid': '验证码不正确或已失效',
  'problem.sms_unavailable': '短信登录暂不可用，请使用密码登录',
  'problem.csrf_failed': '请求校验失败，请刷新页面后重试',
  'problem.forbidden': '您没有执行此操作的权限',
  'problem.not_found': '未找到该记录',
  'problem.conflict': '与现有记录冲突',
  'problem.rate_limited': '请求过于频繁，请稍后再试',
  'problem.internal': '服务器内部错误，请稍后再试',
  'problem.password_incorrect': '当前密码不正确',
  'problem.organisation.invalid_parent': '上级组织的层级或类型不允许这样设置',
  'problem.organisation.cycle': '不能把组织移动到它自己的下级之下',
  'problem.organisation.has_active_children': '该组织仍有未撤销的下级组织，不能撤销',
  'problem.organisation.closed': '该组织已撤销',
  'problem.employer.uscc_taken': '该统一社会信用代码已登记',
  'problem.user.login_taken': '用户名或手机号已被使用',
};

const en: Catalog = {
  'validation.idNumber.format': 'An ID number has 18 characters: 17 digits, then a digit or X',
  'validation.idNumber.region': 'The region code in this ID number is not valid',
  'validation.idNumber.birthDate': 'The birth date in this ID number is not valid',
  'validation.idNumber.checkDigit': 'The check digit of this ID number is wrong',
  'validation.uscc.format': 'A Unified Social Credit Code has 18 digits or capital letters (no I, O, Z, S or V)',
  'validation.uscc.region': 'The region code in this Unified Social Credit Code is not valid',
  'validation.uscc.checkChar': 'The check character of this Unified Social Credit Code is wrong',
  'validation.mobile': 'A mobile number has 11 digits and starts with 1',
  'validation.regionCode': 'A region code has 6 digits (GB/T 2260)',
  'validation.password.tooShort': 'The password needs at least {min} characters',
  'validation.password.breached': 'This password appears in a list of breached passwords; choose another',
  'validation.password.sameAsLogin': 'The password must differ from the username and mobile number',
  'validation.unknownField': 'Field not allowed: {field}',
  'validation.required': 'Required',
  'problem.validation_failed': 'Some of what you sent is not valid',
  'problem.malformed_json': 'The request body is not valid JSON',
  'problem.body_too_large': 'The request body is too large',
  'problem.unsupported_media_type': 'This content type is not supported',
  'problem.unauthenticated': 'Please log in first',
  'problem.invalid_credentials': 'Wrong login or password',
  'problem.account_locked': 'Too many failed logins: the account is locked until {until}',
  'problem.totp_required': 'Enter the 6-digit code from your authenticator app',
  'problem.totp_invalid': 'The code is wrong or has expired',
  'problem.totp_enrolment_required': 'Your role requires two-factor authentication; set it up first',
  'problem.sms_code_invalid': 'The code is wrong or no longer valid',
  'problem.sms_unavailable': 'SMS sign-in is not available; sign in with your password',
  'problem.csrf_failed': 'The request could not be verified; reload the page and try again',
  'problem.forbidden': 'You are not allowed to do this',
  'problem.not_found': 'Not found',
  'problem.conflict': 'This conflicts with an existing record',
  'problem.rate_limited': 'Too many requests; try again shortly',
  'problem.internal': 'Something went wrong on the server; try again later',
  'problem.password_incorrect': 'The current password is wrong',
  'problem.organisation.invalid_parent': 'The parent organisation’s level or type does not allow this',
  'problem.organisation.cycle': 'An organisation cannot be moved under its own descendants',
  'problem.organisation.has_active_children': 'This organisation still has open sub-organisations and cannot be closed',
  'problem.organisation.closed': 'This organisation has been closed',
  'problem.employer.uscc_taken': 'This Unified Social Credit Code is already registered',
  'problem.user.login_taken': 'This username or mobile number is already in use',
};

export const MESSAGES: Record<Locale, Catalog> = { 'zh-CN': zhCN, en };

export function isMessageKey(value: string): boolean {
  return value in zhCN;
}

/** Translate a key with {placeholders}; unknown keys come back unchanged. */
export function translate(locale: Locale, key: string, params: Record<string, string | number> = {}): string {
  const template = MESSAGES[locale][key] ?? MESSAGES[DEFAULT_LOCALE][key] ?? key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? `{${name}}`));
}

/** Pick the best supported locale from an Accept-Language header or a stored preference. */
export function negotiateLocale(header: string | undefined | null): Locale {
  if (!header) return DEFAULT_LOCALE;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { tag: tag.toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en';
  }
  return DEFAULT_LOCALE;
}
