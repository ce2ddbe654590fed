/** What a restore throws when it will not go on: a backup that does not verify, or a target it must not touch. */
import type { BackupProblem } from '../backup/verifyBackup.js';

export class BackupInvalid extends Error {
  override name = 'BackupInvalid';
  constructor(readonly problems: BackupProblem[]) {
    super(`the backup did not verify: ${problems.length} problem(s); nothing was restored`);
  }
}

export class RestoreRefused extends Error {
  override name = 'RestoreRefused';
}
