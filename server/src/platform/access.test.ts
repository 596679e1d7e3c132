import { describe, expect, it } from 'vitest';
import { type Actor, buildGrants, can, isWithin, scopeOf } from './access';

const actor = (grants: Actor['grants']): Actor => ({
  userId: 'u',
  displayName: 'u',
  kind: 'cadre',
  via: 'session',
  sessionId: null,
  roles: [],
  grants,
});

describe('permissions', () => {
  it('are a typed union: a misspelt permission does not compile', () => {
    const someone = actor(new Map([['assistance.manage', ['1.2']]]));
    // @ts-expect-error — 'assistance.mange' is no permission; `npm run check` fails if this compiles.
    expect(someone.grants.get('assistance.mange')).toBeUndefined();
    // @ts-expect-error — the same for the helpers that take one.
    expect(() => scopeOf(someone, 'member.mange')).toThrow();
    expect(can(someone, 'assistance.manage')).toBe(true);
  });

  it('keep the outermost subtree of each permission', () => {
    const grants = buildGrants(
      [
        { role: 'federation_cadre', organisationId: 2, organisationName: '市', organisationPath: '1.2' },
        { role: 'grassroots_cadre', organisationId: 5, organisationName: '基层', organisationPath: '1.2.5' },
      ],
      new Map([
        ['federation_cadre', new Set(['member.read'] as const)],
        ['grassroots_cadre', new Set(['member.read', 'member.manage'] as const)],
      ]),
    );
    expect(grants.get('member.read')).toEqual(['1.2']);
    expect(grants.get('member.manage')).toEqual(['1.2.5']);
    expect(isWithin('1.2.5.9', grants.get('member.manage')!)).toBe(true);
    expect(isWithin('1.3', grants.get('member.read')!)).toBe(false);
  });
});
