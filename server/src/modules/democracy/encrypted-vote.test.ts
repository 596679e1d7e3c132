import {
  type Board,
  ballotToWire,
  type Ciphertext,
  type CommitmentWire,
  canonicalJson,
  ciphertextFrom,
  combineShares,
  commitmentOf,
  decryptionShares,
  decryptionShareToWire,
  encryptBallot,
  finishTrustee,
  pointFrom,
  type SealedShareWire,
  scalarHex,
  sealedShareFromWire,
  sealedShareToWire,
  sealShare,
  shapeOf,
  startTrustee,
  type TrusteeSecrets,
  tallyContext,
  trackerOf,
  trusteeFromWire,
  trusteeToWire,
  verifyBoard,
  type WireBallot,
} from '@gonghui/contract/ballots';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, sessionForUser, type TestApp } from '../../../test/helpers';
import { organisations } from '../../platform/organisations.tables';
import { users } from '../accounts/accounts.tables';
import { buildMember, makeIdNumber } from '../membership/membership.seed';
import { unpackBallot } from './ballot-bytes';

// Encrypted votes end to end through the API (issue 23): trustees make the key in "their browsers"
// (this test plays them with the same library the browser uses), voters' devices encrypt, the server
// checks and sums, two of three trustees decrypt, the unchanged rules engine decides, and the
// bulletin board verifies on its own. Then the database superuser looks for anything that opens a ballot.
let t: TestApp;
let cadre: Session;
let unionId: number;
const logLines: string[] = [];
const startedAt = new Date();
// The order of ristretto255's group: the election's secret is the trustees' constant terms added modulo it.
const ORDER = 2n ** 252n + 27742317777372353535851937790883648493n;
const VOTERS = 8;
const voters: { session: Session; memberId: number; memberNumber: string; userId: string }[] = [];

beforeAll(async () => {
  t = await createTestApp({ logLines });
  cadre = await login(t.app, 'sz.cadre');
  const [union] = await t.db.select().from(organisations).where(eq(organisations.name, '深圳湾软件有限公司工会'));
  unionId = union!.id;
  const created = await t.db
    .insert(users)
    .values(Array.from({ length: VOTERS }, (_, i) => ({ username: `ev${i}`, displayName: `ev${i}`, kind: 'member' })))
    .returning({ id: users.id });
  for (const [i, { id: userId }] of created.entries()) {
    const member = await buildMember(t.db, t.cipher, {
      organisationId: unionId,
      name: `选民${String.fromCharCode(0x4e00 + i)}`,
      idNumber: makeIdNumber('440305', '19850101', 7000 + i),
      userId,
    });
    voters.push({
      session: await sessionForUser(t.db, userId),
      memberId: member.id,
      memberNumber: member.memberNumber,
      userId,
    });
  }
}, 120_000);
afterAll(() => t.close());

const call = (session: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: session.headers,
    ...(payload ? { payload: payload as Record<string, unknown> } : {}),
  });
const ok = async (session: Session, method: 'GET' | 'POST' | 'PUT', url: string, payload?: unknown) => {
  const response = await call(session, method, url, payload);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};

const made = async (session: Session, url: string, payload: unknown) => {
  const response = await call(session, 'POST', url, payload);
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
};

/** What each trustee's browser keeps: its secrets through the ceremony, then its key share. */
interface TrusteeDevice {
  session: Session;
  secrets?: TrusteeSecrets;
  keyShare?: bigint;
}

const withoutName = (commitment: ReturnType<typeof startTrustee>['commitment']): CommitmentWire => {
  const { name: _name, ...wire } = trusteeToWire('', commitment);
  return wire;
};

