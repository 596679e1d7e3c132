import { describe, expect, it } from 'vitest';
import { createEmptyDb, migrateBefore } from '../../../test/helpers';
import { connect } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';
import { retally, type TallyRow, talliesOf } from './surveys.repository';

// Migration 0027 counts the answers already written into the survey tallies results now sum: the
// same counts `retally` (and each new answer) makes, for every kind of question. The reach counts
// per organisation keep its path from then on, and follow it when it moves.
describe('migration 0027: survey tallies', () => {
  it('counts every answer already written, as new answers are counted', async () => {
    const empty = await createEmptyDb();
    const { db, pool } = connect(empty.url);
    try {
      await migrateBefore(db, '0027_survey_tallies');
      const definition = {
        sections: [
          {
            id: 'all',
            questions: [
              { id: 's', type: 'single', title: 's', options: [{ value: 'x', label: 'X' }] },
              { id: 'm', type: 'multiple', title: 'm', options: [{ value: 'x', label: 'X' }] },
              {
                id: 'g',
                type: 'matrix',
                title: 'g',
                options: [{ value: 'x', label: 'X' }],
                rows: [{ value: 'r', label: 'r' }],
              },
              { id: 'k', type: 'scale', title: 'k', min: 1, max: 5 },
              { id: 'n', type: 'number', title: 'n' },
              { id: 't', type: 'text', title: 't' },
              { id: 'p', type: 'region', title: 'p' },
            ],
          },
        ],
      };
      await pool.query(`INSERT INTO organisations (id, path, name, type, level, region_code) VALUES
        (1, '1', '广东省总工会', 'federation', 'provincial', '440000'),
        (2, '1.2', '深圳湾软件有限公司工会', 'grassroots', 'grassroots', '440305')`);
      await pool.query(
        `INSERT INTO surveys (id, province_code, organisation_id, title, definition, audience_org_ids, status, opens_at)
         VALUES (5, '44', 1, '职工需求调查', $1, '{1}', 'open', now()), (6, '44', 1, '空问卷', $1, '{1}', 'open', now())`,
        [JSON.stringify(definition)],
      );
      const answers = [
        { s: 'x', m: ['x'], g: { r: 'x' }, k: 4, n: 1.5, t: '加班太多', p: '440305' },
        { s: 'x', m: [], k: 2, n: 0.25 },
        { t: '无' },
      ];
      for (const [i, a] of answers.entries())
        await pool.query(
          `INSERT INTO survey_responses (survey_id, response_key, organisation_id, industry, day, mode, answers)
           VALUES (5, $1, $2, $3, '2026-12-01', 'online', $4)`,
          [`key${i}`, i === 0 ? 1 : 2, i === 2 ? null : 'I', JSON.stringify(a)],
        );

      // A notice's and the survey's counts per organisation, from before they kept the path.
      await pool.query(`INSERT INTO notices (id, province_code, organisation_id, kind, title, body, audience_org_ids, status, publish_at)
        VALUES (9, '44', 1, 'notice', '通知', '<p>正文</p>', '{1}', 'published', now())`);
      await pool.query(`INSERT INTO notice_audience (notice_id, organisation_id, members, reads) VALUES (9, 2, 10, 4)`);
      await pool.query(
        `INSERT INTO survey_audience (survey_id, organisation_id, members, answers) VALUES (5, 2, 10, 2)`,
      );

      await migrateDatabase(db, pool);
      const pathsOf = async () =>
        (
          await pool.query<{ t: string; path: string }>(`
            SELECT 'notice' AS t, organisation_path::text AS path FROM notice_audience
            UNION ALL SELECT 'survey', organisation_path::text FROM survey_audience
            UNION ALL SELECT DISTINCT 'tally', organisation_path::text FROM survey_tallies WHERE organisation_id = 2`)
        ).rows.map((r) => `${r.t} ${r.path}`);
      expect(await pathsOf()).toEqual(['notice 1.2', 'survey 1.2', 'tally 1.2']);
      const migrated = await talliesOf(db, 5);
      const key = (r: TallyRow) => `${r.question}|${r.organisationId}|${r.industry}|${r.value}`;
      expect(Object.fromEntries(migrated.map((r) => [key(r), [r.n, r.s]]))).toEqual({
        '|1|I|': [1, null],
        '|2||': [1, null],
        '|2|I|': [1, null],
        'g|1|I|': [1, null],
        'g|1|I|r:x': [1, null],
        'k|1|I|': [1, 4],
        'k|1|I|4': [1, null],
        'k|2|I|': [1, 2],
        'k|2|I|2': [1, null],
        'm|1|I|': [1, null],
        'm|1|I|x': [1, null],
        'm|2|I|': [1, null],
        'n|1|I|': [1, 1.5],
        'n|2|I|': [1, 0.25],
        'p|1|I|': [1, null],
        'p|1|I|440305': [1, null],
        's|1|I|': [1, null],
        's|1|I|x': [1, null],
        's|2|I|': [1, null],
        's|2|I|x': [1, null],
        't|1|I|': [1, null],
        't|2||': [1, null],
      });
      // The same as counting again now (what each new answer adds), and nothing for a survey unanswered.
      await db.transaction(async (tx) => {
        await retally(tx, 5);
        expect(await talliesOf(tx, 5)).toEqual(migrated);
      });
      expect(await talliesOf(db, 6)).toEqual([]);
      // Moving the union moves the path its counts are summed by (read rates, fills, results).
      await pool.query(`INSERT INTO organisations (id, path, name, type, level, region_code)
        VALUES (3, '1.3', '深圳市总工会', 'federation', 'city', '440300')`);
      await pool.query(`UPDATE organisations SET parent_id = 3, path = '1.3.2' WHERE id = 2`);
      expect(await pathsOf()).toEqual(['notice 1.3.2', 'survey 1.3.2', 'tally 1.3.2']);
      // New counts take the path as they go in.
      await pool.query(`INSERT INTO notice_audience (notice_id, organisation_id, members) VALUES (9, 3, 1)`);
      const added = await pool.query(
        `SELECT organisation_path::text AS path FROM notice_audience WHERE organisation_id = 3`,
      );
      expect(added.rows).toEqual([{ path: '1.3' }]);
    } finally {
      await pool.end();
      await empty.drop();
    }
  });
});
