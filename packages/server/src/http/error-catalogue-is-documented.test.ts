import { readFileSync } from 'node:fs';
import { ERROR_CATALOGUE } from '@lantern/core';
import { describe, expect, it } from 'vitest';

describe('docs/errors.md', () => {
  const doc = readFileSync(new URL('../../../../docs/errors.md', import.meta.url), 'utf8');
  it.each(Object.entries(ERROR_CATALOGUE))('documents %s with its status and FHIR type', (code, entry) => {
    const row = doc.split('\n').find((l) => l.startsWith(`| \`${code}\``));
    expect(row, `${code} is missing from docs/errors.md`).toBeDefined();
    expect(row).toContain(`| ${entry.status} |`);
    expect(row).toContain(`| ${entry.fhir} |`);
  });
});
