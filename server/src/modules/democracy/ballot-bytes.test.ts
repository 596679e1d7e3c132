import { randomBytes } from 'node:crypto';
import {
  ballotToWire,
  canonicalJson,
  electionKey,
  encryptBallot,
  shapeOf,
  simulateCeremony,
  trackerOf,
  type WireBallot,
} from '@gonghui/contract/ballots';
import { describe, expect, it } from 'vitest';
import { createEmptyDb, migrateBefore } from '../../../test/helpers';
import { connect } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { packBallot, unpackBallot } from './ballot-bytes';

const { commitments } = simulateCeremony('bytes-test', 3, 2);
const key = electionKey(commitments);
const hex = (bytes: number) => randomBytes(bytes).toString('hex');
const branch = () => ({ A: hex(32), B: hex(32), c: hex(32), v: hex(32) });

/** Real ballots of an election with a blank option and of a motion, and an odd shape the layout must also carry. */
const ballots: WireBallot[] = [
  ballotToWire(encryptBallot(key, 'f'.repeat(64), shapeOf('election', 10, 3), [2, 5, 9])),
  ballotToWire(encryptBallot(key, 'f'.repeat(64), shapeOf('election', 10, 3), [])),
  ballotToWire(encryptBallot(key, 'f'.repeat(64), shapeOf('motion', 3, 1), [1])),
  { formKey: hex(16), marks: [{ ciphertext: { a: hex(32), b: hex(32) }, proof: [branch()] }], sumProof: [] },
];

describe('stored ballots as bytes', () => {
  it('packs a ballot to less than half its wire JSON and unpacks the same JSON, so the tracker holds', () => {
    for (const ballot of ballots) {
      const packed = packBallot(ballot);
      expect(packed.length).toBeLessThan(Buffer.byteLength(canonicalJson(ballot)) / 2);
      const back = unpackBallot(packed);
      expect(canonicalJson(back)).toBe(canonicalJson(ballot));
      expect(trackerOf(back)).toBe(trackerOf(ballot));
    }
  });

  it('refuses bytes in another layout, cut short or with bytes left over', () => {
    const packed = packBallot(ballots[0]!);
    expect(() => unpackBallot(Buffer.concat([Buffer.from([2]), packed.subarray(1)]))).toThrow(/unknown layout/);
    expect(() => unpackBallot(packed.subarray(0, packed.length - 1))).toThrow(/cut short/);
    expect(() => unpackBallot(Buffer.concat([packed, Buffer.from([0])]))).toThrow(/left over/);
  });

  it('migration 0021 repacks the ballots stored as JSON text into the same bytes', async () => {
    const empty = await createEmptyDb();
    const { db, pool } = connect(empty.url);
    try {
      // The migrations up to 0020, when ballots were text.
      await migrateBefore(db, '0021_encrypted_ballots_bytes');
      const client = await pool.connect();
      try {
        // The rows alone, without the vote they belong to: the foreign keys' triggers are off.
        await client.query(`SET session_replication_role = replica`);
        for (const [i, ballot] of ballots.entries())
          await client.query(
            `INSERT INTO vote_encrypted_ballots (vote_id, province_code, tracker, weight, ballot) VALUES (1, '44', $1, $2, $3)`,
            [trackerOf(ballot), i + 1, canonicalJson(ballot)],
          );
      } finally {
        client.release();
      }

      await migrateDatabase(db, pool);
      const { rows } = await pool.query<{ tracker: string; ballot: Buffer; storage: string }>(
        `SELECT tracker, ballot, (SELECT attstorage FROM pg_attribute WHERE attrelid = 'vote_encrypted_ballots'::regclass
           AND attname = 'ballot') AS storage FROM vote_encrypted_ballots ORDER BY weight`,
      );
      expect(rows.map((row) => row.tracker)).toEqual(ballots.map(trackerOf));
      for (const [i, row] of rows.entries()) expect(row.ballot.equals(packBallot(ballots[i]!))).toBe(true);
      expect(rows[0]!.storage).toBe('e');
      const left = await pool.query(`SELECT 1 FROM pg_proc WHERE proname = 'gonghui_pack_ballot'`);
      expect(left.rowCount).toBe(0);
    } finally {
      await pool.end();
      await empty.drop();
    }
  });
});