/** Names the first three voters trustees (2 of 3) and runs their ceremony as their browsers would. */
async function ceremony(voteId: number): Promise<TrusteeDevice[]> {
  const trustees = voters.slice(0, 3);
  const named = await ok(cadre, 'PUT', `/democracy/votes/${voteId}/trustees`, {
    memberNumbers: trustees.map((v) => v.memberNumber),
    threshold: 2,
  });
  expect(named.trustees.trustees.map((x: { stage: string }) => x.stage)).toEqual(['named', 'named', 'named']);
  const devices: TrusteeDevice[] = trustees.map((v) => ({ session: v.session }));
  for (const device of devices) {
    const seen = await ok(device.session, 'GET', `/democracy/votes/${voteId}/ceremony`);
    const started = startTrustee(seen.election, seen.myIndex, seen.threshold);
    device.secrets = started.secrets;
    await ok(device.session, 'POST', `/democracy/votes/${voteId}/ceremony/commitment`, {
      commitment: withoutName(started.commitment),
    });
    // Sent again from the kept secrets (an answer lost on the way back), with a fresh proof: already in.
    const again = await ok(device.session, 'POST', `/democracy/votes/${voteId}/ceremony/commitment`, {
      commitment: withoutName(commitmentOf(seen.election, started.secrets)),
    });
    expect(again.trustees[seen.myIndex - 1].commitment.coefficients).toEqual(
      withoutName(started.commitment).coefficients,
    );
  }
  for (const device of devices) {
    const seen = await ok(device.session, 'GET', `/democracy/votes/${voteId}/ceremony`);
    const others = seen.trustees
      .filter((x: { index: number }) => x.index !== seen.myIndex)
      .map((x: { commitment: CommitmentWire }) => trusteeFromWire({ ...x.commitment, name: '' }));
    const shares = others.map((other: ReturnType<typeof trusteeFromWire>) =>
      sealedShareToWire(sealShare(seen.election, device.secrets!, other)),
    );
    await ok(device.session, 'POST', `/democracy/votes/${voteId}/ceremony/shares`, { shares });
  }
  for (const device of devices) {
    const seen = await ok(device.session, 'GET', `/democracy/votes/${voteId}/ceremony`);
    const commitments = seen.trustees.map((x: { commitment: CommitmentWire }) =>
      trusteeFromWire({ ...x.commitment, name: '' }),
    );
    const finished = finishTrustee(
      seen.election,
      device.secrets!,
      commitments,
      seen.sealedForMe.map((s: SealedShareWire) => sealedShareFromWire(s)),
    );
    if (!('keyShare' in finished)) throw new Error('shares did not match');
    device.keyShare = finished.keyShare;
    await ok(device.session, 'POST', `/democracy/votes/${voteId}/ceremony/accept`, { badSenders: [] });
  }
  return devices;
}

/** A voter's device: reads the ceremony's key and fingerprint, encrypts, and casts. */
async function encryptFor(voteId: number, session: Session, choices: number[]) {
  const seen = await ok(session, 'GET', `/democracy/votes/${voteId}/board`);
  const board = seen as Board;
  const shape = shapeOf(board.parameters.kind, board.parameters.options.length, board.parameters.maxChoices);
  return ballotToWire(encryptBallot(pointFrom(board.publicKey), board.fingerprint, shape, choices));
}

async function decrypt(voteId: number, device: TrusteeDevice) {
  const seen = await ok(device.session, 'GET', `/democracy/votes/${voteId}/ceremony`);
  const sums: Ciphertext[] = seen.tally.map(ciphertextFrom);
  const parts = decryptionShares(tallyContext(seen.fingerprint), seen.myIndex, device.keyShare!, sums);
  return { seen, sums, parts };
}

async function createVote(body: Record<string, unknown>) {
  const created = await call(cadre, 'POST', '/democracy/votes', {
    organisationId: unionId,
    electorate: 'members',
    ...body,
  });
  expect(created.statusCode, created.body).toBe(201);
  expect(created.json().ballotMode).toBe('encrypted');
  return created.json().id as number;
}

