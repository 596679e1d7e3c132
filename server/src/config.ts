import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (fallback: number) => z.coerce.number().int().positive().default(fallback);

const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.string().url().optional().describe('External PostgreSQL ≥ 15; unset for the embedded one'),
  GONGHUI_DATA_DIR: z.string().default('./data'),
  GONGHUI_EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65535).default(54329),
  GONGHUI_MASTER_KEY: z
    .string()
    .regex(/^([0-9a-fA-F]{64}|[A-Za-z0-9+/]{43}=)$/, 'must be 32 bytes as 64 hex characters or base64')
    .optional(),
  GONGHUI_LOCKOUT_THRESHOLD: int(5),
  GONGHUI_LOCKOUT_MINUTES: int(15),
  GONGHUI_RATE_LIMIT_PER_MINUTE: int(600),
  GONGHUI_LOGIN_RATE_LIMIT_PER_MINUTE: int(30),
  GONGHUI_CADRE_IDLE_MINUTES: int(30),
  GONGHUI_CADRE_ABSOLUTE_HOURS: int(12),
  GONGHUI_MEMBER_IDLE_MINUTES: int(7 * 24 * 60),
  GONGHUI_MEMBER_ABSOLUTE_HOURS: int(30 * 24),
  GONGHUI_SESSION_CACHE_SECONDS: z.coerce.number().int().min(0).default(30),
  GONGHUI_REQUIRE_TOTP: bool.optional().describe('Defaults to true when NODE_ENV=production'),
  GONGHUI_SECURE_COOKIES: bool.optional().describe('Defaults to true when NODE_ENV=production'),
  GONGHUI_WEB_DIST: z.string().optional(),
  GONGHUI_TRUST_PROXY: bool.default(false),
  GONGHUI_JOIN_REPLY_WORKING_DAYS: int(15),
  GONGHUI_JOIN_PER_HOUR_ACCOUNT: int(5).describe('Join forms one account may send in an hour'),
  GONGHUI_JOIN_PER_HOUR_IP: int(30).describe('Join forms one address may send in an hour'),
  GONGHUI_DUES_RATE_BASIS_POINTS: int(50).describe('Dues as a share of the monthly wage; 50 = 0.5%'),
  GONGHUI_LAPSE_MONTHS: int(6),
  // bin/gonghui.mjs reads it here too, to start the CLI's import under the cap.
  GONGHUI_IMPORT_HEAP_MB: z.coerce
    .number()
    .int()
    .min(64)
    .default(384)
    .describe('Heap cap of a roster import, in the CLI and in the server (a worker thread)'),
  GONGHUI_CARD_VALID_DAYS: int(30),
  GONGHUI_CASE_DAYS_GENERAL: int(5).describe('Working days to close a 一般 (general) case'),
  GONGHUI_CASE_DAYS_DIFFICULT: int(15).describe('Working days to close a 难点 (difficult) case'),
  GONGHUI_CASE_DAYS_COMPLEX: int(30).describe('Working days to close a 特别复杂 (complex) case'),
  GONGHUI_CASE_REESCALATE_DAYS: int(5).describe('Working days before an escalated case escalates again'),
  GONGHUI_BREAK_GLASS_HOURS: int(4),
});

export interface Config {
  env: 'development' | 'production' | 'test';
  host: string;
  port: number;
  logLevel: string;
  databaseUrl: string | undefined;
  dataDir: string;
  embeddedPgPort: number;
  masterKey: string | undefined;
  lockout: { threshold: number; minutes: number };
  rateLimit: { perMinute: number; loginPerMinute: number };
  sessions: {
    cadre: { idleMinutes: number; absoluteHours: number };
    member: { idleMinutes: number; absoluteHours: number };
    /** How long a resolved session is served from memory (0: never); changes drop it at once. */
    cacheSeconds: number;
  };
  requireTotp: boolean;
  secureCookies: boolean;
  webDist: string;
  trustProxy: boolean;
  membership: {
    replyWorkingDays: number;
    duesRateBasisPoints: number;
    lapseMonths: number;
    cardValidDays: number;
    /** Heap cap, in MB, of a roster import: the CLI's process, or the server's worker thread. */
    importHeapMb: number;
    /** Join forms an hour, per account and per address: each answer says whether an ID is registered. */
    joinPerHour: { account: number; ip: number };
  };
  rights: {
    deadlineDays: Record<'general' | 'difficult' | 'complex', number>;
    reescalateWorkingDays: number;
    breakGlassHours: number;
  };
}

const repoRoot = path.resolve(import.meta.dirname, '../..');

/** Parses the environment once; exits with a readable list of what is wrong. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const isProduction = e.NODE_ENV === 'production';
  if (isProduction && !e.GONGHUI_MASTER_KEY) {
    throw new Error('Invalid configuration:\n  GONGHUI_MASTER_KEY: required when NODE_ENV=production');
  }
  return {
    env: e.NODE_ENV,
    host: e.HOST,
    port: e.PORT,
    logLevel: e.LOG_LEVEL,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.GONGHUI_DATA_DIR),
    embeddedPgPort: e.GONGHUI_EMBEDDED_PG_PORT,
    masterKey: e.GONGHUI_MASTER_KEY,
    lockout: { threshold: e.GONGHUI_LOCKOUT_THRESHOLD, minutes: e.GONGHUI_LOCKOUT_MINUTES },
    rateLimit: { perMinute: e.GONGHUI_RATE_LIMIT_PER_MINUTE, loginPerMinute: e.GONGHUI_LOGIN_RATE_LIMIT_PER_MINUTE },
    sessions: {
      cadre: { idleMinutes: e.GONGHUI_CADRE_IDLE_MINUTES, absoluteHours: e.GONGHUI_CADRE_ABSOLUTE_HOURS },
      member: { idleMinutes: e.GONGHUI_MEMBER_IDLE_MINUTES, absoluteHours: e.GONGHUI_MEMBER_ABSOLUTE_HOURS },
      cacheSeconds: e.GONGHUI_SESSION_CACHE_SECONDS,
    },
    requireTotp: e.GONGHUI_REQUIRE_TOTP ?? isProduction,
    secureCookies: e.GONGHUI_SECURE_COOKIES ?? isProduction,
    webDist: path.resolve(e.GONGHUI_WEB_DIST ?? path.join(repoRoot, 'web/dist')),
    trustProxy: e.GONGHUI_TRUST_PROXY,
    membership: {
      replyWorkingDays: e.GONGHUI_JOIN_REPLY_WORKING_DAYS,
      duesRateBasisPoints: e.GONGHUI_DUES_RATE_BASIS_POINTS,
      lapseMonths: e.GONGHUI_LAPSE_MONTHS,
      cardValidDays: e.GONGHUI_CARD_VALID_DAYS,
      importHeapMb: e.GONGHUI_IMPORT_HEAP_MB,
      joinPerHour: { account: e.GONGHUI_JOIN_PER_HOUR_ACCOUNT, ip: e.GONGHUI_JOIN_PER_HOUR_IP },
    },
    rights: {
      deadlineDays: {
        general: e.GONGHUI_CASE_DAYS_GENERAL,
        difficult: e.GONGHUI_CASE_DAYS_DIFFICULT,
        complex: e.GONGHUI_CASE_DAYS_COMPLEX,
      },
      reescalateWorkingDays: e.GONGHUI_CASE_REESCALATE_DAYS,
      breakGlassHours: e.GONGHUI_BREAK_GLASS_HOURS,
    },
  };
}
