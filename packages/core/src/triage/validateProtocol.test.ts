import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { LanternError } from '../errors/catalogue.js';
import { loadProtocolFromYaml, parseProtocolYaml } from './loadProtocolFromYaml.js';
import { isValidatedProtocol, validateProtocol } from './validateProtocol.js';

type Doc = Record<string, unknown> & { questions: Record<string, unknown>[]; dispositions: string[] };

function validDoc(): Doc {
  return {
    id: 'test-cough',
    version: '1.0.0',
    kind: 'complaint',
    title: 'Cough (validation test)',
    status: 'draft',
    author: 'Lantern tests',
    reviewDate: '2030-01-01',
    sources: [{ title: 'NHS - Cough', url: 'https://www.nhs.uk/conditions/cough/' }],
    applicability: { ageYears: { from: 0 }, sex: 'any' },
    keywords: ['cough'],
    start: 'q-blood',
    dispositions: ['LX-ED-1H', 'Dx08', 'LX-SELF-CARE'],
    questions: [
      {
        id: 'q-blood',
        type: 'yes-no',
        text: 'Coughing up blood?',
        redFlags: [{ id: 'rf-blood', label: 'Haemoptysis', when: { is: 'yes' }, atLeast: 'LX-ED-1H' }],
        next: [{ when: { is: 'yes' }, disposition: 'LX-ED-1H' }, { goto: 'q-weeks' }],
      },
      {
        id: 'q-weeks',
        type: 'number',
        text: 'For how many weeks?',
        unit: 'weeks',
        min: 0,
        max: 52,
        next: [{ when: { atLeast: 3 }, disposition: 'Dx08' }, { goto: 'q-notes' }],
      },
      {
        id: 'q-notes',
        type: 'free-text',
        text: 'Anything else?',
        optional: true,
        next: [{ disposition: 'LX-SELF-CARE' }],
      },
    ],
  };
}

function problems(mutate: (d: Doc) => void): {
  message: string;
  details: { path?: string; message: string }[];
} {
  const doc = validDoc();
  mutate(doc);
  try {
    validateProtocol(doc, 'test-cough.yaml');
  } catch (e) {
    expect(e).toBeInstanceOf(LanternError);
    expect((e as LanternError).code).toBe('E_VALIDATION');
    return { message: (e as LanternError).message, details: (e as LanternError).details };
  }
  throw new Error('expected the protocol to be refused');
}

function q(d: Doc, i: number): Record<string, unknown> & { next: Record<string, unknown>[] } {
  return d.questions[i] as Record<string, unknown> & { next: Record<string, unknown>[] };
}

describe('a well-formed protocol loads', () => {
  it('is validated, frozen and branded', () => {
    const p = validateProtocol(validDoc());
    expect(isValidatedProtocol(p)).toBe(true);
    expect(Object.isFrozen(p.questions[0])).toBe(true);
    expect(isValidatedProtocol(structuredClone(p))).toBe(false);
  });

  it('loads from YAML text, keeping yes and no as strings', () => {
    const text = stringify(validDoc()).replace("is: 'yes'", 'is: yes').replace('is: "yes"', 'is: yes');
    expect(text).toContain('is: yes');
    const p = loadProtocolFromYaml(text, 'test-cough.yaml');
    expect(p.questions[0]?.next[0]?.when).toEqual({ is: 'yes' });
  });
});

