import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LanternError } from '../errors/catalogue.js';
import {
  ensureUkPhoneNumber,
  formatUkPhoneNumber,
  isUkPhoneNumber,
  parseUkPhoneNumber,
  type UkPhoneNumber,
} from './ukPhoneNumber.js';

// Ofcom reserves these ranges for drama, so they never ring a real person.
describe('call-back numbers: what callers say', () => {
  it.each([
    ['07700 900123', '+447700900123'],
    ['07700900123', '+447700900123'],
    ['+44 7700 900123', '+447700900123'],
    ['+44 (0)7700 900123', '+447700900123'],
    ['+44 07700 900123', '+447700900123'],
    ['0044 7700-900123', '+447700900123'],
    ['(0161) 496 0000', '+441614960000'],
    ['020 7946 0000', '+442079460000'],
    ['01632 960000', '+441632960000'],
    ['0300 123 4567', '+443001234567'],
    ['0800 123 456', '+44800123456'],
    ['0800 123 4567', '+448001234567'],
    ['  0161.496.0000 ', '+441614960000'],
  ])('accepts %j as %s', (input, e164) => {
    expect(parseUkPhoneNumber(input)).toEqual({ ok: true, value: e164 });
  });

  it.each([
    ['', 'empty'],
    ['ring me', 'invalid-characters'],
    ['07700 900123 ext 4', 'invalid-characters'],
    ['+33 1 23 45 67 89', 'not-uk'],
    ['001 202 555 0100', 'not-uk'],
    ['7700 900123', 'format'],
    ['111', 'format'],
    ['0', 'length'],
    ['07700 90012', 'length'],
    ['07700 9001234', 'length'],
    ['0300 123 456', 'length'],
    ['0909 879 0000', 'premium-rate'],
    ['0400 123 4567', 'not-in-use'],
    ['0600 123 4567', 'not-in-use'],
  ])('refuses %j (%s) with a message for the call handler', (input, reason) => {
    const result = parseUkPhoneNumber(input);
    expect(result).toMatchObject({ ok: false, reason });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
  });

  it.each([
    ['+447700900123', '07700 900123'],
    ['+442079460000', '020 7946 0000'],
    ['+441614960000', '0161 496 0000'],
    ['+441214960000', '0121 496 0000'],
    ['+441632960000', '01632 960000'],
    ['+443001234567', '0300 123 4567'],
    ['+44800123456', '0800 123 456'],
  ])('reads %s back as %s, which parses to the same number', (e164, national) => {
    expect(formatUkPhoneNumber(e164 as UkPhoneNumber)).toBe(national);
    expect(parseUkPhoneNumber(national)).toEqual({ ok: true, value: e164 });
  });

  it('ensureUkPhoneNumber throws E_VALIDATION naming the field', () => {
    expect(() => ensureUkPhoneNumber('0909 879 0000', 'call.callBackNumber')).toThrow(LanternError);
    try {
      ensureUkPhoneNumber('0909 879 0000', 'call.callBackNumber');
    } catch (e) {
      expect((e as LanternError).details).toEqual([
        { path: 'call.callBackNumber', message: expect.stringContaining('premium-rate') },
      ]);
    }
  });

  it('isUkPhoneNumber admits only the normalised form', () => {
    expect(isUkPhoneNumber('+447700900123')).toBe(true);
    expect(isUkPhoneNumber('07700900123')).toBe(false);
    expect(isUkPhoneNumber('+4407700900123')).toBe(false);
  });
});

describe('call-back numbers: properties', () => {
  const mobile = fc.stringMatching(/^7[1-57-9]\d{8}$/);

  it('every spelling of a mobile number normalises to one E.164 value', () => {
    fc.assert(
      fc.property(
        mobile,
        fc.constantFrom('0', '+44', '+44 (0)', '0044 '),
        fc.constantFrom('', ' ', '-'),
        (nsn, prefix, sep) => {
          const typed = `${prefix}${nsn.slice(0, 4)}${sep}${nsn.slice(4)}`;
          expect(parseUkPhoneNumber(typed)).toEqual({ ok: true, value: `+44${nsn}` });
        },
      ),
    );
  });

  it('normalising is idempotent: the stored form parses to itself', () => {
    fc.assert(
      fc.property(mobile, (nsn) => {
        const first = parseUkPhoneNumber(`0${nsn}`);
        expect(first.ok).toBe(true);
        if (first.ok) expect(parseUkPhoneNumber(first.value)).toEqual(first);
      }),
    );
  });
});
