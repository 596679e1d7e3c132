import { describe, expect, it } from 'vitest';
import { createEmptyDb, migrateBefore } from '../../../test/helpers';
import { connect } from '../../db/client';
import { migrateDatabase } from '../../db/migrate';

// Migration 0024 moves rights' notices into the message centre: each one a message about its case,
// read or unread as it was, leading where its reader opens the case.
describe('migration 0024: rights notices become messages', () => {
  it('carries every notice over, with its reader, time, read state and link, then drops the old table', async () => {
    const empty = await createEmptyDb();
    const { db, pool } = connect(empty.url);
    try {
      await migrateBefore(db, '0024_rights_messages');
      const client = await pool.connect();
      try {
        await client.query(`INSERT INTO organisations (id, path, name, type, level, region_code)
          VALUES (1, '1', '广东省总工会', 'federation', 'provincial', '440000')`);
        const users = await client.query<{ id: string }>(`INSERT INTO users (username, display_name, kind)
          VALUES ('reporter', '报告人', 'member'), ('handler', '承办人', 'cadre') RETURNING id`);
        const [reporter, handler] = users.rows.map((row) => row.id);
        // The case and its notices alone: the path and tally triggers are off.
        await client.query(`SET session_replication_role = replica`);
        await client.query(
          `INSERT INTO rights_cases (id, province_code, kind, category, deadline_class, title, description,
             reporter_user_id, received_organisation_id, organisation_id, handler_user_id, accepted_on, due_on, warn_on)
           VALUES (7, '44', 'ticket', 'wages', 'general', '拖欠工资', '三个月', $1, 1, 1, $2, '2026-01-01', '2026-01-10', '2026-01-09')`,
          [reporter, handler],
        );
        await client.query(
          `INSERT INTO rights_notifications (province_code, case_id, user_id, kind, created_at, read_at) VALUES
             ('44', 7, $2, 'assigned', '2026-01-01T01:00:00Z', '2026-01-01T02:00:00Z'),
             ('44', 7, $1, 'reply', '2026-01-02T01:00:00Z', NULL)`,
          [reporter, handler],
        );
      } finally {
        client.release();
      }

      await migrateDatabase(db, pool);
      const { rows } = await pool.query(
        `SELECT user_id, organisation_id, category, kind, params, link, source_type, source_id, created_at, read_at
         FROM messages ORDER BY created_at`,
      );
      const users = await pool.query<{ id: string; username: string }>('SELECT id, username FROM users');
      const idOf = (name: string) => users.rows.find((u) => u.username === name)!.id;
      expect(rows).toEqual([
        {
          user_id: idOf('handler'),
          organisation_id: 1,
          category: 'case',
          kind: 'case.assigned',
          params: { caseId: 7 },
          link: '/admin/cases/7',
          source_type: 'rights_case',
          source_id: '7',
          created_at: new Date('2026-01-01T01:00:00Z'),
          read_at: new Date('2026-01-01T02:00:00Z'),
        },
        {
          user_id: idOf('reporter'),
          organisation_id: 1,
          category: 'case',
          kind: 'case.reply',
          params: { caseId: 7 },
          link: '/app/help/7',
          source_type: 'rights_case',
          source_id: '7',
          created_at: new Date('2026-01-02T01:00:00Z'),
          read_at: null,
        },
      ]);
      expect((await pool.query(`SELECT to_regclass('rights_notifications') AS t`)).rows[0].t).toBeNull();
    } finally {
      await pool.end();
      await empty.drop();
    }
  });
});
