/**
 * The console's only way to the server: JSON over fetch, with the session cookie the browser
 * holds (HttpOnly, never visible here) and the CSRF token on unsafe methods.
 *
 * 1) Every failure becomes an ApiError carrying the server's catalogue code and message, from
 *    problem+json (/api) or an OperationOutcome (/fhir), so screens show the server's own words.
 * 2) A 401 outside the sign-in steps means the session has ended (idle timeout, revoked,
 *    signed out elsewhere). It is reported once to the session layer, which asks the user to
 *    sign in again over the screen they were on, so nothing they typed is lost.
 * 3) A network failure is its own kind (status 0): the server is unreachable, not refusing.
 */

export interface ApiErrorDetail {
  path?: string;
  message: string;
}

export class ApiError extends Error {
  /** Set when the session layer has taken this over (a sign-in dialog is showing). */
  handledBySession = false;

  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: readonly ApiErrorDetail[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let csrfToken: string | null = null;
let onSessionEnded: ((message: string) => void) | null = null;

/** Set by the session layer after sign-in (and cleared on sign-out). */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

export function onUnauthenticated(handler: ((message: string) => void) | null): void {
  onSessionEnded = handler;
}

interface ProblemJson {
  code?: string;
  detail?: string;
  title?: string;
  errors?: ApiErrorDetail[];
}
interface OperationOutcome {
  resourceType: 'OperationOutcome';
  issue?: {
    diagnostics?: string;
    expression?: string[];
    details?: { text?: string; coding?: { code?: string }[] };
  }[];
}

async function toApiError(res: Response): Promise<ApiError> {
  let body: unknown = null;
  try {
    body = await res.json();
  } catch {
    // not JSON (a proxy's error page): fall through to the status text
  }
  if (body && typeof body === 'object' && (body as OperationOutcome).resourceType === 'OperationOutcome') {
    const issues = (body as OperationOutcome).issue ?? [];
    const first = issues[0];
    return new ApiError(
      res.status,
      first?.details?.coding?.[0]?.code ?? `HTTP_${res.status}`,
      first?.details?.text ?? first?.diagnostics ?? res.statusText,
      issues.map((i) => ({ path: i.expression?.[0], message: i.diagnostics ?? '' })),
    );
  }
  const p = (body ?? {}) as ProblemJson;
  return new ApiError(
    res.status,
    p.code ?? `HTTP_${res.status}`,
    p.detail ?? p.title ?? `The server answered ${res.status} ${res.statusText}`,
    p.errors ?? [],
  );
}

const SIGN_IN_STEPS = /^\/api\/auth\/(login|mfa\/)/;

async function request<T>(method: string, url: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json, application/fhir+json' };
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  let res: Response;
  try {
    res = await fetch(url, {
      method,
      headers,
      credentials: 'same-origin',
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch {
    throw new ApiError(0, 'E_NETWORK', 'The Lantern server cannot be reached. Check your connection.');
  }
  if (!res.ok) {
    const err = await toApiError(res);
    if (err.status === 401 && !SIGN_IN_STEPS.test(url) && url !== '/api/auth/me' && onSessionEnded) {
      err.handledBySession = true;
      onSessionEnded(err.message);
    }
    throw err;
  }
  if (res.status === 204) return undefined as T;
  return (await res.json()) as T;
}

export const api = {
  get: <T>(url: string) => request<T>('GET', url),
  post: <T>(url: string, body?: unknown) => request<T>('POST', url, body ?? {}),
};

/** Query string from defined, non-empty values (repeatable keys as arrays). */
export function query(params: Record<string, string | readonly string[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    for (const item of Array.isArray(v) ? v : [v]) if (item) q.append(k, item);
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}
