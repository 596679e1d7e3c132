import { birthDateOfIdNumber, genderOfIdNumber, type Transfer } from '@gonghui/contract';
import { pinyin } from 'pinyin-pro';
import type { PiiCipher } from '../../platform/crypto';
import type { TransferView } from './transfers.repository';

const HAN = /\p{Script=Han}/u;

/**
 * What fuzzy name search matches on, all as exact GIN tokens: every character and pair of adjacent
 * characters of a Chinese name, and its pinyin — in full, by syllable, by pairs of syllables, and
 * its initials. A two-character query is then one index lookup (trigrams need three characters)
 * and no trigram index has to be kept up to date on every insert.
 */
export function nameSearchFields(name: string): { nameSearch: string; nameTokens: string[] } {
  const compact = name.replace(/[\s·•.]/g, '');
  const syllables = pinyin(compact, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
  const initials = syllables.map((s) => s[0] ?? '').join('');
  const full = syllables.join('');
  const tokens = new Set<string>([initials, full]);
  syllables.forEach((syllable, i) => {
    tokens.add(syllable);
    if (i + 1 < syllables.length) tokens.add(syllable + syllables[i + 1]);
  });
  if (HAN.test(compact)) {
    const chars = [...compact];
    chars.forEach((c, i) => {
      tokens.add(c);
      if (i + 1 < chars.length) tokens.add(c + chars[i + 1]);
    });
  } else {
    for (const word of name.toLowerCase().split(/\s+/)) if (word) tokens.add(word);
  }
  tokens.delete('');
  return { nameSearch: `${full} ${initials}`, nameTokens: [...tokens] };
}

/** The tokens a Chinese query must all have: its pairs, or the single character. */
export function queryTokens(query: string): string[] {
  const chars = [...query.replace(/\s/g, '')];
  if (chars.length === 1) return chars;
  return chars.slice(0, -1).map((c, i) => c + chars[i + 1]);
}

export function isHanQuery(query: string): boolean {
  return HAN.test(query);
}

/** Facts taken from a valid ID number, and the encrypted forms of personal data. */
export function personFields(
  cipher: PiiCipher,
  input: { name: string; idNumber: string; mobile?: string | null; monthlyWageFen?: number | null },
) {
  return {
    name: input.name,
    ...nameSearchFields(input.name),
    gender: genderOfIdNumber(input.idNumber),
    birthYear: Number(birthDateOfIdNumber(input.idNumber).slice(0, 4)),
    idNumberEnc: cipher.encrypt(input.idNumber),
    idNumberHash: cipher.blindIndex(input.idNumber),
    mobileEnc: input.mobile ? cipher.encrypt(input.mobile) : null,
    mobileHash: input.mobile ? cipher.blindIndex(input.mobile) : null,
    monthlyWageEnc:
      input.monthlyWageFen === null || input.monthlyWageFen === undefined
        ? null
        : cipher.encrypt(String(input.monthlyWageFen)),
  };
}

/** Default dues: 0.5% of the declared monthly wage, in whole fen, rounded half up. */
export function duesOfWage(monthlyWageFen: number | null | undefined, rateBasisPoints: number): number {
  if (!monthlyWageFen) return 0;
  return Math.floor((monthlyWageFen * rateBasisPoints + 5000) / 10000);
}

/** A transfer as the API shows it. */
export function toTransfer(view: TransferView): Transfer {
  const { transfer: t } = view;
  return {
    id: t.id,
    memberId: t.memberId,
    memberName: view.memberName,
    memberNumber: view.memberNumber,
    fromOrganisationId: t.fromOrganisationId,
    fromOrganisationName: view.fromName,
    toOrganisationId: t.toOrganisationId,
    toOrganisationName: view.toName,
    status: t.status as Transfer['status'],
    reason: t.reason,
    rejectedReason: t.rejectedReason,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
  };
}
