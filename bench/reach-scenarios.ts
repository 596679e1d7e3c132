/**
 * Notices at the scale's size: publishing one to the whole province (one row and its audience rule,
 * however many members), the job's count of its audience per organisation, a member's inbox with
 * the notices of every level above them mixed with their messages, and the read rate by
 * sub-organisation of a city notice with a read receipt from each of the city's members (1,000,000
 * at city scale).
 */
import { sql } from 'drizzle-orm';
import { countLive } from '../server/src/modules/reach/notices.service';
import { membersWithSessions, signedIn } from './bench-people';
import type { MembershipBench } from './membership-scenarios';

type ReachBench = Pick<MembershipBench, 'record' | 'db' | 'address' | 'percentile' | 'timeEach'> & {
  password: string;
};

const READERS = 100;
const OTHER_NOTICES = 2000;

export async function benchReach(b: ReachBench) {
  const one = async <T>(query: ReturnType<typeof sql>) => (await b.db.execute(query)).rows[0] as T;
  const admin = await signedIn(b.address, 'bench.admin', b.password);
  const send = admin.send;
  const root = await one<{ id: string; path: string }>(
    sql`SELECT id, path::text AS path FROM organisations WHERE parent_id IS NULL ORDER BY id LIMIT 1`,
  );
  const city = await one<{ id: string; members: string }>(sql`
    SELECT o.id, count(*) AS members FROM organisations o JOIN members m ON m.organisation_path <@ o.path
    WHERE o.parent_id = ${root.id} GROUP BY o.id ORDER BY count(*) DESC LIMIT 1`);
  const members = Number((await one<{ n: string }>(sql`SELECT count(*) AS n FROM members WHERE status = 'active'`)).n);

  // Notices at every level: the tree's organisations drawn at random, a third of them news.
  await b.db.execute(sql`
    INSERT INTO notices (province_code, organisation_id, kind, title, body, audience_org_ids, status, publish_at, counted_at)
    SELECT left(o.region_code, 2), o.id, CASE WHEN i % 3 = 0 THEN 'news' ELSE 'notice' END, '基准通知 ' || i, '<p>正文</p>',
      ARRAY[o.id], 'published', now() - make_interval(mins => i), now()
    FROM generate_series(1, ${OTHER_NOTICES}::int) i
    JOIN LATERAL (SELECT id, region_code FROM organisations ORDER BY hashint4(i + id::int) LIMIT 1) o ON true`);

  // Publishing to the whole province through the API: one row and its rule, whatever its size.
  const published: number[] = [];
  const publish = await b.timeEach(20, async (i) => {
    const notice = await send('POST', '/notices', {
      organisationId: Number(root.id),
      title: `全省基准通知 ${i}`,
      body: '<p>各级工会：请认真组织学习。</p>',
      audience: { organisationIds: [Number(root.id)] },
      publish: true,
    });
    published.push(notice.id);
  });
  const publishP95 = b.percentile(publish, 95);
  b.record(`publish a notice to the whole province (${members.toLocaleString('en')} members) p95`, publishP95, 'ms', {
    target: '< 100 (one row, never a row per member)',
    pass: publishP95 < 100,
  });
  // The job counts whom a notice can reach: members with an account (here the few the bench made).
  const reachable = Number(
    (await one<{ n: string }>(sql`SELECT count(*) AS n FROM members WHERE user_id IS NOT NULL`)).n,
  );
  const started = performance.now();
  await countLive({ db: b.db });
  b.record(
    `the job counts those 20 audiences per organisation (the ${reachable.toLocaleString('en')} members with an account)`,
    (performance.now() - started) / 1000 / 20,
    's each',
  );
  const perMember = await one<{ n: string }>(sql`SELECT count(*) AS n FROM notice_reads`);
  if (Number(perMember.n) !== 0) throw new Error('publishing wrote receipts');

  const cookies = await membersWithSessions(b.db, 'bench.reader', READERS, 0);
  await b.db.execute(sql`ANALYZE notices`);
  const get = async (cookie: string, url: string) => {
    const response = await fetch(`${b.address}/api/v1${url}`, { headers: { cookie } });
    if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
    return response.json() as Promise<{ items: unknown[]; unread?: number }>;
  };
  const inbox = await b.timeEach(400, async (i) => {
    const page = await get(`gh_session=${cookies[i % cookies.length]}`, '/messages?pageSize=20');
    if (page.items.length === 0) throw new Error('an inbox without the province’s notices');
  });
  const inboxP95 = b.percentile(inbox, 95);
  b.record(
    `member inbox: messages and the notices addressed to them (of ${OTHER_NOTICES + 20} notices) p95`,
    inboxP95,
    'ms',
    { target: '< 20', pass: inboxP95 < 20 },
  );

  // A city notice read by every member of the city: a receipt each, summed per organisation as
  // the first reads add them up (here in bulk). The audience counts every member, as if each had
  // an account.
  const cityNotice = await send('POST', '/notices', {
    organisationId: Number(city.id),
    title: '全市基准通知',
    body: '<p>请阅读。</p>',
    audience: { organisationIds: [Number(city.id)] },
    publish: true,
  });
  const receipts = Math.min(1_000_000, Number(city.members));
  await b.db.execute(sql`
    INSERT INTO notice_reads (user_id, notice_id, organisation_id)
    SELECT md5(m.id::text)::uuid, ${cityNotice.id}::int8, m.organisation_id
    FROM members m JOIN organisations c ON c.id = ${city.id}
    WHERE m.organisation_path <@ c.path ORDER BY m.id LIMIT ${receipts}`);
  await b.db.execute(sql`
    INSERT INTO notice_audience (notice_id, organisation_id, members, reads)
    SELECT ${cityNotice.id}::int8, m.organisation_id, count(*), count(r.user_id)
    FROM members m JOIN organisations c ON c.id = ${city.id}
    LEFT JOIN notice_reads r ON r.notice_id = ${cityNotice.id} AND r.user_id = md5(m.id::text)::uuid
    WHERE m.organisation_path <@ c.path GROUP BY m.organisation_id`);
  await b.db.execute(sql`UPDATE notices SET counted_at = now() WHERE id = ${cityNotice.id}`);
  await b.db.execute(sql`ANALYZE notice_reads, notice_audience`);
  const rates = await b.timeEach(200, async () => {
    const rate = (await get(admin.cookie, `/notices/${cityNotice.id}/read-rate`)) as unknown as { reads: number };
    if (rate.reads !== receipts) throw new Error(`read rate counted ${rate.reads} of ${receipts}`);
  });
  const rateP95 = b.percentile(rates, 95);
  b.record(
    `read rate by sub-organisation of a city notice (${receipts.toLocaleString('en')} receipts) p95`,
    rateP95,
    'ms',
    {
      target: '< 50',
      pass: rateP95 < 50,
    },
  );
}
