/**
 * Loads the triage protocol library from disk: every `*.yaml` in the protocols folder, each
 * validated by core before anything can use it.
 *
 * 1) All files are checked and every problem is reported at once, each named by its file, so
 *    one bad edit cannot hide another. One invalid file refuses the whole library: a partly
 *    loaded library would silently drop a presenting complaint.
 * 2) A protocol's file is named after its id, ids are unique, and there is exactly one sieve.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  type ErrorDetail,
  LanternError,
  type Protocol,
  type ProtocolTestCase,
  parseProtocolYaml,
} from '@lantern/core';

/** The repository's `protocols/` folder (same depth from src/ and dist/). */
export const DEFAULT_PROTOCOLS_DIR = fileURLToPath(new URL('../../../../protocols/', import.meta.url));

export interface ProtocolLibraryEntry {
  readonly file: string;
  readonly protocol: Protocol;
  readonly testCases: readonly ProtocolTestCase[];
}

export interface ProtocolLibrary {
  readonly directory: string;
  readonly sieve: Protocol;
  /** Presenting-complaint protocols, by id order. */
  readonly protocols: readonly Protocol[];
  readonly byId: ReadonlyMap<string, Protocol>;
  readonly entries: readonly ProtocolLibraryEntry[];
}

function isFileSystemError(err: unknown): err is NodeJS.ErrnoException {
  return err instanceof Error && typeof (err as NodeJS.ErrnoException).syscall === 'string';
}

/** A bad file's problems, each named by the file. Anything else is a bug and is rethrown. */
function fileProblems(file: string, err: unknown): ErrorDetail[] {
  if (err instanceof LanternError) {
    if (err.details.length === 0) return [{ path: file, message: err.message }];
    return err.details.map((d) => ({ path: d.path ? `${file}: ${d.path}` : file, message: d.message }));
  }
  if (isFileSystemError(err)) return [{ path: file, message: err.message }];
  throw err;
}

async function readEntry(directory: string, file: string): Promise<ProtocolLibraryEntry> {
  const text = await readFile(join(directory, file), 'utf8');
  const { protocol, testCases } = parseProtocolYaml(text, file);
  const expected = `${protocol.id}.yaml`;
  if (file !== expected) {
    throw new LanternError('E_VALIDATION', `${file}: protocol ${protocol.id} must be in ${expected}`, [
      { path: 'id', message: `protocol ${protocol.id} must be in a file named ${expected}` },
    ]);
  }
  return { file, protocol, testCases };
}

/** Reads and validates every protocol file; throws E_VALIDATION naming each bad file. */
export async function loadProtocolLibrary(
  directory: string = DEFAULT_PROTOCOLS_DIR,
): Promise<ProtocolLibrary> {
  const files = (await readdir(directory)).filter((f) => f.endsWith('.yaml')).sort();
  if (files.length === 0) {
    throw new LanternError('E_VALIDATION', `No protocol files (*.yaml) in ${directory}`, [
      { path: directory, message: 'the protocol library is empty' },
    ]);
  }
  const settled = await Promise.allSettled(files.map((f) => readEntry(directory, f)));
  const problems: ErrorDetail[] = [];
  const entries: ProtocolLibraryEntry[] = [];
  settled.forEach((result, i) => {
    const file = files[i] ?? '';
    if (result.status === 'fulfilled') entries.push(result.value);
    else problems.push(...fileProblems(file, result.reason));
  });

  const seen = new Map<string, string>();
  for (const e of entries) {
    const other = seen.get(e.protocol.id);
    if (other)
      problems.push({ path: e.file, message: `protocol id ${e.protocol.id} is also used by ${other}` });
    seen.set(e.protocol.id, e.file);
  }
  const sieves = entries.filter((e) => e.protocol.kind === 'sieve');
  if (problems.length === 0 && sieves.length !== 1) {
    problems.push({
      path: directory,
      message: `the library needs exactly one life-threat sieve, found ${sieves.map((s) => s.file).join(', ') || 'none'}`,
    });
  }
  const sieve = sieves[0]?.protocol;
  if (problems.length > 0 || !sieve) {
    const badFiles = new Set(problems.map((p) => p.path?.split(':')[0]));
    const first = problems[0];
    throw new LanternError(
      'E_VALIDATION',
      `Protocol library is not valid (${badFiles.size} file${badFiles.size === 1 ? '' : 's'}): ${first?.path}: ${first?.message}`,
      problems,
    );
  }
  const protocols = entries
    .map((e) => e.protocol)
    .filter((p) => p.kind === 'complaint')
    .sort((a, b) => a.id.localeCompare(b.id));
  return {
    directory,
    sieve,
    protocols,
    byId: new Map(entries.map((e) => [e.protocol.id, e.protocol])),
    entries,
  };
}
