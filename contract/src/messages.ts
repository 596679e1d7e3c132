/**
 * Messages that both the server and the web show: validation reasons and problem titles.
 * Screens have their own resources in web/src/i18n; these are the ones a contract can produce.
 */
import { ASSISTANCE_MESSAGES_EN, ASSISTANCE_MESSAGES_ZH } from './assistance/assistance.messages';
import { DEMOCRACY_MESSAGES_EN, DEMOCRACY_MESSAGES_ZH } from './democracy/democracy.messages';
import { DEFAULT_LOCALE, type Locale } from './locales';
import { REACH_MESSAGES_EN, REACH_MESSAGES_ZH } from './reach/reach.messages';
import { RIGHTS_MESSAGES_EN, RIGHTS_MESSAGES_ZH } from './rights/rights.messages';

type Catalog = Record<string, string>;

const zhCN: Catalog = {
  ...ASSISTANCE_MESSAGES_ZH,
  ...DEMOCRACY_MESSAGES_ZH,
  ...REACH_MESSAGES_ZH,
  ...RIGHTS_MESSAGES_ZH,
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
  'validation.invalid_text': '不允许含有空字符（NUL）或无法显示的字符',
  'problem.validation_failed': '提交的内容有误',
  'problem.invalid_text': '提交的文字含有不允许的字符',
  'problem.empty_patch': '没有要修改的内容',
  'problem.malformed_multipart': '上传的文件数据不完整或格式有误，请重新上传',
  'problem.malformed_json': '请求内容不是有效的 JSON',
  'problem.body_too_large': '请求内容过大',
  'problem.unsupported_media_type': '不支持的内容类型',
  'problem.unauthenticated': '请先登录',
  'problem.invalid_credentials': '账号或密码不正确',
  'problem.account_locked': '登录失败次数过多，账号已锁定，请于{until}后再试',
  'problem.login_throttled': '登录失败次数过多，请{minutes}分钟后再试',
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
  'problem.other_province': '不能移交到其他省（自治区、直辖市）的组织，请由对方省份重新登记',
  'problem.employer.uscc_taken': '该统一社会信用代码已登记',
  'problem.user.login_taken': '用户名或手机号已被使用',
  'validation.name': '姓名应为2至50个汉字或字母',
  'validation.month': '月份格式应为 YYYY-MM',
  'validation.employerRequired': '请选择用人单位或填写单位名称',
  'validation.positiveAmount': '金额必须大于0',
  'problem.membership.already_member': '该身份证号已登记为工会会员，请联系所在工会；如需变更所在工会请办理转会',
  'problem.membership.mobile_taken': '该手机号已登记在另一位会员名下',
  'problem.membership.application_open': '该身份证号已有一份待审核的入会申请',
  'problem.membership.no_holding_union': '您所在城市暂无可受理入会的工会，请联系当地总工会',
  'problem.membership.invite_invalid': '入会邀请码无效或该工会已撤销',
  'problem.membership.application_not_open': '该申请已处理，不能再操作',
  'problem.membership.not_a_union': '只能选择基层工会、联合基层工会或周转库',
  'problem.membership.not_a_member': '您还不是工会会员',
  'problem.membership.not_on_roll': '该会员当前状态不允许此操作',
  'problem.membership.transfer_open': '该会员已有进行中的转会',
  'problem.membership.transfer_state': '转会当前状态不允许此操作',
  'problem.membership.transfer_same': '转入工会与当前工会相同',
  'problem.membership.month_not_open': '该月会费账目尚未建立',
  'problem.membership.file_unreadable': '文件无法读取，请上传 .xlsx 或 .csv 文件',
  'problem.upload.empty': '上传的文件是空的',
  'problem.upload.xls_not_xlsx': '这是旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再上传',
  'problem.upload.expands_too_far': '该文件解压后过大，不像正常的表格文件，已拒收',
  'problem.membership.header_missing': '文件中找不到表头，缺少列：{columns}',
  'problem.membership.import_trial': '试导入不会修改名册；请正式导入该文件后再确认或驳回',
  'problem.membership.import_running': '导入仍在进行，请在完成后再处理',
  'problem.membership.conflict_decided': '该行已处理过',
  'problem.membership.conflict_stale': '名册中的会员已变更（姓名已改或已不在名册中），请重新导入该文件',
  'problem.membership.column_sorted_alone':
    '“{column}”一列似乎被单独排序过，各行的数据已错位（本批 {conflicts} 行与名册中的会员对不上）；本批未导入，请使用排序前的文件',
  'problem.membership.checkoff_duplicate': '这份代扣文件已经对账过',
  'problem.membership.discrepancy_resolved': '该差异已处理',
  'problem.membership.export_reason_required': '导出未脱敏数据须填写理由',
  'problem.membership.card_revoked': '会员卡已注销',
  'problem.membership.import_interrupted': '导入因服务器重启而中断，请重新导入（已写入的批次不会重复）',
  'problem.membership.import_stopped': '导入意外中止，请重新导入（已写入的批次不会重复）',
  'problem.membership.import_out_of_memory':
    '导入超出了内存上限（{limitMb} MB）而停止，请重新导入（已写入的批次不会重复）；反复出现时请管理员调高 GONGHUI_IMPORT_HEAP_MB',
  'import.required': '{column}不能为空',
  'import.id_number_scientific': '身份证号被表格软件转成了科学计数法（{value}），请将该列设为“文本”格式后重新填写',
  'import.id_number_cut': '身份证号末几位被 Excel 当作数字截成了 0（{value}），请将该列设为“文本”格式后重新填写',
  'import.id_number_masked': '身份证号是脱敏后的（含 *），本行未作任何修改；请用未脱敏的名册导入',
  'import.date': '{column}无法识别为日期：{value}',
  'import.date_future': '{column}是将来的日期（{value}），请核对',
  'import.too_long': '{column}不能超过{max}个字',
  'import.choice': '{column}的值“{value}”不是可选项',
  'import.amount': '{column}应为金额（元），如 5000 或 5000.00',
  'import.employer_unknown': '找不到统一社会信用代码为{value}的用人单位',
  'import.duplicate_in_file': '与第{row}行的身份证号重复',
  'import.member_elsewhere': '此人已是其他工会的会员，需办理转会',
  'import.mobile_taken': '该手机号已登记在另一位会员名下',
  'import.name_conflict': '身份证号与花名册中的会员“{existing}”相同，但姓名不同；未作修改，请核实后更正',
  'import.mobile_duplicate_in_file': '与第{row}行的手机号重复',
  'import.union_unknown': '所在工会编号不存在、已撤销或不在本次导入范围内',
};

