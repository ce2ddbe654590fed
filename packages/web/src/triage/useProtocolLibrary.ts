/**
 * The protocol library from the server, validated again here by core before the engine sees
 * it: the wire is not trusted, and one invalid protocol refuses the whole library (as the
 * server's loader does), because a partly loaded library would silently drop a complaint.
 */
import { type Protocol, validateProtocol } from '@lantern/core';
import { useQuery } from '@tanstack/react-query';
import { api } from '../api/client.js';

export interface ProtocolLibrary {
  sieve: Protocol;
  protocols: Protocol[];
}

async function loadLibrary(): Promise<ProtocolLibrary> {
  const raw = await api.get<{ sieve: unknown; protocols: unknown[] }>('/api/triage/protocols');
  const sieve = validateProtocol(raw.sieve, 'sieve');
  const protocols = raw.protocols
    .map((p, i) => validateProtocol(p, `protocols[${i}]`))
    .sort((a, b) => a.title.localeCompare(b.title));
  return { sieve, protocols };
}

export function useProtocolLibrary() {
  return useQuery({
    queryKey: ['triage', 'protocols'],
    queryFn: loadLibrary,
    staleTime: Number.POSITIVE_INFINITY,
  });
}