describe('an encrypted election, from the key ceremony to the verified board', () => {
  let voteId: number;
  let devices: TrusteeDevice[];
  const trackers = new Map<number, string>();
  let board: Board;
  // voter index → choices (1-based candidates); the voter with index 3 has weight 2.
  const choices: Record<number, number[]> = { 0: [1, 2], 1: [2], 2: [], 3: [1, 3], 4: [2, 3], 5: [1] };

  beforeAll(async () => {
    voteId = await createVote({
      kind: 'election',
      title: '加密选举工会委员',
      seats: 2,
      counting: 'approval',
      maxChoices: 2,
      candidates: [{ name: '甲' }, { name: '乙' }, { name: '丙' }],
    });
  });

  it('will not open without trustees, nor before their key exists', async () => {
    await ok(cadre, 'POST', `/democracy/votes/${voteId}/freeze`);
    const none = await call(cadre, 'POST', `/democracy/votes/${voteId}/open`);
    expect(none.statusCode).toBe(409);
    expect(none.json().type).toContain('trustees_needed');
    await ok(cadre, 'PUT', `/democracy/votes/${voteId}/trustees`, {
      memberNumbers: voters.slice(0, 3).map((v) => v.memberNumber),
      threshold: 2,
    });
    const early = await call(cadre, 'POST', `/democracy/votes/${voteId}/open`);
    expect(early.statusCode).toBe(409);
    expect(early.json().type).toContain('key_not_ready');
  });

  it('refuses trustees that are not members with accounts, and a threshold above their number', async () => {
    const noAccount = await call(cadre, 'PUT', `/democracy/votes/${voteId}/trustees`, {
      memberNumbers: [voters[0]!.memberNumber, 'NO-SUCH-MEMBER'],
      threshold: 2,
    });
    expect(noAccount.statusCode).toBe(422);
    expect(noAccount.json().errors[0].field).toBe('memberNumbers.1');
    const tooMany = await call(cadre, 'PUT', `/democracy/votes/${voteId}/trustees`, {
      memberNumbers: [voters[0]!.memberNumber],
      threshold: 2,
    });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.json().errors[0]).toMatchObject({ field: 'threshold' });
    expect(tooMany.json().errors[0].message).toContain('监票人');
  });

  it('runs the key ceremony: a commitment is checked, only trustees take part, the server holds no share', async () => {
    // A commitment whose proof does not hold is refused, and so is anyone who is not a trustee.
    const seen = await ok(voters[0]!.session, 'GET', `/democracy/votes/${voteId}/ceremony`);
    const forged = withoutName(startTrustee('another election', seen.myIndex, 2).commitment);
    const refused = await call(voters[0]!.session, 'POST', `/democracy/votes/${voteId}/ceremony/commitment`, {
      commitment: forged,
    });
    expect(refused.statusCode).toBe(422);
    const outsider = await call(voters[5]!.session, 'POST', `/democracy/votes/${voteId}/ceremony/commitment`, {
      commitment: forged,
    });
    expect(outsider.statusCode).toBe(404);
    devices = await ceremony(voteId);
    const view = await ok(cadre, 'GET', `/democracy/votes/${voteId}`);
    expect(view.trustees.keyReady).toBe(true);
    expect(view.trustees.trustees.map((x: { stage: string }) => x.stage)).toEqual(['accepted', 'accepted', 'accepted']);
    // What the server stored of the shares opens nothing: each is masked with a key only its recipient derives.
    const stored = await t.db.execute<{ share: SealedShareWire }>(
      sql`SELECT share FROM vote_sealed_shares WHERE vote_id = ${voteId}`,
    );
    expect(stored.rows).toHaveLength(6);
    const secrets = devices.flatMap((d) => [d.keyShare!, ...d.secrets!.polynomial]).map(scalarHex);
    for (const { share } of stored.rows) expect(secrets).not.toContain(share.masked);
  });

  it('takes encrypted ballots with weights; a retry answers the same tracker; a second ballot is refused', async () => {
    // Weights are set while frozen: the ceremony ran on a frozen vote, so set voter 3's weight now.
    await ok(cadre, 'PUT', `/democracy/votes/${voteId}/roll/${voters[3]!.memberId}`, { weight: 2 });
    await ok(cadre, 'POST', `/democracy/votes/${voteId}/open`);
    const papers = await Promise.all(
      Object.entries(choices).map(async ([at, chosen]) => ({
        at: Number(at),
        ballot: await encryptFor(voteId, voters[Number(at)]!.session, chosen),
      })),
    );
    // The first voter casts alone; the others all at once, so their ballots go into the same
    // statements (group-commit.ts) and each must come out whole and as its own voter's.
    const castOne = async ({ at, ballot }: (typeof papers)[number]) => {
      const voter = voters[at]!;
      const { tracker } = await ok(voter.session, 'POST', `/democracy/votes/${voteId}/cast-encrypted`, { ballot });
      expect(tracker).toBe(trackerOf(ballot));
      trackers.set(at, tracker);
      if (at === 0) {
        const again = await ok(voter.session, 'POST', `/democracy/votes/${voteId}/cast-encrypted`, { ballot });
        expect(again.tracker).toBe(tracker);
        const second = await call(voter.session, 'POST', `/democracy/votes/${voteId}/cast-encrypted`, {
          ballot: await encryptFor(voteId, voter.session, [3]),
        });
        expect(second.statusCode).toBe(409);
        const plain = await call(voter.session, 'POST', `/democracy/votes/${voteId}/cast`, {
          choices: [1],
          clientKey: 'k'.repeat(20),
        });
        expect(plain.statusCode).toBe(409);
      }
    };
    await castOne(papers[0]!);
    await Promise.all(papers.slice(1).map(castOne));
    const stored = await t.db.execute<{ tracker: string; ballot: Buffer }>(
      sql`SELECT tracker, ballot FROM vote_encrypted_ballots WHERE vote_id = ${voteId}`,
    );
    expect(stored.rows).toHaveLength(papers.length);
    for (const { at, ballot } of papers) {
      const row = stored.rows.find((r) => r.tracker === trackers.get(at))!;
      expect(canonicalJson(unpackBallot(row.ballot))).toBe(canonicalJson(ballot));
    }
    // Voter 6 sends a ballot whose proofs were altered: taken now (proofs are checked in batches), set aside at close.
    const honest = await encryptFor(voteId, voters[6]!.session, [1, 2]);
    const forged: WireBallot = { ...honest, marks: [honest.marks[1]!, honest.marks[0]!, ...honest.marks.slice(2)] };
    await ok(voters[6]!.session, 'POST', `/democracy/votes/${voteId}/cast-encrypted`, { ballot: forged });
    // A ballot of the wrong shape is refused at once.
    const wrong = await call(voters[7]!.session, 'POST', `/democracy/votes/${voteId}/cast-encrypted`, {
      ballot: { ...honest, marks: honest.marks.slice(1) },
    });
    expect(wrong.statusCode).toBe(422);
    const view = await ok(cadre, 'GET', `/democracy/votes/${voteId}`);
    expect(view.votedCount).toBe(7);
  });

  it('closes into tallying: no result until a threshold of trustees decrypts, and one trustee cannot', async () => {
    const closed = await ok(cadre, 'POST', `/democracy/votes/${voteId}/close`);
    expect(closed.status).toBe('tallying');
    expect((await call(cadre, 'GET', `/democracy/votes/${voteId}/result`)).statusCode).toBe(409);
    const first = await decrypt(voteId, devices[0]!);
    // A share that does not belong to the tally is refused, with nothing stored.
    const swapped = [first.parts[1]!, first.parts[0]!, ...first.parts.slice(2)].map(decryptionShareToWire);
    const bad = await call(devices[0]!.session, 'POST', `/democracy/votes/${voteId}/decryption`, { parts: swapped });
    expect(bad.statusCode).toBe(422);
    const after = await ok(devices[0]!.session, 'POST', `/democracy/votes/${voteId}/decryption`, {
      parts: first.parts.map(decryptionShareToWire),
    });
    expect(after.status).toBe('tallying');
    // k − 1 = 1 trustee's shares do not open the tally.
    expect(combineShares(first.sums[0]!, first.parts.slice(0, 1), 1000)).toBeNull();
    expect((await call(cadre, 'GET', `/democracy/votes/${voteId}/result`)).statusCode).toBe(409);
    const second = await decrypt(voteId, devices[2]!);
    const done = await ok(devices[2]!.session, 'POST', `/democracy/votes/${voteId}/decryption`, {
      parts: second.parts.map(decryptionShareToWire),
    });
    expect(done.status).toBe('closed');
  });

  it('publishes the result the rules engine computes on the decrypted totals, the forged ballot set aside', async () => {
    const result = await ok(cadre, 'GET', `/democracy/votes/${voteId}/result`);
    // 甲: voters 0, 3 (×2), 5 = 4; 乙: 0, 1, 4 = 3; 丙: 3 (×2), 4 = 3; blank: voter 2.
    expect(result.options.map((o: { votes: number }) => o.votes)).toEqual([4, 3, 3]);
    expect(result.ballots).toBe(6);
    expect(result.castWeight).toBe(7);
    expect(result.invalidBallots).toBe(1);
    expect(result.kind).toBe('election');
  });

  it('publishes a bulletin board that verifies on its own and recounts to the same totals', async () => {
    // A trustee's member record corrected after the ceremony: the board keeps the name it committed under.
    await t.db.execute(sql`UPDATE members SET name = '改名后' WHERE id = ${voters[0]!.memberId}`);
    board = (await ok(voters[4]!.session, 'GET', `/democracy/votes/${voteId}/board`)) as Board;
    expect(board.parameters.trustees[0]!.name).toBe('选民一');
    const verdict = verifyBoard(board);
    expect(verdict.checks.filter((c) => !c.ok)).toEqual([]);
    expect(verdict.ok).toBe(true);
    expect(verdict.totals).toEqual([4, 3, 3, 1]);
    for (const tracker of trackers.values()) expect(board.ballots.map((b) => b.tracker)).toContain(tracker);
    expect(board.ballots).toHaveLength(6);
    expect(board.tally!.shares.map((s) => s.trustee)).toEqual([1, 3]);
    // The roll names no one: no member id or number appears in it.
    const rollText = JSON.stringify(board.roll);
    for (const v of voters) expect(rollText).not.toContain(v.memberNumber);
  });

  it('names what was tampered with: a ballot, a roll entry, the tally, a decryption share', async () => {
    const copy = () => structuredClone(board);
    const ballot = copy();
    ballot.ballots[0]!.ballot.marks[0]!.proof[0]!.c = ballot.ballots[0]!.ballot.marks[0]!.proof[1]!.c;
    expect(failed(verifyBoard(ballot))).toBe('trackers');
    // The same change with its tracker made to match: the proof itself fails, and the ballot is named.
    ballot.ballots[0]!.tracker = trackerOf(ballot.ballots[0]!.ballot);
    const proof = verifyBoard(ballot).checks.find((c) => !c.ok);
    expect(proof).toMatchObject({ check: 'ballot_proofs', params: { tracker: ballot.ballots[0]!.tracker } });
    const twice = copy();
    twice.roll[1]!.entry = twice.roll[0]!.entry;
    expect(failed(verifyBoard(twice))).toBe('roll');
    const tally = copy();
    tally.tally!.ciphertexts[0] = tally.tally!.ciphertexts[1]!;
    expect(failed(verifyBoard(tally))).toBe('encrypted_tally');
    const share = copy();
    share.tally!.shares[0]!.parts[0]!.share = share.tally!.shares[0]!.parts[1]!.share;
    expect(failed(verifyBoard(share))).toBe('decryption_shares');
    const totals = copy();
    totals.tally!.totals[0] = 5;
    expect(failed(verifyBoard(totals))).toBe('totals');
  });

  it('keeps the board to the voters, the trustees and the cadres in scope', async () => {
    const outsider = await login(t.app, 'gz.cadre');
    expect((await call(outsider, 'GET', `/democracy/votes/${voteId}/board`)).statusCode).toBe(404);
    expect((await call(outsider, 'GET', `/democracy/votes/${voteId}/ceremony`)).statusCode).toBe(404);
  });

  it('gives the database superuser nothing that opens a ballot: not the heap, the WAL, the statistics or the logs', async () => {
    await t.db.execute(sql`ANALYZE`);
    await t.db.execute(sql`CHECKPOINT`);
    // Every secret a trustee's browser held, and the election's secret key no one ever holds, in
    // every encoding a careless write could leave: hex, base64, decimal, raw bytes.
    const secrets = devices.flatMap((d) => [d.keyShare!, d.secrets!.transportSecret, ...d.secrets!.polynomial]);
    secrets.push(devices.reduce((sum, d) => sum + d.secrets!.polynomial[0]!, 0n) % ORDER);
    const texts = secrets.flatMap((s) => [
      scalarHex(s),
      Buffer.from(scalarHex(s), 'hex').toString('base64'),
      s.toString(),
    ]);
    const raw = secrets.map((s) => Buffer.from(scalarHex(s), 'hex'));
    // The heap, as the superuser reads it: every row of every table, and the statistics views.
    const tables = await t.db.execute<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE'`,
    );
    let heap = '';
    for (const { table_name } of tables.rows)
      heap += (
        await t.db.execute<{ j: string }>(sql.raw(`SELECT row_to_json(x)::text AS j FROM "${table_name}" x`))
      ).rows
        .map((row) => row.j)
        .join('\n');
    const stats = await t.db.execute<{ j: string }>(
      sql`SELECT row_to_json(s)::text AS j FROM pg_stats s WHERE schemaname = 'public'`,
    );
    heap += stats.rows.map((row) => row.j).join('\n');
    // The write-ahead log: the segments written while this file ran, read as files by the superuser.
    const segments = await t.db.execute<{ name: string }>(
      sql`SELECT name FROM pg_ls_waldir() WHERE modification >= ${startedAt.toISOString()}::timestamptz - interval '1 minute' ORDER BY name`,
    );
    const wal: Buffer[] = [];
    for (const { name } of segments.rows) {
      const file = await t.db.execute<{ data: Buffer }>(sql`SELECT pg_read_binary_file(${`pg_wal/${name}`}) AS data`);
      wal.push(file.rows[0]!.data);
    }
    const log = Buffer.concat(wal);
    // The probe sees what it looks for: the trackers on the roll are in the WAL as written.
    expect(log.includes(Buffer.from(trackers.get(1)!))).toBe(true);
    const logs = logLines.join('\n');
    for (const text of texts) {
      expect(heap.includes(text), `the heap holds ${text}`).toBe(false);
      expect(log.includes(Buffer.from(text)), `the WAL holds ${text}`).toBe(false);
      expect(logs.includes(text), `the logs hold ${text}`).toBe(false);
    }
    for (const bytes of raw) expect(log.includes(bytes)).toBe(false);
    // Nothing of an encrypted vote reaches the plain ballot tables, and no ballot body reaches the logs.
    const plain = await t.db.execute<{ n: string }>(sql`
      SELECT (SELECT count(*) FROM vote_ballot_box WHERE vote_id = ${voteId}) + (SELECT count(*) FROM vote_ballots WHERE vote_id = ${voteId}) AS n`);
    expect(Number(plain.rows[0]!.n)).toBe(0);
    expect(logs).not.toContain(board.ballots[0]!.ballot.formKey);
  });
});