const en: Catalog = {
  ...ASSISTANCE_MESSAGES_EN,
  ...DEMOCRACY_MESSAGES_EN,
  ...REACH_MESSAGES_EN,
  ...RIGHTS_MESSAGES_EN,
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
  'validation.invalid_text': 'NUL bytes and unpaired surrogate characters are not allowed',
  'problem.validation_failed': 'Some of what you sent is not valid',
  'problem.invalid_text': 'The text you sent holds characters that are not allowed',
  'problem.empty_patch': 'There is nothing to change',
  'problem.malformed_multipart': 'The upload is incomplete or malformed; upload the file again',
  'problem.malformed_json': 'The request body is not valid JSON',
  'problem.body_too_large': 'The request body is too large',
  'problem.unsupported_media_type': 'This content type is not supported',
  'problem.unauthenticated': 'Please log in first',
  'problem.invalid_credentials': 'Wrong login or password',
  'problem.account_locked': 'Too many failed logins: the account is locked until {until}',
  'problem.login_throttled': 'Too many failed sign-ins from here: try again in {minutes} minutes',
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
  'problem.other_province':
    'This cannot be handed to an organisation in another province; it must be registered again there',
  'problem.employer.uscc_taken': 'This Unified Social Credit Code is already registered',
  'problem.user.login_taken': 'This username or mobile number is already in use',
  'validation.name': 'A name is 2 to 50 Chinese characters or letters',
  'validation.month': 'Months are written YYYY-MM',
  'validation.employerRequired': 'Choose an employer or type its name',
  'validation.positiveAmount': 'The amount must be more than zero',
  'problem.membership.already_member':
    'This ID number is already registered to a union member: ask your union, or ask for a transfer to change union',
  'problem.membership.mobile_taken': 'This mobile number is registered to another member',
  'problem.membership.application_open': 'There is already an application waiting for review for this ID number',
  'problem.membership.no_holding_union':
    'No union in your city takes applications yet; please contact the local federation',
  'problem.membership.invite_invalid': 'This invite code is not valid or the union has closed',
  'problem.membership.application_not_open': 'This application has already been decided',
  'problem.membership.not_a_union': 'Choose a grassroots union, a joint grassroots union or a holding union',
  'problem.membership.not_a_member': 'You are not a union member yet',
  'problem.membership.not_on_roll': 'The member’s current status does not allow this',
  'problem.membership.transfer_open': 'This member already has a transfer in progress',
  'problem.membership.transfer_state': 'The transfer’s current state does not allow this',
  'problem.membership.transfer_same': 'The target union is the member’s current union',
  'problem.membership.month_not_open': 'The dues ledger for this month has not been opened',
  'problem.membership.file_unreadable': 'The file could not be read; upload an .xlsx or .csv file',
  'problem.upload.empty': 'The uploaded file is empty',
  'problem.upload.xls_not_xlsx': 'This is an old Excel (.xls) file: save it as .xlsx in Excel or WPS, then upload it',
  'problem.upload.expands_too_far':
    'This file would expand far beyond any real spreadsheet when unzipped, so it was refused',
  'problem.membership.header_missing': 'No header row found; missing columns: {columns}',
  'problem.membership.import_trial':
    'A trial import changes nothing on the roster: import the file for real, then confirm or reject',
  'problem.membership.import_running': 'The import is still running; decide when it has finished',
  'problem.membership.conflict_decided': 'This row has already been decided',
  'problem.membership.conflict_stale':
    'The member on the roster has changed since (renamed or no longer on the roster): import the file again',
  'problem.membership.column_sorted_alone':
    'The “{column}” column looks sorted on its own, so its rows no longer line up ({conflicts} rows of this batch do not match the members on the roster); this batch was not imported: use the file as it was before sorting',
  'problem.membership.checkoff_duplicate': 'This check-off file has already been reconciled',
  'problem.membership.discrepancy_resolved': 'This discrepancy has already been resolved',
  'problem.membership.export_reason_required': 'An unmasked export needs a reason',
  'problem.membership.card_revoked': 'This member card has been revoked',
  'problem.membership.import_interrupted':
    'The import stopped when the server restarted; run it again (committed batches are not duplicated)',
  'problem.membership.import_stopped':
    'The import stopped unexpectedly; run it again (committed batches are not duplicated)',
  'problem.membership.import_out_of_memory':
    'The import stopped at its memory cap ({limitMb} MB); run it again (committed batches are not duplicated). If it recurs, an administrator can raise GONGHUI_IMPORT_HEAP_MB',
  'import.required': '{column} is required',
  'import.id_number_scientific':
    'The ID number was turned into a number by a spreadsheet ({value}); format the column as text and type it again',
  'import.id_number_cut':
    'Excel treated this ID number as a number and turned its last digits into 0 ({value}); format the column as text and type it again',
  'import.id_number_masked':
    'This ID number is masked (it has *): nothing was changed on this row; import an unmasked roster',
  'import.date': '{column} is not a date: {value}',
  'import.date_future': '{column} is in the future ({value}); check it',
  'import.too_long': '{column} may be at most {max} characters',
  'import.choice': '“{value}” is not an option for {column}',
  'import.amount': '{column} must be an amount in yuan, e.g. 5000 or 5000.00',
  'import.employer_unknown': 'No employer has the credit code {value}',
  'import.duplicate_in_file': 'Same ID number as row {row}',
  'import.member_elsewhere': 'This person is a member of another union; a transfer is needed',
  'import.mobile_taken': 'This mobile number is registered to another member',
  'import.name_conflict':
    'This ID number belongs to the member “{existing}” on the roster, under another name; nothing was changed: check and correct it',
  'import.mobile_duplicate_in_file': 'Same mobile number as row {row}',
  'import.union_unknown': 'The union number does not exist, is closed, or lies outside this import',
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
