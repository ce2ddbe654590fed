/** The parts of a FHIR AuditEvent the log viewer shows, read defensively. */
export interface AuditEventResource {
  id: string;
  recorded: string;
  subtype?: { code?: string }[];
  outcomeDesc?: string;
  agent?: {
    role?: { text?: string }[];
    who?: { identifier?: { value?: string }; display?: string };
    network?: { address?: string };
  }[];
  entity?: {
    what?: { reference?: string; identifier?: { system?: string; value?: string } };
    description?: string;
  }[];
}

export interface AuditBundle {
  resourceType: 'Bundle';
  total?: number;
  entry?: { resource: AuditEventResource }[];
}

export interface AuditRow {
  id: string;
  recorded: string;
  who: string;
  userId: string | null;
  role: string;
  action: string;
  outcome: string;
  patientId: string | null;
  record: string;
  sourceIp: string;
}

const TIME = new Intl.DateTimeFormat('en-GB', {
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

export function describeAuditEvent(e: AuditEventResource): AuditRow {
  const agent = e.agent?.[0];
  const patientRef = e.entity?.find((x) => x.what?.reference?.startsWith('Patient/'))?.what?.reference;
  const record = e.entity?.find((x) => x.what?.identifier && x.description !== 'request id')?.what
    ?.identifier;
  return {
    id: e.id,
    recorded: TIME.format(new Date(e.recorded)),
    who: agent?.who?.display ?? 'anonymous',
    userId: agent?.who?.identifier?.value ?? null,
    role: agent?.role?.map((r) => r.text).join(', ') ?? '',
    action: e.subtype?.[0]?.code ?? '',
    outcome: e.outcomeDesc ?? '',
    patientId: patientRef ? patientRef.slice('Patient/'.length) : null,
    record: record
      ? `${record.system?.split('/').pop() ?? ''} ${record.value?.slice(0, 8) ?? ''}`.trim()
      : '',
    sourceIp: agent?.network?.address ?? '',
  };
}