const failed = (verdict: ReturnType<typeof verifyBoard>) => verdict.checks.find((c) => !c.ok)?.check;

describe('motions at the majority threshold, with a weight and a proxy, through the encrypted path', () => {
  // A strict majority of the electorate's weight; a low turnout quorum, so the majority decides.
  const rules = {
    quorum: { base: 'turnout', ratio: { num: 1, den: 100 }, comparison: 'inclusive', countAbstentions: true },
    majority: { base: 'electorate', ratio: { num: 1, den: 2 }, comparison: 'strict' },
    competitive: { minExcessPercent: 5, minExtra: 1 },
  };

  async function motion(title: string, proxyFor: boolean) {
    const voteId = await createVote({ kind: 'motion', title, rules });
    await ok(cadre, 'POST', `/democracy/votes/${voteId}/freeze`);
    const frozen = await ok(cadre, 'GET', `/democracy/votes/${voteId}`);
    const n = frozen.electorateCount as number;
    // Voter 3's weight makes voters 3 and 4 together exactly half the electorate's weight.
    await ok(cadre, 'PUT', `/democracy/votes/${voteId}/roll/${voters[3]!.memberId}`, { weight: n - 3 });
    // Voter 5 names voter 4 proxy.
    await ok(cadre, 'PUT', `/democracy/votes/${voteId}/roll/${voters[5]!.memberId}`, {
      proxyMemberNumber: voters[4]!.memberNumber,
      proxyReason: '出差',
    });
    const devices = await ceremony(voteId);
    await ok(cadre, 'POST', `/democracy/votes/${voteId}/open`);
    const cast = async (voter: number, choice: number, onBehalfOf?: number) => {
      const ballot = await encryptFor(voteId, voters[voter]!.session, [choice]);
      return call(voters[voter]!.session, 'POST', `/democracy/votes/${voteId}/cast-encrypted`, {
        ballot,
        ...(onBehalfOf ? { onBehalfOf } : {}),
      });
    };
    expect((await cast(3, 1)).statusCode).toBe(200);
    expect((await cast(4, 1)).statusCode).toBe(200);
    expect((await cast(6, 2)).statusCode).toBe(200);
    expect((await cast(7, 3)).statusCode).toBe(200);
    // Voter 5 cannot cast for themself once a proxy is named.
    expect((await cast(5, 1)).statusCode).toBe(403);
    if (proxyFor) expect((await cast(4, 1, voters[5]!.memberId)).statusCode).toBe(200);
    await ok(cadre, 'POST', `/democracy/votes/${voteId}/close`);
    if (!proxyFor) {
      // The server stopped between the close and the sum: closing again checks and sums the ballots.
      await t.db.execute(sql`UPDATE votes SET encrypted_tally = NULL WHERE id = ${voteId}`);
      expect((await ok(devices[1]!.session, 'GET', `/democracy/votes/${voteId}/ceremony`)).tally).toBeNull();
      expect((await ok(cadre, 'POST', `/democracy/votes/${voteId}/close`)).status).toBe('tallying');
      expect((await ok(devices[1]!.session, 'GET', `/democracy/votes/${voteId}/ceremony`)).tally).toHaveLength(3);
    }
    for (const device of [devices[1]!, devices[2]!]) {
      const { parts } = await decrypt(voteId, device);
      await ok(device.session, 'POST', `/democracy/votes/${voteId}/decryption`, {
        parts: parts.map(decryptionShareToWire),
      });
    }
    const result = await ok(cadre, 'GET', `/democracy/votes/${voteId}/result`);
    const board = (await ok(cadre, 'GET', `/democracy/votes/${voteId}/board`)) as Board;
    expect(verifyBoard(board).ok).toBe(true);
    expect(board.roll.filter((entry) => entry.proxy)).toHaveLength(1);
    return { result, electorateWeight: frozen.electorateCount - 1 + (n - 3) };
  }

  it('exactly half the electorate’s weight for: not passed', async () => {
    const { result, electorateWeight } = await motion('审议方案甲', false);
    expect(result.electorateWeight).toBe(electorateWeight);
    expect(result.options[0].votes * 2).toBe(electorateWeight);
    expect(result.passed).toBe(false);
  });

  it('one vote more, cast by a proxy: passed', async () => {
    const { result, electorateWeight } = await motion('审议方案乙', true);
    expect(result.options[0].votes * 2).toBe(electorateWeight + 2);
    expect(result.passed).toBe(true);
  });
});

