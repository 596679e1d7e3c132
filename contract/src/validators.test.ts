import { describe, expect, it } from 'vitest';
import { idNumberSchema, mobileSchema, usccSchema } from './common';
import { maskIdNumber, maskMobile, maskName } from './masking';
import { negotiateLocale, translate } from './messages';
import {
  birthDateOfIdNumber,
  checkIdNumber,
  checkUscc,
  computeIdNumberCheckChar,
  computeUsccCheckChar,
  genderOfIdNumber,
  isValidMobile,
} from './validators';
import { describeIssues } from './zod-messages';

describe('ID numbers (GB 11643-1999)', () => {
  it('accepts the standard example and an X check digit', () => {
    expect(checkIdNumber('11010519491231002X')).toBeNull();
    expect(checkIdNumber('44010619950315421X')).toBeNull();
    // The standard's own 1880 example is well-formed but no living worker was born before 1900.
    expect(checkIdNumber('440524188001010014')).toBe('validation.idNumber.birthDate');
  });
  it('computes the ISO 7064 MOD 11-2 check character', () => {
    expect(computeIdNumberCheckChar('11010519491231002')).toBe('X');
    expect(computeIdNumberCheckChar('44052418800101001')).toBe('4');
  });
  it('names what is wrong', () => {
    expect(checkIdNumber('11010519491231002')).toBe('validation.idNumber.format');
    expect(checkIdNumber('110105194912310029')).toBe('validation.idNumber.checkDigit');
    expect(checkIdNumber('990105194912310021')).toBe('validation.idNumber.region');
    expect(checkIdNumber(`${`11010519490230${'002'}`.padEnd(17, '0')}X`)).toBe('validation.idNumber.birthDate');
    const future = '11010520991231002';
    expect(checkIdNumber(future + computeIdNumberCheckChar(future), new Date('2026-01-01'))).toBe(
      'validation.idNumber.birthDate',
    );
  });
  it('reads birth date and gender', () => {
    expect(birthDateOfIdNumber('11010519491231002X')).toBe('1949-12-31');
    expect(genderOfIdNumber('11010519491231002X')).toBe('female');
    expect(genderOfIdNumber('44010619950315421X')).toBe('male');
  });
  it('normalises full-width characters, spaces and a lower-case x before checking', () => {
    expect(idNumberSchema.parse(' １１０１０５１９４９１２３１００２x ')).toBe('11010519491231002X');
  });
});

describe('Unified Social Credit Codes (GB 32100-2015)', () => {
  it('accepts real published codes', () => {
    expect(checkUscc('91350100M000100Y43')).toBeNull();
    expect(checkUscc('911100001000000000'.slice(0, 17) + computeUsccCheckChar('91110000100000000'))).toBeNull();
  });
  it('rejects a wrong check character, forbidden letters and a bad region', () => {
    expect(checkUscc('91350100M000100Y44')).toBe('validation.uscc.checkChar');
    expect(checkUscc('91350100M000100YI3')).toBe('validation.uscc.format');
    expect(checkUscc('91990100M000100Y43')).toBe('validation.uscc.region');
    expect(usccSchema.safeParse('91350100m000100y43').success).toBe(true);
  });
});

describe('mobile numbers', () => {
  it('accepts 1[3-9] followed by nine digits, with or without +86', () => {
    expect(isValidMobile('13812345678')).toBe(true);
    expect(isValidMobile('12812345678')).toBe(false);
    expect(mobileSchema.parse('+86 13812345678'.replace(' ', ''))).toBe('13812345678');
    expect(mobileSchema.safeParse('1381234567').success).toBe(false);
  });
});

describe('masking', () => {
  it('masks as the brief shows', () => {
    expect(maskIdNumber('11010519491231002X')).toBe('110105********002X');
    expect(maskMobile('13812345678')).toBe('138****5678');
    expect(maskName('张三明')).toBe('张*明');
    expect(maskName('张三')).toBe('张*');
    expect(maskName('欧阳小明')).toBe('欧**明');
  });
});

describe('messages', () => {
  it('words validation issues in the requested language', () => {
    const result = idNumberSchema.safeParse('110105194912310029');
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(describeIssues(result.error.issues, 'zh-CN')[0]?.message).toBe('身份证号校验码不正确');
    expect(describeIssues(result.error.issues, 'en')[0]?.message).toBe('The check digit of this ID number is wrong');
  });
  it('negotiates the language, defaulting to Simplified Chinese', () => {
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale('en-US,en;q=0.9')).toBe('en');
    expect(negotiateLocale('fr;q=0.9, zh-TW;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('de')).toBe('zh-CN');
    expect(translate('en', 'validation.password.tooShort', { min: 12 })).toBe(
      'The password needs at least 12 characters',
    );
  });
});
