import { describe, expect, it } from 'vitest';
import { effectiveCapacity } from './capacity.js';
import { type Capacity, CapacitySchema } from './service.js';

const withCapacity = (capacity: Partial<Capacity>) => ({ capacity: CapacitySchema.parse(capacity) });

describe('capacity: automatic reset to green', () => {
  const now = new Date('2025-06-01T12:00:00Z');

  it('keeps red and amber until the reset time, then reads green', () => {
    const red = withCapacity({ status: 'red', resetsAt: '2025-06-01T12:15:00Z' });
    expect(effectiveCapacity(red, now)).toBe('red');
    expect(effectiveCapacity(red, new Date('2025-06-01T12:14:59.999Z'))).toBe('red');
    expect(effectiveCapacity(red, new Date('2025-06-01T12:15:00Z'))).toBe('green');
    expect(effectiveCapacity(withCapacity({ status: 'amber', resetsAt: '2025-06-01T11:00:00Z' }), now)).toBe(
      'green',
    );
  });

  it('reads reset times written with a UTC offset', () => {
    const red = withCapacity({ status: 'red', resetsAt: '2025-06-01T13:30:00+01:00' });
    expect(effectiveCapacity(red, new Date('2025-06-01T12:29:00Z'))).toBe('red');
    expect(effectiveCapacity(red, new Date('2025-06-01T12:30:00Z'))).toBe('green');
  });

  it('stays as set when no reset time was recorded', () => {
    expect(effectiveCapacity(withCapacity({ status: 'red' }), now)).toBe('red');
    expect(effectiveCapacity(withCapacity({ status: 'green' }), now)).toBe('green');
  });
});