describe('the presidium names the default trustees of a session’s secret votes', () => {
  let sessionId: number;
  const delegateIds: number[] = [];

  beforeAll(async () => {
    sessionId = (
      await made(cadre, '/democracy/sessions', {
        organisationId: unionId,
        term: 5,
        meeting: 1,
        title: '第五届职工代表大会第一次会议',
        meetingDate: '2027-04-01',
      })
    ).id;
    for (const voter of voters.slice(0, 5)) {
      const detail = await ok(cadre, 'POST', `/democracy/sessions/${sessionId}/delegates`, {
        memberNumber: voter.memberNumber,
        category: 'frontline',
      });
      delegateIds.push(detail.delegateList.at(-1).id);
    }
  });

  it('sets the presidium in order from the session’s delegates only, once each, for cadres in scope', async () => {
    const stranger = await call(cadre, 'PUT', `/democracy/sessions/${sessionId}/presidium`, {
      delegateIds: [delegateIds[0], 999_999_999],
    });
    expect(stranger.statusCode).toBe(422);
    expect(stranger.json().errors).toEqual([expect.objectContaining({ field: 'delegateIds.1' })]);
    const twice = await call(cadre, 'PUT', `/democracy/sessions/${sessionId}/presidium`, {
      delegateIds: [delegateIds[0], delegateIds[0]],
    });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors).toEqual([
      expect.objectContaining({ field: 'delegateIds', message: '同一代表不能重复列入主席团' }),
    ]);
    const outsider = await login(t.app, 'gz.cadre');
    const refused = await call(outsider, 'PUT', `/democracy/sessions/${sessionId}/presidium`, {
      delegateIds: [delegateIds[0]],
    });
    expect([403, 404]).toContain(refused.statusCode);
    // Only a member's delegate rows went in: nothing changed by the refusals.
    const before = await ok(cadre, 'GET', `/democracy/sessions/${sessionId}`);
    expect(before.delegateList.every((d: { presidiumPosition: null }) => d.presidiumPosition === null)).toBe(true);

    const order = [delegateIds[3]!, delegateIds[1]!, delegateIds[4]!, delegateIds[0]!];
    const set = await ok(cadre, 'PUT', `/democracy/sessions/${sessionId}/presidium`, { delegateIds: order });
    const positions = new Map(
      set.delegateList.map((d: { id: number; presidiumPosition: number | null }) => [d.id, d.presidiumPosition]),
    );
    expect(order.map((id) => positions.get(id))).toEqual([1, 2, 3, 4]);
    expect(positions.get(delegateIds[2]!)).toBeNull();
    const [audit] = (
      await t.db.execute<{ changes: { presidium: number[] } }>(
        sql`SELECT changes FROM audit_log WHERE action = 'congress.presidium' AND subject_id = ${String(sessionId)} ORDER BY id DESC LIMIT 1`,
      )
    ).rows;
    expect(audit!.changes.presidium).toEqual(order);
  });

  it('gives a new encrypted vote of the session its first three as trustees, any two to decrypt; not a plain one', async () => {
    const encrypted = await made(cadre, '/democracy/votes', {
      sessionId,
      kind: 'motion',
      title: '审议《劳动保护专项集体合同（草案）》',
      electorate: 'congress',
    });
    expect(encrypted.trustees.threshold).toBe(2);
    const byPosition = [3, 1, 4].map((at) => voters[at]!.memberId);
    expect(encrypted.trustees.trustees.map((x: { memberId: number }) => x.memberId)).toEqual(byPosition);
    // Its trustees see it among their tasks, with something to do.
    const mine = await ok(voters[3]!.session, 'GET', '/democracy/my/trustee');
    expect(mine.items).toEqual(
      expect.arrayContaining([expect.objectContaining({ voteId: encrypted.id, stage: 'named', actionNeeded: true })]),
    );
    const plain = await made(cadre, '/democracy/votes', {
      sessionId,
      kind: 'motion',
      title: '举手表决：会议议程',
      electorate: 'congress',
      ballotMode: 'plain',
    });
    expect(plain.trustees).toBeNull();
  });

  it('leaves the trustees to the cadre while fewer than three presidium members have accounts', async () => {
    await ok(cadre, 'PUT', `/democracy/sessions/${sessionId}/presidium`, { delegateIds: delegateIds.slice(0, 2) });
    const vote = await made(cadre, '/democracy/votes', {
      sessionId,
      kind: 'motion',
      title: '审议《女职工权益保护专项集体合同（草案）》',
      electorate: 'congress',
    });
    expect(vote.trustees.trustees).toEqual([]);
  });
});
