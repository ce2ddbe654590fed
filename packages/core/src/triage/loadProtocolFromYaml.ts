/**
 * YAML text → validated protocol. Pure (no file access) so the browser can load a cached
 * library too; the server reads the files (packages/server/src/triage/protocolLibrary.ts).
 *
 * YAML 1.2 core schema on purpose: `yes`/`no` stay strings (YAML 1.1 would turn them into
 * booleans) and dates stay ISO strings. Duplicate keys are an error, not "last one wins".
 */
import { parseDocument } from 'yaml';
import { LanternError } from '../errors/catalogue.js';
import type { Protocol } from './protocolSchema.js';
import { type ValidatedDocument, validateProtocolDocument } from './validateProtocol.js';

// A protocol is a few hundred lines; anything near this is not a protocol.
const MAX_YAML_CHARS = 512 * 1024;

/** Parses and validates a protocol file, keeping its `tests:` for the coverage suite. */
export function parseProtocolYaml(text: string, source?: string): ValidatedDocument {
  const where = source ? `${source}: ` : '';
  if (text.length > MAX_YAML_CHARS) {
    throw new LanternError(
      'E_VALIDATION',
      `${where}protocol file is larger than ${MAX_YAML_CHARS} characters`,
      [{ path: source ?? '', message: 'file too large' }],
    );
  }
  const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, merge: false, prettyErrors: true });
  if (doc.errors.length > 0) {
    throw new LanternError(
      'E_VALIDATION',
      `${where}not valid YAML: ${doc.errors[0]?.message.split('\n')[0] ?? 'parse error'}`,
      doc.errors.map((e) => ({
        path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '',
        message: e.message.split('\n')[0] ?? e.code,
      })),
    );
  }
  let data: unknown;
  try {
    // Aliases are refused outright: a protocol has no need for them and they allow expansion bombs.
    data = doc.toJS({ maxAliasCount: 0 });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new LanternError('E_VALIDATION', `${where}not a usable YAML document: ${reason}`, [
      { path: source ?? '', message: reason },
    ]);
  }
  return validateProtocolDocument(data, source);
}

/** Parses and validates a protocol file; throws E_VALIDATION naming the problem and its path. */
export function loadProtocolFromYaml(text: string, source?: string): Protocol {
  return parseProtocolYaml(text, source).protocol;
}
