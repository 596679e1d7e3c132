import { AUDIT_ACTIONS, AUDIT_FIELDS, AUDIT_SUBJECTS, type AuditEntry } from '@gonghui/contract';
import { describe, expect, it } from 'vitest';
import { i18n } from '../../i18n';
import { readEntry } from './sentence';

const base: AuditEntry = {
  id: 1,
  occurredAt: '2026-12-06T06:00:00.000Z',
  actorUserId: '00000000-0000-4000-8000-000000000001',
  actorName: '王科长',
  action: 'member.status',
  subjectType: 'member',
  subjectId: '42',
  subjectName: '张三',
  organisationId: 7,
  changes: null,
  references: {},
  requestId: 'req-1',
  ip: '127.0.0.1',
  hash: 'ab',
};

function read(locale: 'zh-CN' | 'en', entry: Partial<AuditEntry>) {
  const t = i18n.getFixedT(locale);
  return readEntry({ t, exists: (key) => i18n.exists(key, { lng: locale }), locale }, { ...base, ...entry });
}

/** Everything a reader sees of the row, as one text. */
function shown(locale: 'zh-CN' | 'en', entry: Partial<AuditEntry>) {
  const readable = read(locale, entry);
  return [readable.sentence, ...readable.changes.map((line) => `${line.label} ${line.text}`)].join('\n');
}

describe('the audit trail as sentences', () => {
  it('has words for every action, kind of object and field, in both languages', () => {
    for (const locale of ['zh-CN', 'en']) {
      const missing = [
        ...AUDIT_ACTIONS.map((action) => `audit.actions.${action}`),
        ...AUDIT_SUBJECTS.map((subject) => `audit.subjects.${subject}`),
        ...AUDIT_FIELDS.map((field) => `audit.fields.${field}`),
      ].filter((key) => !i18n.exists(key, { lng: locale, fallbackLng: false }));
      expect(missing, locale).toEqual([]);
    }
  });

  it('says who did what to which named object, and which field changed from what to what', () => {
    const entry = { changes: { status: { from: 'active', to: 'retained' }, reason: '长期病假' } };
    expect(read('zh-CN', entry)).toEqual({
      sentence: '王科长 变更了会籍状态：会员「张三」',
      changes: [
        { field: 'status', label: '状态', text: '由 正常 改为 保留会籍' },
        { field: 'reason', label: '原因', text: '长期病假' },
      ],
    });
    expect(read('en', entry).sentence).toBe('王科长 changed a membership status: member “张三”');
    expect(read('en', entry).changes[0]!.text).toBe('from Active to Retained');
  });

  it('names the objects a change refers to instead of their ids, and leaves out internal ones', () => {
    const text = shown('zh-CN', {
      action: 'case.dispatch',
      subjectType: 'rights_case',
      subjectId: '9',
      subjectName: '拖欠三个月工资',
      changes: {
        stage: { from: 'accepted', to: 'dispatched' },
        organisationId: 31,
        handlerUserId: '00000000-0000-4000-8000-000000000002',
        parentId: { from: 3, to: 4 },
        documentId: '00000000-0000-4000-8000-000000000003',
      },
      references: { organisationId: '天河区总工会', 'parentId.from': '广州市总工会', 'parentId.to': '深圳市总工会' },
    });
    expect(text).toContain('派发了案件：维权案件「拖欠三个月工资」');
    expect(text).toContain('环节 由 已受理 改为 已派单');
    expect(text).toContain('组织 天河区总工会');
    expect(text).toContain('上级组织 由 广州市总工会 改为 深圳市总工会');
    // The handler's name was not given (not visible): the line is left out, not shown as an id.
    expect(text).not.toContain('承办人');
    expect(text).not.toMatch(/\b31\b|00000000|documentId|dispatched|rights_case|case\.dispatch/);
  });

  it('writes amounts in yuan, dates in the reader’s format, yes/no and coded values in words, never JSON', () => {
    const zh = shown('zh-CN', {
      action: 'assistance.approve_refused',
      subjectType: 'assistance_application',
      subjectName: '李四 · 金秋助学',
      changes: {
        amountFen: 150_000,
        reason: 'assistance.budget_exhausted',
        lockedUntil: '2026-12-06T08:00:00.000Z',
        valid: false,
        rules: [{ kind: 'tier' }, { kind: 'income' }],
      },
    });
    expect(zh).toContain('金额 ¥1,500.00');
    expect(zh).not.toContain('assistance.budget_exhausted');
    expect(zh).toMatch(/锁定至 2026年12月6日/);
    expect(zh).toContain('有效 否');
    expect(zh).toContain('规则 2 项');
    expect(zh).not.toMatch(/[{}[\]"]/);
    const en = shown('en', {
      action: 'auth.login',
      subjectType: 'user',
      subjectName: null,
      changes: { method: 'sms' },
    });
    expect(en).toBe('王科长 signed in: account\nMethod SMS code');
  });

  it('says the system did it when no one signed in did', () => {
    expect(
      read('zh-CN', {
        actorName: null,
        action: 'member.lapse_run',
        subjectType: 'organisation',
        subjectName: '天河区总工会',
      }).sentence,
    ).toBe('系统 执行了会籍失效检查：组织「天河区总工会」');
  });
});
