import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, login, type Session, type TestApp } from '../../../test/helpers';
import { members } from '../membership/membership.tables';
import { congressSessions } from './democracy.tables';

// The demo congress at 南山电子 (seeded, being prepared): five delegates, three of whom can sign in.
let t: TestApp;
let sz: Session; // Shenzhen federation cadre: the session is in scope
let gz: Session; // Guangzhou federation cadre: out of scope
let auditor: Session;
let worker: Session;
let sun: Session;
let zheng: Session;
let rider: Session; // a member, not a delegate
let sessionId: number;

beforeAll(async () => {
  t = await createTestApp();
  const sessions = await Promise.all(
    ['sz.cadre', 'gz.cadre', 'auditor', 'worker', 'rep.sun', 'rep.zheng', 'rider'].map((u) => login(t.app, u)),
  );
  [sz, gz, auditor, worker, sun, zheng, rider] = sessions as [
    Session,
    Session,
    Session,
    Session,
    Session,
    Session,
    Session,
  ];
  const [session] = await t.db.select().from(congressSessions);
  sessionId = session!.id;
});
afterAll(() => t.close());

const call = (session: Session, method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE', url: string, payload?: unknown) =>
  t.app.inject({
    method,
    url: `/api/v1${url}`,
    headers: session.headers,
    ...(payload === undefined ? {} : { payload: payload as Record<string, unknown> }),
  });

describe('a congress session', () => {
  it('shows composition, attendance and quorum to cadres in scope', async () => {
    const response = await call(sz, 'GET', `/democracy/sessions/${sessionId}`);
    expect(response.statusCode).toBe(200);
    const session = response.json();
    expect(session.delegates).toBe(5);
    expect(session.checkedIn).toBe(0);
    expect(session.quorumRequired).toBe(4); // ⌈5 × 2/3⌉
    expect(session.quorumMet).toBe(false);
    expect(session.composition).toMatchObject({ total: 5, frontline: 3, managers: 1 });
    expect(
      session.constituencies.map((c: { name: string; seats: number; delegates: number }) => [
        c.name,
        c.delegates,
        c.seats,
      ]),
    ).toEqual([
      ['生产一线', 3, 4],
      ['管理和技术', 2, 2],
    ]);
    expect(session.checkInCode).toMatch(/^[\w-]{16}$/);
    // The auditor reads but does not manage: no venue code.
    const audited = await call(auditor, 'GET', `/democracy/sessions/${sessionId}`);
    expect(audited.json().checkInCode).toBeNull();
  });

  it('is refused, as missing, to a cadre outside the subtree, and the attempt is audited', async () => {
    expect((await call(gz, 'GET', `/democracy/sessions/${sessionId}`)).statusCode).toBe(404);
    expect((await call(gz, 'GET', '/democracy/sessions')).json().total).toBe(0);
    expect((await call(gz, 'PATCH', `/democracy/sessions/${sessionId}`, { status: 'open' })).statusCode).toBe(404);
    const rows = await t.db.execute(
      sql`SELECT 1 FROM audit_log WHERE action = 'access.out_of_scope' AND subject_type = 'congress_session'`,
    );
    expect(rows.rows.length).toBeGreaterThan(0);
    expect((await call(rider, 'GET', `/democracy/sessions/${sessionId}`)).statusCode).toBe(403);
  });

  it('warns when the composition misses a threshold', async () => {
    const patched = await call(sz, 'PATCH', `/democracy/sessions/${sessionId}`, {
      frontlineMinPercent: 70,
      managersMaxPercent: 10,
      womenMinPercent: 80,
    });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().composition.warnings).toEqual(['frontline', 'managers', 'women']);
    const restored = await call(sz, 'PATCH', `/democracy/sessions/${sessionId}`, {
      frontlineMinPercent: 50,
      managersMaxPercent: 20,
      womenMinPercent: null,
    });
    expect(restored.json().composition.warnings).toEqual([]);
  });

  it('records delegates only from active members of the union, once, within constituency seats', async () => {
    const detail = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    const taken = detail.delegateList[0].memberNumber;
    const again = await call(sz, 'POST', `/democracy/sessions/${sessionId}/delegates`, {
      memberNumber: taken,
      category: 'frontline',
    });
    expect(again.statusCode).toBe(409);
    const [retired] = await t.db
      .execute<{ member_number: string }>(sql`
      SELECT m.member_number FROM members m JOIN organisations o ON o.id = m.organisation_id
      WHERE o.name = '南山电子科技股份有限公司工会' AND m.status = 'retained' LIMIT 1`)
      .then((r) => r.rows);
    const notActive = await call(sz, 'POST', `/democracy/sessions/${sessionId}/delegates`, {
      memberNumber: retired!.member_number,
      category: 'other',
    });
    expect(notActive.statusCode).toBe(422);
    expect(notActive.json().errors[0].field).toBe('memberNumber');
    const [elsewhere] = await t.db.select().from(members).where(eq(members.status, 'active')).limit(1);
    const outside = await call(sz, 'POST', `/democracy/sessions/${sessionId}/delegates`, {
      memberNumber: elsewhere!.memberNumber,
      category: 'other',
    });
    expect(outside.statusCode).toBe(422);
    const full = detail.constituencies.find((c: { name: string }) => c.name === '管理和技术');
    const [spare] = await t.db
      .execute<{ member_number: string }>(sql`
      SELECT m.member_number FROM members m JOIN organisations o ON o.id = m.organisation_id
      WHERE o.name = '南山电子科技股份有限公司工会' AND m.status = 'active'
        AND m.id NOT IN (SELECT member_id FROM congress_delegates) LIMIT 1`)
      .then((r) => r.rows);
    const first = await call(sz, 'POST', `/democracy/sessions/${sessionId}/delegates`, {
      memberNumber: spare!.member_number,
      category: 'other',
      constituencyId: full.id,
    });
    expect(first.statusCode).toBe(409); // 管理和技术 has 2 seats, both taken
    expect(first.json().code).toBe('democracy.constituency_full');
  });
});