describe('a malformed protocol never loads, and the error names the problem and its path', () => {
  it.each([
    [
      'a goto to a question that does not exist',
      (d: Doc) => {
        q(d, 0).next[1] = { goto: 'q-missing' };
      },
      'questions[0].next[1].goto',
      /goes to q-missing, which does not exist/,
    ],
    [
      'a disposition the protocol does not declare',
      (d: Doc) => {
        q(d, 1).next[0] = { when: { atLeast: 3 }, disposition: 'Dx06' };
      },
      'questions[1].next[0].disposition',
      /Dx06, which is not in this protocol's dispositions list/,
    ],
    [
      'a declared disposition not in the catalogue',
      (d: Doc) => {
        d.dispositions.push('Dx011');
      },
      'dispositions[3]',
      /Dx011 is not in the disposition catalogue/,
    ],
    [
      'a declared disposition nothing can give',
      (d: Doc) => {
        d.dispositions.push('Dx13');
      },
      'dispositions[3]',
      /Dx13 is declared but no rule or red flag can give it/,
    ],
    [
      'a question that can never be asked',
      (d: Doc) => {
        d.questions.push({
          id: 'q-orphan',
          type: 'yes-no',
          text: 'Orphan?',
          next: [{ disposition: 'LX-SELF-CARE' }],
        });
      },
      'questions[3]',
      /q-orphan can never be asked \(no path from q-blood\)/,
    ],
    [
      'a cycle',
      (d: Doc) => {
        q(d, 2).next = [{ when: { known: true }, goto: 'q-blood' }, { disposition: 'LX-SELF-CARE' }];
      },
      'questions[0]',
      /cycle: q-blood → q-weeks → q-notes → q-blood/,
    ],
    [
      'a last rule with a condition (a path with no disposition)',
      (d: Doc) => {
        q(d, 1).next = [
          { when: { atLeast: 3 }, disposition: 'Dx08' },
          { when: { below: 3 }, goto: 'q-notes' },
        ];
      },
      'questions[1].next[1].when',
      /the last rule must have no "when"/,
    ],
    [
      'an unconditional rule before the last',
      (d: Doc) => {
        q(d, 1).next = [{ goto: 'q-notes' }, { disposition: 'Dx08' }];
      },
      'questions[1].next[0]',
      /rules after it can never fire/,
    ],
    [
      'a condition reading a question asked later',
      (d: Doc) => {
        q(d, 0).next[0] = { when: { question: 'q-weeks', atLeast: 3 }, disposition: 'LX-ED-1H' };
      },
      'questions[0].next[0].when',
      /reads q-weeks, which is not asked on every path before q-blood/,
    ],
    [
      'a numeric comparison on a yes/no question',
      (d: Doc) => {
        q(d, 0).next[0] = { when: { atLeast: 3 }, disposition: 'LX-ED-1H' };
      },
      'questions[0].next[0].when',
      /numeric comparisons and "known" apply to number questions/,
    ],
    [
      'a yes/no test for something other than yes or no',
      (d: Doc) => {
        q(d, 0).next[0] = { when: { is: 'true' }, disposition: 'LX-ED-1H' };
      },
      'questions[0].next[0].when',
      /"true" is not yes or no/,
    ],
    [
      'branching on free text',
      (d: Doc) => {
        q(d, 2).next = [
          { when: { is: 'help' }, disposition: 'LX-SELF-CARE' },
          { disposition: 'LX-SELF-CARE' },
        ];
      },
      'questions[2].next[0].when',
      /free text cannot drive branching/,
    ],
    [
      'a NEWS2 condition without the observations',
      (d: Doc) => {
        q(d, 1).next[0] = { when: { news2: { atLeast: 5 } }, disposition: 'Dx08' };
      },
      'questions[1].next[0].when',
      /NEWS2 condition, but respiratoryRate, .* are not asked/,
    ],
    [
      'a complaint protocol that tries to continue',
      (d: Doc) => {
        q(d, 2).next = [{ continue: true }];
      },
      'questions[2].next[0].continue',
      /only the life-threat sieve may continue/,
    ],
    [
      'a red flag floor the protocol does not declare',
      (d: Doc) => {
        (q(d, 0).redFlags as Record<string, unknown>[])[0] = {
          id: 'rf',
          label: 'x',
          when: { is: 'yes' },
          atLeast: 'LX-AMB-C2',
        };
      },
      'questions[0].redFlags[0].atLeast',
      /LX-AMB-C2, which is not in this protocol's dispositions list/,
    ],
    [
      'a duplicate question id',
      (d: Doc) => {
        q(d, 2).id = 'q-weeks';
      },
      'questions[2].id',
      /question id q-weeks is used twice/,
    ],
    [
      'an observation range outside plausible physiology',
      (d: Doc) => {
        Object.assign(q(d, 1), { observation: 'pulseRate', unit: 'beats/min', min: 0, max: 1000 });
      },
      'questions[1]',
      /range 0–1000 for pulseRate must lie within 0–300/,
    ],
    [
      'a missing title (shape error)',
      (d: Doc) => {
        delete d.title;
      },
      'title',
      /expected string/,
    ],
    [
      'a source that is not https',
      (d: Doc) => {
        d.sources = [{ title: 'NHS', url: 'http://www.nhs.uk/' }];
      },
      'sources[0].url',
      /https/,
    ],
    [
      'a misspelt condition operator',
      (d: Doc) => {
        q(d, 0).next[0] = { when: { iz: 'yes' }, disposition: 'LX-ED-1H' };
      },
      'questions[0].next[0].when',
      /not a valid condition \(got: iz\)/,
    ],
    [
      'a rule with two targets',
      (d: Doc) => {
        q(d, 0).next[1] = { goto: 'q-weeks', disposition: 'LX-SELF-CARE' };
      },
      'questions[0].next[1]',
      /exactly one target/,
    ],
    [
      'a review date that is not an ISO date',
      (d: Doc) => {
        d.reviewDate = '30/11/2026';
      },
      'reviewDate',
      /ISO date/,
    ],
  ])('refuses %s', (_name, mutate, path, message) => {
    const { message: summary, details } = problems(mutate);
    expect(summary).toMatch(/^test-cough\.yaml: protocol .*is not valid: /);
    const match = details.find((d) => d.path === path);
    expect(match, JSON.stringify(details)).toBeDefined();
    expect(match?.message).toMatch(message);
  });

  it('reports every problem, not only the first', () => {
    const { message, details } = problems((d) => {
      q(d, 0).next[1] = { goto: 'q-missing' };
      d.dispositions.push('Dx011');
    });
    expect(details.length).toBeGreaterThanOrEqual(2);
    expect(message).toMatch(/\(and \d+ more\)$/);
  });
});

describe('YAML problems are named with the file and line', () => {
  it('refuses invalid YAML', () => {
    try {
      parseProtocolYaml('id: x\n  bad: [unclosed', 'broken.yaml');
      expect.unreachable();
    } catch (e) {
      expect((e as LanternError).message).toMatch(/^broken\.yaml: not valid YAML/);
      expect((e as LanternError).details[0]?.path).toMatch(/^line \d+, column \d+$/);
    }
  });

  it('refuses duplicate keys instead of silently keeping the last', () => {
    expect(() => parseProtocolYaml('id: a\nid: b\n', 'dup.yaml')).toThrowError(/dup\.yaml: not valid YAML/);
  });

  it('refuses YAML aliases (no expansion tricks)', () => {
    expect(() => parseProtocolYaml('a: &x [1]\nb: *x\n', 'alias.yaml')).toThrowError(LanternError);
  });
});
