import { randomUUID } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, DEMO_PASSWORD, login, type Session, sessionFrom, type TestApp } from '../../../test/helpers';
import { organisations } from '../../platform/organisations.tables';
import { createUserAccount } from '../accounts/users.service';
import * as organisationsRepo from '../organisations/organisations.repository';
import { buildOrganisationTree } from '../organisations/organisations.seed';
import { buildMember, makeIdNumber } from './membership.seed';
import { memberPersons, members } from './membership.tables';
import * as statsRepo from './statistics.repository';

// A national tree: the demo's Guangdong federation moved under a national federation, next to a
// Beijing federation with one union. Rows carry their province (db/placement.ts).
let t: TestApp;
let beijingUnion: number;
let gz: Session;
let bj: Session;
let national: Session;
const beijingIdNumber = makeIdNumber('110101', '19900101', 11);

beforeAll(async () => {
  t = await createTestApp();
  await t.db.transaction(async (tx) => {
    const [guangdong] = await tx.select().from(organisations).where(isNull(organisations.parentId));
    const top = await organisationsRepo.insertOrganisation(tx, null, {
      name: '中华全国总工会',
      type: 'federation',
      level: 'national',
      regionCode: '100000',
    });
    await organisationsRepo.rewriteSubtreePaths(tx, guangdong!.path, top.path);
    await organisationsRepo.updateOrganisation(tx, guangdong!.id, { parentId: top.id });
    const ids = await buildOrganisationTree(
      tx,
      {
        key: 'beijing',
        name: '北京市总工会',
        type: 'federation',
        level: 'provincial',
        regionCode: '110000',
        children: [
          {
            key: 'union',
            name: '北京东城科技有限公司工会',
            type: 'grassroots',
            level: 'grassroots',
            regionCode: '110101',
          },
        ],
      },
      top,
    );
    beijingUnion = ids.get('union')!;
    for (const [username, role, organisationId] of [
      ['bj.cadre', 'federation_cadre', ids.get('beijing')!],
      ['national.admin', 'federation_admin', top.id],
    ] as const) {
      await createUserAccount(
        { cipher: t.cipher },
        tx,
        null,
        {
          username,
          displayName: username,
          kind: 'cadre',
          password: DEMO_PASSWORD,
          role,
          organisationId,
        },
        { isDemo: true },
      );
    }
    await buildMember(tx, t.cipher, { organisationId: beijingUnion, name: '赵京生', idNumber: beijingIdNumber });
  });
  [gz, bj, national] = await Promise.all([
    login(t.app, 'gz.cadre'),
    login(t.app, 'bj.cadre'),
    login(t.app, 'national.admin'),
  ]);
});
afterAll(() => t.close());

const get = (session: Session, url: string) => t.app.inject({ method: 'GET', url, headers: session.headers });
const post = (session: Session, url: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url, headers: session.headers, payload });

async function signUp(mobile: string) {
  await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/request', payload: { mobile, signUp: true } });
  const code = t.sms.findLast((s) => s.mobile === mobile)!.code;
  return sessionFrom(
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/sms/login', payload: { mobile, code, signUp: true } }),
  );
}

const onRoll = async (session: Session) =>
  (await get(session, '/api/v1/membership/statistics')).json().onRoll as number;

async function aGuangzhouMember() {
  const list = (await get(gz, '/api/v1/members?status=active&pageSize=1')).json();
  return list.items[0] as { id: number; organisationId: number };
}

