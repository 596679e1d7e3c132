import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createHmac,
  createPrivateKey,
  createPublicKey,
  createSecretKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

const VERSION = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Encryption of personal data at rest (AES-256-GCM) and keyed blind indexes (HMAC-SHA-256) for
 * exact lookups. Both keys are derived from one master key, so rotating means re-encrypting.
 */
export interface PiiCipher {
  encrypt(plaintext: string): Buffer;
  decrypt(ciphertext: Buffer): string;
  /** Same input, same output: for unique constraints and exact search, never reversible. */
  blindIndex(value: string): Buffer;
  /** Ed25519 signature (base64url) with the card-signing key, for tokens verified offline. */
  signCard(data: string): string;
  /** The card-signing public key, raw 32 bytes as base64url: published for verifiers. */
  cardPublicKey: string;
}

// DER prefix of a PKCS #8 Ed25519 private key; the 32-byte seed follows.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

// IVs are sliced from a pool filled 64 KiB at a time: one random call per row is the slowest part
// of encrypting a million-row import. Each IV is still fresh CSPRNG output, used once.
const IV_POOL_BYTES = 64 * 1024;
let ivPool = Buffer.alloc(0);
let ivOffset = 0;
function nextIv(): Buffer {
  if (ivOffset + IV_BYTES > ivPool.length) {
    ivPool = randomBytes(IV_POOL_BYTES);
    ivOffset = 0;
  }
  const iv = ivPool.subarray(ivOffset, ivOffset + IV_BYTES);
  ivOffset += IV_BYTES;
  return iv;
}

// The master key behind each cipher, as a key object: a worker thread of this process receives it
// (key objects are cloned across threads, never written anywhere) and builds the same cipher.
const masterKeys = new WeakMap<PiiCipher, KeyObject>();

/** The key to hand to a worker thread of this process, which passes it to {@link cipherFromKey}. */
export function keyForWorker(cipher: PiiCipher): KeyObject {
  const key = masterKeys.get(cipher);
  if (!key) throw new Error('This cipher was not made by createPiiCipher');
  return key;
}

export function cipherFromKey(key: KeyObject): PiiCipher {
  return createPiiCipher(key.export());
}

export function createPiiCipher(masterKey: Buffer): PiiCipher {
  if (masterKey.length !== 32) throw new Error('The master key must be 32 bytes');
  const cipher = buildCipher(masterKey);
  masterKeys.set(cipher, createSecretKey(Buffer.from(masterKey)));
  return cipher;
}

function buildCipher(masterKey: Buffer): PiiCipher {
  // Key objects, not buffers: each cipher and HMAC would otherwise import its key again (about half
  // the cost of a short HMAC or of setting up a decryption).
  const encryptionKey = createSecretKey(
    Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gonghui/pii-encryption/v1', 32)),
  );
  const indexKey = createSecretKey(
    Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gonghui/blind-index/v1', 32)),
  );
  const cardSeed = Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), 'gonghui/member-card/v1', 32));
  const cardKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, cardSeed]),
    format: 'der',
    type: 'pkcs8',
  });
  const cardPublicKey = createPublicKey(cardKey).export({ format: 'jwk' }).x as string;
  return {
    cardPublicKey,
    signCard(data) {
      return sign(null, Buffer.from(data, 'utf8'), cardKey).toString('base64url');
    },
    encrypt(plaintext) {
      const iv = nextIv();
      const cipher = createCipheriv('aes-256-gcm', encryptionKey, iv);
      const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(ciphertext) {
      if (ciphertext[0] !== VERSION) throw new Error('Unknown ciphertext version');
      const iv = ciphertext.subarray(1, 1 + IV_BYTES);
      const tag = ciphertext.subarray(1 + IV_BYTES, 1 + IV_BYTES + TAG_BYTES);
      const decipher = createDecipheriv('aes-256-gcm', encryptionKey, iv);
      decipher.setAuthTag(tag);
      return Buffer.concat([decipher.update(ciphertext.subarray(1 + IV_BYTES + TAG_BYTES)), decipher.final()]).toString(
        'utf8',
      );
    },
    blindIndex(value) {
      return createHmac('sha256', indexKey).update(value, 'utf8').digest();
    },
  };
}

export function parseMasterKey(text: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new Error('GONGHUI_MASTER_KEY must be 32 bytes (64 hex characters or base64)');
  return key;
}

/**
 * The key from GONGHUI_MASTER_KEY, else `<dataDir>/master.key`, created with mode 0600 on first
 * use. Production refuses to start without the environment variable (see config.ts).
 */
export function loadMasterKey(options: { fromEnv: string | undefined; dataDir: string }): Buffer {
  if (options.fromEnv) return parseMasterKey(options.fromEnv);
  const keyPath = path.join(options.dataDir, 'master.key');
  fs.mkdirSync(options.dataDir, { recursive: true });
  try {
    fs.writeFileSync(keyPath, randomBytes(32).toString('hex'), { flag: 'wx', mode: 0o600 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseMasterKey(fs.readFileSync(keyPath, 'utf8'));
}

/**
 * Crockford's base 32: digits and capitals without I, L, O and U, so a code read aloud or copied
 * by hand (a ballot receipt, an anonymous report's follow-up code) is not misread.
 */
export const CROCKFORD_BASE32 = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function sha256Hex(value: string): string {
  return createHash('sha256').update(value).digest('hex');
}

export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}
