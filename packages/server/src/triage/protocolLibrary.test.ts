import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LanternError, startTriage } from '@lantern/core';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_PROTOCOLS_DIR, loadProtocolLibrary } from './protocolLibrary.js';

const made: string[] = [];
async function libraryWith(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lantern-protocols-'));
  made.push(dir);
  await copyFile(join(DEFAULT_PROTOCOLS_DIR, 'life-threat-sieve.yaml'), join(dir, 'life-threat-sieve.yaml'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(dir, name), text);
  return dir;
}
afterEach(async () => {
  await Promise.all(made.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

async function refusal(dir: string): Promise<LanternError> {
  try {
    await loadProtocolLibrary(dir);
  } catch (e) {
    expect(e).toBeInstanceOf(LanternError);
    return e as LanternError;
  }
  throw new Error('expected the library to be refused');
}

describe('the protocol library on disk', () => {
  it('loads the sieve and every presenting-complaint protocol, ready to start a triage', async () => {
    const library = await loadProtocolLibrary();
    expect(library.sieve.id).toBe('life-threat-sieve');
    expect(library.protocols.length).toBeGreaterThanOrEqual(20);
    const chestPain = library.byId.get('chest-pain');
    expect(chestPain).toBeDefined();
    if (!chestPain) return;
    const session = startTriage({
      protocol: chestPain,
      sieve: library.sieve,
      patient: { ageYears: 50, sex: 'male' },
      presentingComplaint: 'chest pain',
    });
    expect(session.protocol.id).toBe('chest-pain');
  });

  it('refuses a malformed protocol file with an error naming the file and the problem', async () => {
    const good = await readFile(join(DEFAULT_PROTOCOLS_DIR, 'rash.yaml'), 'utf8');
    const dir = await libraryWith({
      'rash.yaml': good.replace('goto: ra-skin-peeling', 'goto: ra-skin-pealing'),
    });
    const err = await refusal(dir);
    expect(err.code).toBe('E_VALIDATION');
    expect(err.message).toMatch(/rash\.yaml/);
    expect(err.details).toContainEqual({
      path: 'rash.yaml: questions[0].next[1].goto',
      message: 'question ra-non-blanching goes to ra-skin-pealing, which does not exist',
    });
  });

  it('reports every bad file at once, not only the first', async () => {
    const dir = await libraryWith({ 'a.yaml': 'id: [unclosed', 'b.yaml': 'id: b\n' });
    const err = await refusal(dir);
    const files = new Set(err.details.map((d) => d.path?.split(':')[0]));
    expect(files).toEqual(new Set(['a.yaml', 'b.yaml']));
    expect(err.message).toMatch(/\(2 files\)/);
  });

  it('refuses two files with the same protocol id, and a file not named after its protocol', async () => {
    const rash = await readFile(join(DEFAULT_PROTOCOLS_DIR, 'rash.yaml'), 'utf8');
    const err = await refusal(await libraryWith({ 'rash.yaml': rash, 'skin.yaml': rash }));
    expect(err.details).toContainEqual({
      path: 'skin.yaml: id',
      message: 'protocol rash must be in a file named rash.yaml',
    });
  });

  it('refuses a library without a sieve, and an empty folder', async () => {
    const dir = await libraryWith({});
    await rm(join(dir, 'life-threat-sieve.yaml'));
    expect((await refusal(dir)).message).toMatch(/No protocol files/);
    await writeFile(join(dir, 'rash.yaml'), await readFile(join(DEFAULT_PROTOCOLS_DIR, 'rash.yaml'), 'utf8'));
    expect((await refusal(dir)).message).toMatch(/exactly one life-threat sieve/);
  });
});