describe('members across provinces', () => {
  it('files a member under their union’s province and keeps one membership per person nationwide', async () => {
    const [row] = await t.db
      .select({ provinceCode: members.provinceCode, memberNumber: members.memberNumber })
      .from(members)
      .where(eq(members.organisationId, beijingUnion));
    expect(row).toEqual({ provinceCode: '11', memberNumber: expect.stringMatching(/^110101\d{10}$/) });
    const { id: gzMember } = await aGuangzhouMember();
    const union = (await get(gz, `/api/v1/members/${gzMember}`)).json().organisationId as number;
    // Even without the services' checks, the registry's key refuses a second membership.
    await expect(
      t.db.transaction((tx) =>
        buildMember(tx, t.cipher, { organisationId: union, name: '赵京生', idNumber: beijingIdNumber }),
      ),
    ).rejects.toMatchObject({ cause: { constraint: 'member_persons_pkey' } });
  });

  it('transfers a member to another province: the record is copied there with its number and join date', async () => {
    const { id } = await aGuangzhouMember();
    const before = (await get(gz, `/api/v1/members/${id}`)).json();
    const [beijingBefore] = await Promise.all([onRoll(bj)]);
    const requested = await post(gz, '/api/v1/membership/transfers', {
      memberId: id,
      toOrganisationId: beijingUnion,
      reason: '调往北京工作',
    });
    expect(requested.statusCode, requested.body).toBe(201);
    const transfer = requested.json().id as number;
    expect((await post(gz, `/api/v1/membership/transfers/${transfer}/release`, {})).json().status).toBe('released');
    // Only the target's cadres may accept.
    expect((await post(gz, `/api/v1/membership/transfers/${transfer}/accept`, {})).statusCode).toBe(404);
    const accepted = await post(bj, `/api/v1/membership/transfers/${transfer}/accept`, {});
    expect(accepted.json().status, accepted.body).toBe('completed');

    const rows = await t.db
      .select({
        id: members.id,
        provinceCode: members.provinceCode,
        status: members.status,
        memberNumber: members.memberNumber,
        joinedOn: members.joinedOn,
        organisationId: members.organisationId,
      })
      .from(members)
      .where(sql`${members.idNumberHash} = (SELECT id_number_hash FROM members WHERE id = ${id})`)
      .orderBy(members.id);
    expect(rows).toEqual([
      expect.objectContaining({ id, provinceCode: '44', status: 'exited' }),
      {
        id: expect.any(Number),
        provinceCode: '11',
        status: 'active',
        memberNumber: before.memberNumber,
        joinedOn: before.joinedOn,
        organisationId: beijingUnion,
      },
    ]);
    const [registry] = await t.db.select().from(memberPersons).where(eq(memberPersons.memberId, rows[1]!.id));
    expect(registry?.provinceCode).toBe('11');
    const moved = (await get(bj, `/api/v1/members/${rows[1]!.id}`)).json();
    expect(moved.history.map((h: { status: string }) => h.status)).toEqual(['active']);
    expect((await get(gz, `/api/v1/members/${rows[1]!.id}`)).statusCode).toBe(404);
    expect(await onRoll(bj)).toBe(beijingBefore + 1);
    expect(await statsRepo.diffTalliesFromRecount(t.db)).toEqual([]);
  });

  it('refuses to forward an application to a union in another province, saying why', async () => {
    const worker = await signUp('13700009922');
    const applied = await post(worker, '/api/v1/membership/applications', {
      clientKey: randomUUID(),
      name: '林海生',
      idNumber: makeIdNumber('440106', '19950505', 13),
      mobile: '13700009922',
      employmentForm: 'gig',
      jobType: 'rider',
      platform: '美团',
      residenceRegionCode: '440106',
      monthlyWageFen: 600_000,
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const application = applied.json();
    const response = await t.app.inject({
      method: 'POST',
      url: `/api/v1/membership/applications/${application.id}/route`,
      headers: { ...national.headers, 'accept-language': 'zh-CN' },
      payload: { organisationId: beijingUnion, reason: '应由北京的工会受理' },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json().errors).toMatchObject([
      { field: 'organisationId', message: '不能移交到其他省（自治区、直辖市）的组织，请由对方省份重新登记' },
    ]);
  });

  it('lets a former member join again in another province: a new record there, the old history kept', async () => {
    const { id: oldId } = await aGuangzhouMember();
    const mobile = '13700009911';
    const person = await t.db.execute<{ id_number_hash: Buffer }>(
      sql`SELECT id_number_hash FROM members WHERE id = ${oldId}`,
    );
    const idNumberHash = person.rows[0]!.id_number_hash;
    // The worker's ID number is known only as a blind index here, so the member gets a fresh one
    // that we do know, then leaves.
    const idNumber = makeIdNumber('440106', '19880808', 97);
    await t.db
      .update(members)
      .set({ idNumberHash: t.cipher.blindIndex(idNumber), idNumberEnc: t.cipher.encrypt(idNumber) })
      .where(eq(members.id, oldId));
    await t.db
      .update(memberPersons)
      .set({ idNumberHash: t.cipher.blindIndex(idNumber) })
      .where(eq(memberPersons.idNumberHash, idNumberHash));
    const left = await post(gz, `/api/v1/members/${oldId}/status`, {
      status: 'exited',
      effectiveOn: '2026-10-31',
      reason: '离职',
    });
    expect(left.statusCode, left.body).toBe(200);

    const invite = (await get(bj, `/api/v1/membership/invite?organisationId=${beijingUnion}`)).json();
    const worker = await signUp(mobile);
    const applied = await post(worker, '/api/v1/membership/applications', {
      clientKey: randomUUID(),
      invite: invite.code,
      name: '周南北',
      idNumber,
      mobile,
      employmentForm: 'standard',
      employerName: '北京东城科技有限公司',
      residenceRegionCode: '110101',
      monthlyWageFen: 800_000,
    });
    expect(applied.statusCode, applied.body).toBe(201);
    const approved = await post(bj, '/api/v1/membership/applications/approve', { ids: [applied.json().id] });
    expect(approved.json().approved).toHaveLength(1);

    const rows = await t.db
      .select({ id: members.id, provinceCode: members.provinceCode, status: members.status })
      .from(members)
      .where(eq(members.idNumberHash, t.cipher.blindIndex(idNumber)))
      .orderBy(members.id);
    expect(rows).toEqual([
      { id: oldId, provinceCode: '44', status: 'exited' },
      { id: expect.any(Number), provinceCode: '11', status: 'active' },
    ]);
    const [registry] = await t.db
      .select()
      .from(memberPersons)
      .where(eq(memberPersons.idNumberHash, t.cipher.blindIndex(idNumber)));
    expect(registry).toMatchObject({ provinceCode: '11', memberId: rows[1]!.id });
    const mine = (await get(worker, '/api/v1/me/membership/data')).json();
    expect(mine.member.memberNumber).toMatch(/^110101/);
    const history = await t.db
      .select({ n: sql<number>`count(*)::int` })
      .from(members)
      .where(and(eq(members.id, oldId), isNull(members.userId)));
    expect(history[0]!.n).toBe(1);
  });

  it('answers the national federation’s statistics as the sum of its provinces, equal to a recount', async () => {
    const admin = await login(t.app, 'admin');
    const [nationwide, guangdong, beijing] = await Promise.all([onRoll(national), onRoll(admin), onRoll(bj)]);
    expect(beijing).toBeGreaterThan(0);
    expect(nationwide).toBe(guangdong + beijing);
    expect(await statsRepo.diffTalliesFromRecount(t.db)).toEqual([]);
  });
});
