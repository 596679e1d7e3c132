import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SOURCE_ROOT, sourceFilesUnder } from '../source-files';

// The writes that cannot be undone or that move money. A screen that sends one asks first (through
// ui/confirm's useConfirm or antd's modal.confirm), or, for an application's step, in the dialog
// where the amount and note are entered (it says what approving commits).
const IRREVERSIBLE = [
  'approveApplications',
  'withdrawMyApplication',
  'recordBatchResults',
  'reissuePayment',
  'cancelPayment',
  'updateSession',
  'freezeVote',
  'openVote',
  'closeVote',
  'actOnMyApplication',
];

describe('confirmation', () => {
  it('every screen that sends an irreversible or money write asks first', () => {
    const offenders = sourceFilesUnder(SOURCE_ROOT, ['.tsx']).flatMap((file) => {
      const text = fs.readFileSync(file, 'utf8');
      const sends = IRREVERSIBLE.filter((name) => text.includes(`useSend('${name}')`));
      const asks = /\bconfirm\(|modal\.confirm\(/.test(text);
      return sends.length > 0 && !asks ? [`${file}: ${sends.join(', ')}`] : [];
    });
    expect(offenders).toEqual([]);
  });
});
