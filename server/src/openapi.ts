import { randomBytes } from 'node:crypto';
import { buildApp } from './app';
import { loadConfig } from './config';
import { connect } from './db/client';
import { createPiiCipher } from './platform/crypto';
import { createLogSmsProvider } from './platform/sms';

/** The OpenAPI 3.1 document, built from the contracts without a database connection. */
export async function generateOpenApi(): Promise<Record<string, unknown>> {
  // The pool connects lazily; building the app and its documentation never queries it.
  const { db, pool } = connect('postgres://unused@127.0.0.1:1/unused');
  const app = await buildApp({
    db,
    config: loadConfig({ NODE_ENV: 'test', GONGHUI_WEB_DIST: '/nonexistent' }),
    cipher: createPiiCipher(randomBytes(32)),
    sms: createLogSmsProvider(() => {}),
    logger: false,
  });
  try {
    await app.ready();
    return app.swagger() as unknown as Record<string, unknown>;
  } finally {
    await app.close();
    await pool.end();
  }
}
