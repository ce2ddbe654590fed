import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { buildCoverageReport, DEFAULT_COVERAGE_REPORT, renderCoverageMarkdown } from './coverageReport.js';

describe('protocol test coverage', () => {
  it('reaches every disposition of every protocol, with every test case passing', async () => {
    const report = await buildCoverageReport();
    for (const p of report.protocols) {
      expect(p.failedCases, p.protocolId).toEqual([]);
      expect(p.untestedDispositions, p.protocolId).toEqual([]);
    }
    expect(report.complete).toBe(true);
    expect(report.protocols.length).toBeGreaterThanOrEqual(21);
  });

  it('is written to docs/triage/coverage.md, which is up to date', async () => {
    const report = await buildCoverageReport();
    const markdown = renderCoverageMarkdown(report);
    for (const p of report.protocols) expect(markdown).toContain(`| ${p.protocolId} | ${p.version} |`);
    const committed = await readFile(DEFAULT_COVERAGE_REPORT, 'utf8');
    expect(committed, 'regenerate docs/triage/coverage.md (see coverageReport.ts)').toBe(markdown);
  });
});
