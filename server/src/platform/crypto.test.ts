import { randomBytes } from 'node:crypto';
import type { Permission, Role } from '@gonghui/contract';
import { describe, expect, it } from 'vitest';
import { buildGrants, outermostPaths } from './access';
import { createPiiCipher } from './crypto';

describe('PII encryption', () => {
  const cipher = createPiiCipher(randomBytes(32));
  it('round-trips, with a fresh IV each time', () => {
    const a = cipher.encrypt('11010519491231002X');
    const b = cipher.encrypt('11010519491231002X');
    expect(a.equals(b)).toBe(false);
    expect(cipher.decrypt(a)).toBe('11010519491231002X');
  });
  it('detects a modified ciphertext', () => {
    const sealed = cipher.encrypt('13812345678');
    sealed[sealed.length - 1]! ^= 1;
    expect(() => cipher.decrypt(sealed)).toThrow();
  });
  it('gives a stable blind index that differs by key', () => {
    expect(cipher.blindIndex('13812345678').equals(cipher.blindIndex('13812345678'))).toBe(true);
    expect(createPiiCipher(randomBytes(32)).blindIndex('13812345678').equals(cipher.blindIndex('13812345678'))).toBe(
      false,
    );
  });
});

describe('scope', () => {
  it('keeps only the outermost subtrees', () => {
    expect(outermostPaths(['1.2.5', '1.2', '1.3', '1.2'])).toEqual(['1.2', '1.3']);
    expect(outermostPaths(['1.20', '1.2']).sort()).toEqual(['1.2', '1.20']);
  });
  it('grants each permission only where a role holding it sits', () => {
    const grants = buildGrants(
      [
        { role: 'grassroots_cadre', organisationId: 5, organisationName: 'A', organisationPath: '1.2.5' },
        { role: 'auditor', organisationId: 3, organisationName: 'B', organisationPath: '1.3' },
      ],
      new Map<Role, Set<Permission>>([
        ['grassroots_cadre', new Set<Permission>(['organisation.read', 'employer.manage'])],
        ['auditor', new Set<Permission>(['organisation.read', 'audit.read'])],
      ]),
    );
    expect(grants.get('organisation.read')).toEqual(['1.3', '1.2.5']);
    expect(grants.get('audit.read')).toEqual(['1.3']);
    expect(grants.get('employer.manage')).toEqual(['1.2.5']);
  });
});
