/**
 * Checks an answer against the question asked, before it can enter a session.
 *
 * Numbers are refused outside the question's plausible range rather than clamped: a heart rate
 * of 1000 is a typing error, and a typing error must not silently become a disposition.
 * Strings may not contain NUL or lone surrogates because sessions are stored as canonical JSON.
 */
import type { ErrorDetail } from '../errors/catalogue.js';
import type { AnswerValue } from './conditions.js';
import type { Question } from './protocolSchema.js';

export type AnswerCheck = { ok: true; value: AnswerValue } | { ok: false; details: ErrorDetail[] };

const DEFAULT_FREE_TEXT_MAX = 2000;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Text canonical JSON (and PostgreSQL jsonb) can store unchanged: no NUL, no lone surrogate. */
export function isStorableText(text: string): boolean {
  return !text.includes('\u0000') && !LONE_SURROGATE.test(text);
}

function describeType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'string' ? `"${value.slice(0, 40)}"` : typeof value;
}

function fail(path: string, message: string): AnswerCheck {
  return { ok: false, details: [{ path, message }] };
}

/** Returns the normalised value (multiple choice in option order) or what is wrong with it. */
export function checkAnswerValue(question: Question, value: unknown, path = 'value'): AnswerCheck {
  switch (question.type) {
    case 'yes-no':
      return value === 'yes' || value === 'no'
        ? { ok: true, value }
        : fail(path, `question ${question.id} expects "yes" or "no", got ${describeType(value)}`);
    case 'single-choice': {
      const ids = question.options.map((o) => o.id);
      return typeof value === 'string' && ids.includes(value)
        ? { ok: true, value }
        : fail(path, `question ${question.id} expects one of ${ids.join(', ')}, got ${describeType(value)}`);
    }
    case 'multiple-choice': {
      const ids = question.options.map((o) => o.id);
      if (!Array.isArray(value)) {
        return fail(
          path,
          `question ${question.id} expects a list of options (empty for none), got ${describeType(value)}`,
        );
      }
      const details = value.flatMap((v, i): ErrorDetail[] => {
        if (typeof v !== 'string' || !ids.includes(v)) {
          return [
            {
              path: `${path}[${i}]`,
              message: `${describeType(v)} is not an option of ${question.id} (${ids.join(', ')})`,
            },
          ];
        }
        return value.indexOf(v) === i
          ? []
          : [{ path: `${path}[${i}]`, message: `option ${v} is given twice` }];
      });
      if (details.length > 0) return { ok: false, details };
      return { ok: true, value: ids.filter((id) => value.includes(id)) };
    }
    case 'number': {
      if (value === null) {
        return question.optional
          ? { ok: true, value: null }
          : fail(path, `question ${question.id} needs a number; "not known" is not allowed here`);
      }
      if (typeof value !== 'number' || !Number.isFinite(value)) {
        return fail(
          path,
          `question ${question.id} expects a number in ${question.unit}, got ${describeType(value)}`,
        );
      }
      if (value < question.min || value > question.max) {
        return fail(
          path,
          `${value} ${question.unit} is outside the plausible range ${question.min}–${question.max} ${question.unit} for ${question.id}; check the figure`,
        );
      }
      if (question.integer && !Number.isInteger(value)) {
        return fail(path, `question ${question.id} expects a whole number of ${question.unit}`);
      }
      return { ok: true, value };
    }
    case 'free-text': {
      if (typeof value !== 'string')
        return fail(path, `question ${question.id} expects text, got ${describeType(value)}`);
      const max = question.maxLength ?? DEFAULT_FREE_TEXT_MAX;
      if (value.length > max) return fail(path, `text is longer than ${max} characters`);
      if (!isStorableText(value)) return fail(path, 'text contains a NUL character or a lone surrogate');
      if (!question.optional && value.trim() === '')
        return fail(path, `question ${question.id} needs an answer`);
      return { ok: true, value };
    }
  }
}

/** The answer in words, as read back to the caller and written to the transcript. */
export function describeAnswer(question: Question, value: AnswerValue): string {
  switch (question.type) {
    case 'yes-no':
      return value === 'yes' ? 'Yes' : 'No';
    case 'single-choice':
      return question.options.find((o) => o.id === value)?.label ?? String(value);
    case 'multiple-choice': {
      const chosen = Array.isArray(value) ? value : [];
      const labels = question.options.filter((o) => chosen.includes(o.id)).map((o) => o.label);
      return labels.length > 0 ? labels.join('; ') : 'None of these';
    }
    case 'number':
      return value === null ? 'Not known' : `${String(value)} ${question.unit}`;
    case 'free-text':
      return typeof value === 'string' && value.trim() !== '' ? value : '(no answer)';
  }
}
