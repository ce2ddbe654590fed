/**
 * Turns a stream of rows (one JSON text per row) into sealed chunk files: NDJSON, brotli,
 * AES-256-GCM. A chunk holds one table's rows, at most `maxRows` of them or `maxBytes` of JSON,
 * whichever comes first. While one chunk is compressed, encrypted and written (zlib and the file
 * system work off the main thread), the caller reads the next rows from the database.
 */
import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants } from 'node:zlib';
import { sealChunk, sha256Hex } from './backupCrypto.js';
import type { ChunkEntry, ChunkRange } from './manifest.js';
import type { TableRole } from './tables.js';

const compress = promisify(brotliCompress);

/** Brotli quality 1: in our measurements as small as gzip -6 at three times its speed. */
const BROTLI_QUALITY = 1;

export interface RowText {
  json: string;
  /** For log tables: the chain (organisation or audit chain) and seq of the row. */
  chain?: string;
  seq?: number;
}

export function chunkAad(backupId: string, index: number, table: string): string {
  return `lantern-backup/${backupId}/${index}/${table}`;
}

export async function writeFileDurably(path: string, bytes: Buffer | string): Promise<void> {
  const fh = await open(path, 'wx');
  try {
    await fh.writeFile(bytes);
    await fh.sync();
  } finally {
    await fh.close();
  }
}

export class ChunkWriter {
  readonly chunks: ChunkEntry[] = [];
  rawBytes = 0;
  private lines: string[] = [];
  private lineBytes = 0;
  private table = '';
  private role: TableRole = 'reference';
  private ranges = new Map<string, ChunkRange>();
  private inFlight: Promise<void> = Promise.resolve();

  constructor(
    private readonly dir: string,
    private readonly backupId: string,
    private readonly key: Buffer,
    private readonly maxRows: number,
    private readonly maxBytes = 32 * 1024 * 1024,
  ) {}

  async add(table: string, role: TableRole, rows: readonly RowText[]): Promise<void> {
    if (table !== this.table) {
      await this.flush();
      this.table = table;
      this.role = role;
    }
    for (const row of rows) {
      this.lines.push(row.json);
      this.lineBytes += row.json.length + 1;
      if (row.chain !== undefined && row.seq !== undefined) {
        const range = this.ranges.get(row.chain);
        if (range) range.to = row.seq;
        else this.ranges.set(row.chain, { chain: row.chain, from: row.seq, to: row.seq });
      }
      if (this.lines.length >= this.maxRows || this.lineBytes >= this.maxBytes) await this.flush();
    }
  }

  /** Seals what has been added so far as one chunk (waits for the previous chunk first). */
  async flush(): Promise<void> {
    if (this.lines.length === 0) return;
    const index = this.chunks.length + 1;
    const entry: ChunkEntry = {
      index,
      file: `chunks/${String(index).padStart(6, '0')}.bin`,
      table: this.table,
      role: this.role,
      rows: this.lines.length,
      bytes: 0,
      sha256: '',
      ...(this.ranges.size > 0 ? { ranges: [...this.ranges.values()] } : {}),
    };
    this.chunks.push(entry);
    const text = `${this.lines.join('\n')}\n`;
    this.lines = [];
    this.lineBytes = 0;
    this.ranges = new Map();
    await this.inFlight;
    this.inFlight = this.seal(entry, text);
    // Marked handled here; the failure itself surfaces at the next flush or finish.
    this.inFlight.catch(() => {});
  }

  async finish(): Promise<void> {
    await this.flush();
    await this.inFlight;
  }

  private async seal(entry: ChunkEntry, text: string): Promise<void> {
    const raw = Buffer.from(text, 'utf8');
    this.rawBytes += raw.length;
    const packed = await compress(raw, {
      params: {
        [zlibConstants.BROTLI_PARAM_QUALITY]: BROTLI_QUALITY,
        [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length,
      },
    });
    const sealed = sealChunk(this.key, chunkAad(this.backupId, entry.index, entry.table), packed);
    entry.bytes = sealed.length;
    entry.sha256 = sha256Hex(sealed);
    await writeFileDurably(join(this.dir, entry.file), sealed);
  }
}
