/**
 * The cryptography of a backup, all from node:crypto. Decisions:
 * 1) One secret, the operator's passphrase, held outside the backup (an environment variable or
 *    a file kept elsewhere). scrypt (N = 2^15, r = 8, p = 1: ~32 MiB and ~0.1 s per guess) with a
 *    random salt stored in the manifest turns it into a master key; HKDF-SHA-256 splits that into
 *    an AES-256-GCM key and an Ed25519 signing seed, so the two keys never coincide.
 * 2) The signing key is derived, not stored: nobody can keep a backup and lose its signing key,
 *    and whoever lacks the passphrase can neither read a backup nor forge a manifest that
 *    verifies. The public key is written into the manifest; a verifier derives its own from the
 *    passphrase and compares, which tells a wrong passphrase from an edited manifest. Operators
 *    can record the key's fingerprint off-system to recognise their own backups.
 * 3) Each chunk is sealed alone: a fresh random 96-bit IV, and as associated data the backup id,
 *    the chunk's position and table, so a chunk cannot be moved to another place or backup
 *    without failing authentication. File layout: IV (12 bytes) | ciphertext | GCM tag (16).
 */
import {
  createCipheriv,
  createDecipheriv,
  createHash,
  createPrivateKey,
  createPublicKey,
  hkdfSync,
  type KeyObject,
  randomBytes,
  scrypt,
  sign,
  verify,
} from 'node:crypto';

export const MIN_PASSPHRASE_LENGTH = 16;

export interface KdfParams {
  name: 'scrypt';
  N: number;
  r: number;
  p: number;
  /** base64 */
  salt: string;
}

/** 2^15: OWASP's scrypt floor; more costs every restore drill memory and time for little gain. */
export const DEFAULT_KDF: Omit<KdfParams, 'salt'> = { name: 'scrypt', N: 2 ** 15, r: 8, p: 1 };

export interface BackupKeys {
  encryptionKey: Buffer;
  signingKey: KeyObject;
  /** base64 of the raw 32-byte Ed25519 public key. */
  publicKey: string;
}

export class PassphraseError extends Error {
  override name = 'PassphraseError';
}

/** Checks an operator's passphrase; throws a message that says what to do. */
export function ensurePassphrase(passphrase: string | undefined): string {
  if (passphrase === undefined || passphrase === '')
    throw new PassphraseError(
      'a backup passphrase is required: set LANTERN_BACKUP_PASSPHRASE or pass --passphrase-file (kept away from the backups)',
    );
  if ([...passphrase].length < MIN_PASSPHRASE_LENGTH)
    throw new PassphraseError(
      `the backup passphrase must be at least ${MIN_PASSPHRASE_LENGTH} characters (a few random words is best)`,
    );
  return passphrase;
}

export function newKdfParams(): KdfParams {
  return { ...DEFAULT_KDF, salt: randomBytes(16).toString('base64') };
}

function scryptAsync(passphrase: string, salt: Buffer, kdf: KdfParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      passphrase.normalize('NFC'),
      salt,
      32,
      { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410), so node:crypto can load it.
const ED25519_PKCS8_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

export async function deriveBackupKeys(passphrase: string, kdf: KdfParams): Promise<BackupKeys> {
  if (kdf.name !== 'scrypt' || kdf.N < 2 ** 14 || kdf.r < 8 || kdf.p < 1)
    throw new Error('the manifest asks for a key derivation weaker than Lantern accepts');
  const master = await scryptAsync(passphrase, Buffer.from(kdf.salt, 'base64'), kdf);
  const encryptionKey = Buffer.from(
    hkdfSync('sha256', master, Buffer.alloc(0), 'lantern-backup/aes-256-gcm/v1', 32),
  );
  const seed = Buffer.from(hkdfSync('sha256', master, Buffer.alloc(0), 'lantern-backup/ed25519/v1', 32));
  const signingKey = createPrivateKey({
    key: Buffer.concat([ED25519_PKCS8_PREFIX, seed]),
    format: 'der',
    type: 'pkcs8',
  });
  const spki = createPublicKey(signingKey).export({ format: 'der', type: 'spki' });
  return { encryptionKey, signingKey, publicKey: spki.subarray(spki.length - 32).toString('base64') };
}

/** A short, readable fingerprint of a public key, for operators to note down. */
export function keyFingerprint(publicKey: string): string {
  return createHash('sha256')
    .update(Buffer.from(publicKey, 'base64'))
    .digest('hex')
    .slice(0, 16)
    .replace(/(.{4})(?!$)/g, '$1-');
}

const IV_BYTES = 12;
const TAG_BYTES = 16;

export function sealChunk(key: Buffer, aad: string, plain: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

/** Opens a sealed chunk; throws if the GCM tag does not authenticate it. */
export function openChunk(key: Buffer, aad: string, sealed: Buffer): Buffer {
  if (sealed.length < IV_BYTES + TAG_BYTES) throw new Error('too short to be a sealed chunk');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(sealed.subarray(IV_BYTES, sealed.length - TAG_BYTES)),
    decipher.final(),
  ]);
}

export function signBytes(keys: BackupKeys, bytes: Buffer): string {
  return sign(null, bytes, keys.signingKey).toString('base64');
}

export function verifySignature(publicKey: string, bytes: Buffer, signature: string): boolean {
  const key = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(publicKey, 'base64')]),
    format: 'der',
    type: 'spki',
  });
  try {
    return verify(null, bytes, key, Buffer.from(signature.trim(), 'base64'));
  } catch {
    return false;
  }
}

export function sha256Hex(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}
