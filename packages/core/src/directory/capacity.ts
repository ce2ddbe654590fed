/**
 * Capacity is a RAG status set by the service. Amber or red lapses back to green on its own
 * at the reset time chosen when it was set (domain.md §4.3), so a busy flag nobody cleared
 * overnight does not hide a service the next day. Read capacity only through here.
 */
import type { CapacityStatus, Service } from './service.js';

export function effectiveCapacity(service: Pick<Service, 'capacity'>, now: Date): CapacityStatus {
  const { status, resetsAt } = service.capacity;
  if (status !== 'green' && resetsAt !== null && now.getTime() >= Date.parse(resetsAt)) return 'green';
  return status;
}
