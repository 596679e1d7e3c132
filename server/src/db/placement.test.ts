import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers';
import { PLACEMENT } from '../modules';
import { checkPlacement, type Placement } from './placement';

let t: TestDb;
beforeAll(async () => {
  t = await createTestDb();
});
afterAll(() => t.drop());

describe('Citus readiness of the schema', () => {
  it('places every table, and every distributed key and foreign key carries its distribution column', async () => {
    expect(await checkPlacement(t.db, PLACEMENT)).toEqual([]);
  });

  it('names each key Citus would refuse', async () => {
    await t.db.execute(sql`CREATE SCHEMA citus_probe`);
    for (const statement of [
      'CREATE TABLE citus_probe.places (id bigint PRIMARY KEY, name text)',
      'CREATE TABLE citus_probe.owners (id bigint, province_code text NOT NULL, PRIMARY KEY (id, province_code), UNIQUE (id))',
      `CREATE TABLE citus_probe.pets (
         id bigint PRIMARY KEY, province_code text, owner_id bigint, tag text, licence text,
         place_id bigint REFERENCES citus_probe.places (id),
         UNIQUE (tag, province_code),
         FOREIGN KEY (owner_id, province_code) REFERENCES citus_probe.owners (id, province_code))`,
      'CREATE UNIQUE INDEX pets_licence_key ON citus_probe.pets (licence) WHERE licence IS NOT NULL',
      `CREATE TABLE citus_probe.visits (id bigint, province_code text NOT NULL, owner_id bigint,
         PRIMARY KEY (id, province_code), FOREIGN KEY (owner_id) REFERENCES citus_probe.owners (id))`,
      'CREATE TABLE citus_probe.notes (id bigint PRIMARY KEY, owner_id bigint REFERENCES citus_probe.owners (id))',
      'CREATE TABLE citus_probe.stray (id bigint PRIMARY KEY)',
    ]) {
      await t.db.execute(sql.raw(statement));
    }
    const province = (): Placement => ({ kind: 'distributed', column: 'province_code', reason: 'test' });
    const problems = await checkPlacement(
      t.db,
      {
        places: { kind: 'reference', reason: 'test' },
        owners: province(),
        pets: province(),
        visits: province(),
        notes: { kind: 'reference', reason: 'test' },
        ghosts: { kind: 'local', reason: 'test' },
      },
      'citus_probe',
    );
    await t.db.execute(sql`DROP SCHEMA citus_probe CASCADE`);
    expect(problems.sort()).toEqual(
      [
        'stray: not placed (add it to the tables of its module manifest)',
        'ghosts: placed but not in the schema',
        'owners: unique key owners_id_key (id) omits province_code',
        'pets: distribution column province_code may be null',
        'pets: primary key pets_pkey (id) omits province_code',
        'pets: unique key pets_licence_key (licence) omits province_code',
        'visits: foreign key visits_owner_id_fkey to owners omits province_code on both sides (owner_id)',
        'notes: foreign key notes_owner_id_fkey to owners: a reference table cannot reference a distributed table',
      ].sort(),
    );
  });
});