describe('check-in and quorum', () => {
  it('is refused before the session opens', async () => {
    const early = await call(worker, 'POST', `/democracy/sessions/${sessionId}/check-in`, {});
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('democracy.session_not_open');
    expect((await call(sz, 'PATCH', `/democracy/sessions/${sessionId}`, { status: 'open' })).statusCode).toBe(200);
    const back = await call(sz, 'PATCH', `/democracy/sessions/${sessionId}`, { status: 'preparing' });
    expect(back.json().code).toBe('democracy.session_started');
  });

  it('takes the venue QR code, refuses a wrong one, and counts a delegate once', async () => {
    const { checkInCode } = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    const wrong = await call(worker, 'POST', `/democracy/sessions/${sessionId}/check-in`, { code: 'not-the-code' });
    expect(wrong.statusCode).toBe(422);
    const first = await call(worker, 'POST', `/democracy/sessions/${sessionId}/check-in`, { code: checkInCode });
    expect(first.json().method).toBe('qr');
    const second = await call(worker, 'POST', `/democracy/sessions/${sessionId}/check-in`, {});
    expect(second.json()).toEqual(first.json()); // the time of arrival stays
    const outsider = await call(rider, 'POST', `/democracy/sessions/${sessionId}/check-in`, { code: checkInCode });
    expect(outsider.statusCode).toBe(403);
  });

  it('takes online check-in only where the session allows it', async () => {
    await call(sz, 'PATCH', `/democracy/sessions/${sessionId}`, { onlineCheckIn: false });
    const refused = await call(sun, 'POST', `/democracy/sessions/${sessionId}/check-in`, {});
    expect(refused.json().code).toBe('democracy.online_check_in_off');
    await call(sz, 'PATCH', `/democracy/sessions/${sessionId}`, { onlineCheckIn: true });
    expect((await call(sun, 'POST', `/democracy/sessions/${sessionId}/check-in`, {})).json().method).toBe('online');
  });

  it('a rotated code invalidates the printed one', async () => {
    const before = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json().checkInCode;
    const after = (await call(sz, 'POST', `/democracy/sessions/${sessionId}/check-in-code`)).json().checkInCode;
    expect(after).not.toBe(before);
    expect((await call(zheng, 'POST', `/democracy/sessions/${sessionId}/check-in`, { code: before })).statusCode).toBe(
      422,
    );
  });

  it('meets the quorum at ⌈2/3⌉ of all delegates, not before', async () => {
    expect((await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json()).toMatchObject({
      checkedIn: 2,
      quorumMet: false,
    });
    expect((await call(zheng, 'POST', `/democracy/sessions/${sessionId}/check-in`, {})).statusCode).toBe(200);
    const detail = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    expect(detail).toMatchObject({ checkedIn: 3, quorumMet: false });
    const desk = detail.delegateList.find((d: { checkedInAt: string | null }) => d.checkedInAt === null);
    const checked = await call(sz, 'POST', `/democracy/sessions/${sessionId}/delegates/${desk.id}/check-in`);
    expect(checked.json().method).toBe('desk');
    expect((await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json()).toMatchObject({
      checkedIn: 4,
      quorumMet: true,
    });
    const screen = (await call(sz, 'GET', `/democracy/sessions/${sessionId}/screen`)).json();
    expect(screen).toMatchObject({ checkedIn: 4, delegates: 5, quorumMet: true });
  });
});

describe('agenda and documents', () => {
  it('attaches a document by its content type, refuses a disguised one, and audits downloads', async () => {
    const detail = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    const item = detail.agenda[0];
    const upload = (name: string, content: Buffer) => {
      const boundary = `----gonghui${randomUUID()}`;
      const body = Buffer.concat([
        Buffer.from(
          `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${name}"\r\nContent-Type: application/octet-stream\r\n\r\n`,
        ),
        content,
        Buffer.from(`\r\n--${boundary}--\r\n`),
      ]);
      return t.app.inject({
        method: 'POST',
        url: `/api/v1/democracy/sessions/${sessionId}/agenda/${item.id}/documents`,
        headers: { ...sz.headers, 'content-type': `multipart/form-data; boundary=${boundary}` },
        payload: body,
      });
    };
    const disguised = await upload('方案.pdf', Buffer.from('#!/bin/sh\necho not a pdf\n'));
    expect(disguised.statusCode).toBe(415);
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet('x').addRow(['a']);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    expect((await upload('表.xlsx', xlsx)).statusCode).toBe(415); // zip, but not one of ours
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    const stored = await upload('工资集体协商方案.pdf', pdf);
    expect(stored.statusCode).toBe(200);
    const document = stored.json()[0].documents[0];
    expect(document).toMatchObject({ mediaType: 'application/pdf', size: pdf.length });
    const download = await call(worker, 'GET', `/democracy/sessions/${sessionId}/documents/${document.id}`);
    expect(download.statusCode).toBe(200);
    expect(download.rawPayload.equals(pdf)).toBe(true);
    expect((await call(rider, 'GET', `/democracy/sessions/${sessionId}/documents/${document.id}`)).statusCode).toBe(
      404,
    );
    const audited = await t.db.execute(sql`SELECT 1 FROM audit_log WHERE action = 'congress.document_download'`);
    expect(audited.rows).toHaveLength(1);
  });

  it('marks one current item for the hall screen', async () => {
    const detail = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    await call(sz, 'POST', `/democracy/sessions/${sessionId}/agenda/${detail.agenda[1].id}/current`);
    const items = (
      await call(sz, 'POST', `/democracy/sessions/${sessionId}/agenda/${detail.agenda[0].id}/current`)
    ).json();
    expect(items.map((i: { isCurrent: boolean }) => i.isCurrent)).toEqual([true, false, false]);
    expect((await call(sz, 'GET', `/democracy/sessions/${sessionId}/screen`)).json().currentItem).toBe(
      detail.agenda[0].title,
    );
  });

  it('refuses an agenda item of another session, changing neither session', async () => {
    const detail = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    const other = await call(sz, 'POST', '/democracy/sessions', {
      organisationId: detail.organisationId,
      term: 9,
      meeting: 1,
      title: '第九届职工代表大会第一次会议',
      meetingDate: '2027-03-01',
    });
    expect(other.statusCode).toBe(201);
    const before = detail.agenda.map((i: { isCurrent: boolean }) => i.isCurrent);
    const url = `/democracy/sessions/${other.json().id}/agenda/${detail.agenda[1].id}/current`;
    expect((await call(sz, 'POST', url)).statusCode).toBe(404);
    const after = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    expect(after.agenda.map((i: { isCurrent: boolean }) => i.isCurrent)).toEqual(before);
  });
});

describe('a motion and an election on the day', () => {
  const clientKey = () => randomUUID();
  let motionId: number;

  it('runs a motion: freeze (hashed roll), open, cast, results hidden until close, then published', async () => {
    const created = await call(sz, 'POST', '/democracy/votes', {
      sessionId,
      kind: 'motion',
      title: '审议《2027年度工资集体协商方案（草案）》',
      electorate: 'congress',
      ballotMode: 'plain',
    });
    expect(created.statusCode).toBe(201);
    motionId = created.json().id;
    const frozen = (await call(sz, 'POST', `/democracy/votes/${motionId}/freeze`)).json();
    expect(frozen.electorateCount).toBe(5);
    expect(frozen.electorateHash).toMatch(/^[0-9a-f]{64}$/);
    expect(
      (await call(worker, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [1], clientKey: clientKey() }))
        .statusCode,
    ).toBe(409);
    await call(sz, 'POST', `/democracy/votes/${motionId}/open`);
    // Everyone on the roll with an account is told in their message centre.
    const told = (await call(worker, 'GET', '/messages?category=vote')).json();
    expect(told.items).toContainEqual(
      expect.objectContaining({
        kind: 'vote.opened',
        params: { title: '审议《2027年度工资集体协商方案（草案）》' },
        link: `/app/votes/${motionId}`,
      }),
    );
    const mine = (await call(worker, 'GET', '/democracy/my/votes')).json();
    expect(mine.items[0].voters).toEqual([expect.objectContaining({ via: 'self', voted: false })]);
    const key = clientKey();
    const cast = await call(worker, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [1], clientKey: key });
    expect(cast.statusCode).toBe(200);
    const { receipt } = cast.json();
    expect(receipt).toMatch(/^[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}$/);
    // A retry of the same ballot form gets the same receipt and adds nothing; a different ballot is refused.
    const retry = await call(worker, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [1], clientKey: key });
    expect(retry.json()).toEqual({ receipt });
    const second = await call(worker, 'POST', `/democracy/votes/${motionId}/cast`, {
      choices: [2],
      clientKey: clientKey(),
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().code).toBe('democracy.already_voted');
    expect(
      (await call(rider, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [1], clientKey: clientKey() }))
        .statusCode,
    ).toBe(403);
    const bad = await call(sun, 'POST', `/democracy/votes/${motionId}/cast`, {
      choices: [1, 2],
      clientKey: clientKey(),
    });
    expect(bad.json().code).toBe('democracy.invalid_choices');
    expect(
      (await call(sun, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [4], clientKey: clientKey() }))
        .statusCode,
    ).toBe(422);
    await call(sun, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [1], clientKey: clientKey() });
    // Results stay hidden while open, to everyone, the managing cadre included; turnout is shown.
    for (const session of [sz, worker]) {
      expect((await call(session, 'GET', `/democracy/votes/${motionId}/result`)).json().code).toBe(
        'democracy.results_hidden',
      );
      expect((await call(session, 'GET', `/democracy/votes/${motionId}/ballots`)).statusCode).toBe(409);
    }
    expect((await call(sz, 'GET', `/democracy/votes/${motionId}`)).json().votedCount).toBe(2);
    const screen = (await call(sz, 'GET', `/democracy/sessions/${sessionId}/screen`)).json();
    expect(screen.votes[0]).toMatchObject({ votedCount: 2, result: null });
    await call(zheng, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [3], clientKey: clientKey() });
    const closed = await call(sz, 'POST', `/democracy/votes/${motionId}/close`);
    expect(closed.json().status).toBe('closed');
    const result = (await call(worker, 'GET', `/democracy/votes/${motionId}/result`)).json();
    // 4 of 5 delegates present meets the quorum; 2 for is not more than half of all 5 delegates.
    expect(result).toMatchObject({
      ballots: 3,
      electorateCount: 5,
      quorumMet: true,
      quorumParticipating: 4,
      passed: false,
    });
    expect(result.options.map((o: { votes: number }) => o.votes)).toEqual([2, 0, 1]);
    const published = (await call(worker, 'GET', `/democracy/votes/${motionId}/ballots`)).json();
    expect(published.total).toBe(3);
    const found = (await call(worker, 'GET', `/democracy/votes/${motionId}/ballots?receipt=${receipt}`)).json();
    expect(found.items).toEqual([{ receipt, choices: [1], weight: 1 }]);
    expect(
      (await call(sz, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [1], clientKey: clientKey() }))
        .statusCode,
    ).toBe(403);
    expect(
      (await call(sun, 'POST', `/democracy/votes/${motionId}/cast`, { choices: [1], clientKey: clientKey() }))
        .statusCode,
    ).toBe(409);
    expect((await call(gz, 'GET', `/democracy/votes/${motionId}/result`)).statusCode).toBe(404);
  });

  it('refuses a competitive election whose slate is too small', async () => {
    const refused = await call(sz, 'POST', '/democracy/votes', {
      sessionId,
      kind: 'election',
      title: '选举劳动法律监督委员会委员',
      electorate: 'congress',
      ballotMode: 'plain',
      seats: 2,
      candidates: [{ name: '孙伟' }, { name: '郑洁' }],
    });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().errors[0]).toMatchObject({ field: 'candidates' });
    expect(refused.json().errors[0].message).toContain('3');
  });

  it('runs an election with a proxy marked in the roll only', async () => {
    const detail = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    const created = await call(sz, 'POST', '/democracy/votes', {
      sessionId,
      kind: 'election',
      title: '选举劳动法律监督委员会主任',
      electorate: 'congress',
      ballotMode: 'plain',
      seats: 1,
      candidates: [
        {
          name: '孙伟',
          memberNumber: detail.delegateList.find((d: { name: string }) => d.name === '孙伟').memberNumber,
        },
        { name: '郑洁' },
      ],
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id;
    await call(sz, 'POST', `/democracy/votes/${id}/freeze`);
    const roll = (await call(sz, 'GET', `/democracy/votes/${id}/roll`)).json();
    const absent = roll.items.find((r: { name: string }) => !['吴芳', '孙伟', '郑洁'].includes(r.name));
    const sunNumber = roll.items.find((r: { name: string }) => r.name === '孙伟').memberNumber;
    const hashBefore = (await call(sz, 'GET', `/democracy/votes/${id}`)).json().electorateHash;
    const noReason = await call(sz, 'PUT', `/democracy/votes/${id}/roll/${absent.memberId}`, {
      proxyMemberNumber: sunNumber,
    });
    expect(noReason.statusCode).toBe(422);
    const proxied = await call(sz, 'PUT', `/democracy/votes/${id}/roll/${absent.memberId}`, {
      proxyMemberNumber: sunNumber,
      proxyReason: '出差，书面委托',
      weight: 2,
    });
    expect(proxied.statusCode).toBe(200);
    expect(proxied.json().electorateHash).not.toBe(hashBefore);
    expect(proxied.json().electorateWeight).toBe(6);
    await call(sz, 'POST', `/democracy/votes/${id}/open`);
    expect((await call(sz, 'PUT', `/democracy/votes/${id}/roll/${absent.memberId}`, { weight: 1 })).statusCode).toBe(
      409,
    );
    const paper = (await call(sun, 'GET', `/democracy/my/votes/${id}`)).json();
    expect(paper.voters.map((v: { via: string }) => v.via).sort()).toEqual(['proxy', 'self']);
    await call(sun, 'POST', `/democracy/votes/${id}/cast`, { choices: [1], clientKey: clientKey() });
    const asProxy = await call(sun, 'POST', `/democracy/votes/${id}/cast`, {
      choices: [1],
      clientKey: clientKey(),
      onBehalfOf: absent.memberId,
    });
    expect(asProxy.statusCode).toBe(200);
    // The principal cannot vote themself, and nobody else can cast for them.
    expect(
      (
        await call(worker, 'POST', `/democracy/votes/${id}/cast`, {
          choices: [1],
          clientKey: clientKey(),
          onBehalfOf: absent.memberId,
        })
      ).statusCode,
    ).toBe(403);
    await call(worker, 'POST', `/democracy/votes/${id}/cast`, { choices: [2], clientKey: clientKey() });
    await call(zheng, 'POST', `/democracy/votes/${id}/cast`, { choices: [], clientKey: clientKey() });
    const rollAfter = (await call(sz, 'GET', `/democracy/votes/${id}/roll`)).json();
    expect(rollAfter.items.find((r: { memberId: number }) => r.memberId === absent.memberId)).toMatchObject({
      voted: true,
      votedVia: 'proxy',
      proxyName: '孙伟',
    });
    await call(sz, 'POST', `/democracy/votes/${id}/close`);
    const result = (await call(sz, 'GET', `/democracy/votes/${id}/result`)).json();
    // weights: 孙伟 1 + proxy 2 = 3 for 孙伟; 1 for 郑洁; 1 blank; electorate weight 6 → 3 × 2 > 6 fails.
    expect(result).toMatchObject({ ballots: 4, castWeight: 5, abstainWeight: 1, quorumMet: true, elected: 0 });
    expect(result.options).toEqual([
      { position: 1, label: '孙伟', votes: 3, outcome: 'not_elected' },
      { position: 2, label: '郑洁', votes: 1, outcome: 'not_elected' },
    ]);
    const ballots = (await call(zheng, 'GET', `/democracy/votes/${id}/ballots`)).json();
    expect(ballots.items.filter((b: { weight: number }) => b.weight === 2)).toHaveLength(1);
    const audit = await t.db.execute<{ changes: unknown }>(
      sql`SELECT changes FROM audit_log WHERE action = 'vote.roll_change'`,
    );
    expect(JSON.stringify(audit.rows)).toContain('出差，书面委托');
  });

  it('writes the minutes with attendance, results and proposals', async () => {
    const response = await call(sz, 'GET', `/democracy/sessions/${sessionId}/minutes.docx`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('wordprocessingml');
    const JSZip = (await import('jszip')).default;
    const zip = await JSZip.loadAsync(response.rawPayload);
    const xml = await zip.file('word/document.xml')!.async('string');
    const text = xml.replace(/<[^>]+>/g, '');
    expect(text).toContain('南山电子科技股份有限公司第三届职工代表大会第二次会议');
    expect(text).toContain('应到代表5人，实到4人');
    expect(text).toContain('到会代表人数符合规定');
    expect(text).toContain('表决结果：未通过');
    expect(text).toContain('应选1人，当选0人');
    const english = await t.app.inject({
      method: 'GET',
      url: `/api/v1/democracy/sessions/${sessionId}/minutes.docx`,
      headers: { ...sz.headers, 'accept-language': 'en' },
    });
    const englishXml = await (await JSZip.loadAsync(english.rawPayload)).file('word/document.xml')!.async('string');
    expect(englishXml.replace(/<[^>]+>/g, '')).toContain('5 delegates, 4 present');
  });
});

describe('proposals', () => {
  it('go from draft through co-signing, review, assignment and reply to the proposer’s rating', async () => {
    const draft = await call(worker, 'POST', `/democracy/sessions/${sessionId}/proposals`, {
      title: '关于增设夜班职工休息室的提案',
      body: '生产部夜班职工约300人，现有休息室不足，建议在二号厂房增设休息室并配备空调。',
    });
    expect(draft.statusCode).toBe(201);
    const id = draft.json().id;
    expect(
      (await call(rider, 'POST', `/democracy/sessions/${sessionId}/proposals`, { title: '无权', body: '不是代表' }))
        .statusCode,
    ).toBe(404);
    // A draft is seen by its proposer and invitees only.
    expect((await call(zheng, 'GET', `/democracy/proposals/${id}`)).statusCode).toBe(404);
    const listed = async (session: Session) =>
      (await call(session, 'GET', `/democracy/proposals?sessionId=${sessionId}`))
        .json()
        .items.map((p: { id: number }) => p.id);
    expect(await listed(zheng)).not.toContain(id);
    const detail = (await call(sz, 'GET', `/democracy/sessions/${sessionId}`)).json();
    const idOf = (name: string) => detail.delegateList.find((d: { name: string }) => d.name === name).id;
    await call(worker, 'POST', `/democracy/proposals/${id}/cosigners`, { delegateIds: [idOf('孙伟'), idOf('郑洁')] });
    expect(await listed(zheng)).toContain(id); // an invitee finds the draft in their list
    expect(
      (await call(sun, 'POST', `/democracy/proposals/${id}/cosigners`, { delegateIds: [idOf('郑洁')] })).json().code,
    ).toBe('democracy.not_proposer');
    await call(sun, 'POST', `/democracy/proposals/${id}/cosign`, { accept: true });
    const early = await call(worker, 'POST', `/democracy/proposals/${id}/submit`);
    expect(early.statusCode).toBe(409);
    expect(early.json().code).toBe('democracy.cosigners_needed');
    await call(zheng, 'POST', `/democracy/proposals/${id}/cosign`, { accept: true });
    const submitted = (await call(worker, 'POST', `/democracy/proposals/${id}/submit`)).json();
    expect(submitted.status).toBe('submitted');
    expect(submitted.cosigners.map((c: { status: string }) => c.status)).toEqual(['signed', 'signed']);
    expect((await call(worker, 'POST', `/democracy/proposals/${id}/review`, { decision: 'accept' })).statusCode).toBe(
      403,
    );
    expect((await call(gz, 'POST', `/democracy/proposals/${id}/review`, { decision: 'accept' })).statusCode).toBe(404);
    const accepted = (
      await call(sz, 'POST', `/democracy/proposals/${id}/review`, { decision: 'accept', note: '符合立案条件' })
    ).json();
    expect(accepted).toMatchObject({ status: 'accepted', number: '3-2-001' });
    await call(sz, 'POST', `/democracy/proposals/${id}/assign`, { department: '行政部' });
    expect(
      (await call(worker, 'POST', `/democracy/proposals/${id}/satisfaction`, { satisfaction: 'satisfied' })).statusCode,
    ).toBe(409);
    await call(sz, 'POST', `/democracy/proposals/${id}/reply`, { reply: '已在二号厂房三楼增设休息室，12月投入使用。' });
    // Every delegate follows it; the archive is searchable.
    const followed = (await call(zheng, 'GET', '/democracy/proposals?q=休息室')).json();
    expect(followed.items[0]).toMatchObject({ id, status: 'replied', department: '行政部' });
    const rated = (
      await call(worker, 'POST', `/democracy/proposals/${id}/satisfaction`, { satisfaction: 'satisfied' })
    ).json();
    expect(rated).toMatchObject({ status: 'closed', satisfaction: 'satisfied' });
    expect((await call(sz, 'GET', '/democracy/proposals?status=closed')).json().total).toBe(1);
    expect((await call(gz, 'GET', '/democracy/proposals')).json().total).toBe(0);
    expect((await call(rider, 'GET', '/democracy/proposals')).statusCode).toBe(403);
  });

  it('an opinion is not numbered', async () => {
    const { id } = (
      await call(sun, 'POST', `/democracy/sessions/${sessionId}/proposals`, {
        title: '关于食堂菜品的建议',
        body: '希望增加清淡菜品。',
      })
    ).json();
    await call(sz, 'PATCH', `/democracy/sessions/${sessionId}`, { minCosigners: 0 });
    await call(sun, 'POST', `/democracy/proposals/${id}/submit`);
    const converted = (await call(sz, 'POST', `/democracy/proposals/${id}/review`, { decision: 'opinion' })).json();
    expect(converted).toMatchObject({ status: 'opinion', number: null });
  });
});

describe('affairs disclosure', () => {
  it('reaches the members of the subtree, keeps read receipts and answers questions publicly', async () => {
    const notices = (await call(worker, 'GET', '/democracy/my/notices')).json();
    expect(notices.items).toHaveLength(1);
    const id = notices.items[0].id;
    expect(notices.items[0]).toMatchObject({ read: false, audience: null });
    expect((await call(rider, 'GET', '/democracy/my/notices')).json().items).toHaveLength(0);
    expect((await call(rider, 'POST', `/democracy/my/notices/${id}/read`)).statusCode).toBe(404);
    await call(worker, 'POST', `/democracy/my/notices/${id}/read`);
    await call(worker, 'POST', `/democracy/my/notices/${id}/read`);
    const asked = (
      await call(sun, 'POST', `/democracy/my/notices/${id}/questions`, { question: '体检费用是否包含家属？' })
    ).json();
    expect(asked.questions).toEqual([expect.objectContaining({ mine: true, answer: null })]);
    // Unanswered questions are the asker's alone.
    expect((await call(worker, 'GET', '/democracy/my/notices')).json().items[0].questions).toEqual([]);
    const cadreView = (await call(sz, 'GET', '/democracy/notices')).json().items[0];
    expect(cadreView.reads).toBe(1);
    expect(cadreView.audience).toBeGreaterThan(30);
    const answered = await call(sz, 'POST', `/democracy/notices/${id}/questions/${cadreView.questions[0].id}/answer`, {
      answer: '不包含，家属可自愿按团检价参加。',
    });
    expect(answered.statusCode).toBe(200);
    const seen = (await call(worker, 'GET', '/democracy/my/notices')).json().items[0].questions;
    expect(seen).toEqual([expect.objectContaining({ answer: '不包含，家属可自愿按团检价参加。', mine: false })]);
    expect(JSON.stringify(seen)).not.toContain('孙伟');
    expect(
      (
        await call(gz, 'POST', `/democracy/notices/${id}/questions/${cadreView.questions[0].id}/answer`, {
          answer: '越权',
        })
      ).statusCode,
    ).toBe(404);
    const published = await call(sz, 'POST', '/democracy/notices', {
      organisationId: cadreView.organisationId,
      title: '关于2027年春节放假安排的通知',
      body: '2月14日至2月22日放假，共9天。',
    });
    expect(published.statusCode).toBe(201);
    expect((await call(worker, 'GET', '/democracy/my/notices')).json().items).toHaveLength(2);
  });
});
