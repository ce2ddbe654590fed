/**
 * Where the backup passphrase comes from: a file named by --passphrase-file, or
 * LANTERN_BACKUP_PASSPHRASE. Never from the command line itself (it would sit in shell history
 * and the process list), and never from a file inside the backups it protects.
 */
import { readFileSync, realpathSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ensurePassphrase, PassphraseError } from './backup/backupCrypto.js';

function realish(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

function inside(child: string, parent: string): boolean {
  const rel = relative(realish(parent), realish(child));
  return rel === '' || (!rel.startsWith('..') && !rel.startsWith('/') && !/^[A-Za-z]:/.test(rel));
}

/**
 * Reads and checks the passphrase. `backupDirs` are the backup locations in play: a passphrase
 * file inside one of them is refused, since whoever can read the backup could then open it.
 */
export function loadPassphrase(
  file: string | undefined,
  backupDirs: string[],
  env: NodeJS.ProcessEnv = process.env,
): string {
  if (file) {
    for (const dir of backupDirs)
      if (inside(resolve(file), dir))
        throw new PassphraseError(
          `the passphrase file ${file} is inside the backup location ${dir}: keep it somewhere else`,
        );
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      throw new PassphraseError(`cannot read the passphrase file ${file}: ${(err as Error).message}`);
    }
    return ensurePassphrase(text.replace(/\r?\n$/, ''));
  }
  return ensurePassphrase(env.LANTERN_BACKUP_PASSPHRASE);
}
