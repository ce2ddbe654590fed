/**
 * Canonical JSON (the RFC 8785 "JCS" shape): object keys sorted by UTF-16 code units, no
 * whitespace, numbers and strings as ECMAScript's JSON.stringify writes them.
 *
 * Why by hand: the hash chain must be reproducible byte for byte in Node, in the browser and
 * years later in a restore, so anything JSON cannot represent faithfully (NaN, Infinity,
 * undefined inside arrays, functions, class instances, lone surrogates, NUL characters that
 * PostgreSQL jsonb refuses) is rejected here instead of being silently changed.
 */
export class CanonicalJsonError extends Error {
  constructor(
    message: string,
    readonly path: string,
  ) {
    super(`${message} at ${path || '$'}`);
    this.name = 'CanonicalJsonError';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// biome-ignore lint/suspicious/noControlCharactersInRegex: NUL is exactly what this looks for (jsonb refuses it)
const SUSPECT = /[\u0000\uD800-\uDFFF]/;

function checkString(value: string, path: string): void {
  // One cheap scan; the precise checks run only on the rare string that needs them.
  if (!SUSPECT.test(value)) return;
  if (value.includes('\u0000')) throw new CanonicalJsonError('NUL character is not allowed', path);
  if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError('lone UTF-16 surrogate is not allowed', path);
}

function write(value: unknown, path: string, out: string[], depth: number): void {
  if (depth > 64) throw new CanonicalJsonError('nesting deeper than 64 levels', path);
  if (value === null) {
    out.push('null');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      out.push(value ? 'true' : 'false');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError('number is not finite', path);
      out.push(JSON.stringify(value));
      return;
    case 'string':
      checkString(value, path);
      out.push(JSON.stringify(value));
      return;
    case 'object': {
      if (Array.isArray(value)) {
        out.push('[');
        value.forEach((item, i) => {
          if (i > 0) out.push(',');
          if (item === undefined)
            throw new CanonicalJsonError('undefined is not allowed in arrays', `${path}[${i}]`);
          write(item, `${path}[${i}]`, out, depth + 1);
        });
        out.push(']');
        return;
      }
      const proto = Object.getPrototypeOf(value);
      if (proto !== Object.prototype && proto !== null) {
        throw new CanonicalJsonError('only plain objects are allowed', path);
      }
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter((k) => record[k] !== undefined)
        .sort();
      out.push('{');
      keys.forEach((key, i) => {
        checkString(key, `${path}.${key}`);
        if (i > 0) out.push(',');
        out.push(JSON.stringify(key), ':');
        write(record[key], `${path}.${key}`, out, depth + 1);
      });
      out.push('}');
      return;
    }
    default:
      throw new CanonicalJsonError(`${typeof value} is not representable in JSON`, path);
  }
}

/** Serialises a JSON value canonically, or throws CanonicalJsonError naming the offending path. */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  write(value, '', out, 0);
  return out.join('');
}
