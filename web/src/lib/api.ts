import { currentLocale, i18next, tr } from '../i18n';
import { type AccountRefusal, accountRefusal, refusalMessage } from './account-refusal';
import { type Filters, toQueryString } from './query-string';

/** The API's error body: `{error, message, field}` (src/http/error-handler.ts). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    /** Set when the account itself is refused (suspended, rejected, disabled); `message` says so in words. */
    readonly refusal?: AccountRefusal,
    /** For a schema failure: the JSON-schema keyword (required, format…). */
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Page<T> {
  data: T[];
  page: number;
  per_page: number;
  total: number;
}

/**
 * The readable cookie holding the double-submit CSRF token the server set at login: each app has
 * its own (the admin panel `lr_csrf`, the publisher portal `lr_pub_csrf`), so both can be open.
 */
export function csrfCookieName(pathname: string): string {
  return pathname === '/webmaster' || pathname.startsWith('/webmaster/') ? 'lr_pub_csrf' : 'lr_csrf';
}

export function readCookie(cookieHeader: string, name: string): string | undefined {
  for (const part of cookieHeader.split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

type UnauthorizedListener = (refusal?: AccountRefusal) => void;
let onUnauthorized: UnauthorizedListener | undefined;

/**
 * The signed-in shell listens, so an expired session anywhere sends the person back to the login
 * form; a suspended (or rejected, or disabled) account goes there too, with the refusal to explain.
 */
export function setUnauthorizedListener(listener: UnauthorizedListener | undefined): void {
  onUnauthorized = listener;
}

type MutationListener = (path: string) => void;
let onMutation: MutationListener | undefined;

/**
 * The query cache listens (lib/query-client.ts), so a change the app made (any successful request
 * but a GET) marks the cached answers that show its resource out of date (lib/invalidation.ts), and
 * those on screen ask again.
 */
export function setMutationListener(listener: MutationListener | undefined): void {
  onMutation = listener;
}

type ReadListener = (path: string) => void;
let onRead: ReadListener | undefined;

/**
 * Runs `load` and lists the API paths it asks for (GETs through `api.get`) before its first await,
 * so the query cache knows which resources an answer shows (lib/invalidation.ts). Requests sent
 * after an await inside `load` are not seen; an answer with no paths seen counts as showing every
 * resource.
 */
export function recordReads<T>(load: () => Promise<T>): { result: Promise<T>; reads: string[] } {
  const reads: string[] = [];
  const outer = onRead;
  onRead = (path) => reads.push(path);
  try {
    return { result: load(), reads };
  } finally {
    onRead = outer;
  }
}

function describeStatus(status: number): string {
  if (status === 404) return tr('common.errors.not_found');
  if (status === 429) return tr('common.errors.rate_limited');
  if (status >= 500) return tr('common.errors.server');
  return tr('common.errors.status', { status });
}

async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const form = body instanceof FormData;
  // Fastify refuses an empty body declared as JSON, so the header goes only with a body; a form
  // (file upload) sets its own multipart boundary.
  if (body !== undefined && !form) headers['content-type'] = 'application/json';
  if (method !== 'GET') {
    const csrf = readCookie(document.cookie, csrfCookieName(window.location.pathname));
    if (csrf) headers['x-csrf-token'] = csrf;
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      body: body === undefined ? undefined : form ? body : JSON.stringify(body),
    });
  } catch {
    throw new ApiError(0, 'network', tr('common.errors.network'));
  }
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = undefined;
  }
  if (!response.ok) {
    const error = (parsed ?? {}) as { error?: string; message?: string; field?: string; rule?: string };
    const refusal = accountRefusal(response.status, error.error);
    // A wrong password or code at sign-in is no ended session.
    if (!/\/login(\/2fa)?$/.test(path) && (response.status === 401 || refusal)) onUnauthorized?.(refusal);
    throw new ApiError(
      response.status,
      error.error ?? `http_${response.status}`,
      refusal ? refusalMessage(refusal) : (error.message ?? describeStatus(response.status)),
      error.field,
      refusal,
      error.rule,
    );
  }
  if (method !== 'GET') onMutation?.(path);
  return parsed as T;
}

export const api = {
  get: <T>(path: string, query: Filters = {}) => {
    onRead?.(path);
    return request<T>('GET', path + toQueryString(query));
  },
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  patch: <T>(path: string, body: unknown) => request<T>('PATCH', path, body),
  put: <T>(path: string, body: unknown) => request<T>('PUT', path, body),
  delete: (path: string) => request<void>('DELETE', path),
  /** A multipart/form-data upload (a CSV file). */
  upload: <T>(path: string, query: Filters, form: FormData) =>
    request<T>('POST', path + toQueryString(query), form),
};

/** A message for any failure: the API's own words when it gave them. */
export function errorMessage(error: unknown): string {
  if (error instanceof ApiError) return translatedApiError(error);
  if (error instanceof Error) return error.message;
  return String(error);
}

/** Codes whose meaning does not depend on the request: said in the reader's language. */
const GENERIC_CODES = new Set([
  'network',
  'unauthorized',
  'forbidden',
  'not_found',
  'rate_limited',
  'too_large',
  'unsupported_media_type',
  'database_unavailable',
  'internal',
]);

/**
 * The API's error in the reader's language, by its stable code (src/http/error-handler.ts): a
 * refusal or a generic code has its own sentence, a business rule's own code (docs/api.md, "Refusal
 * codes") its sentence in errors.json, a schema failure names its field and rule. A refusal without
 * its own code yet is shown in the server's English words.
 */
export function translatedApiError(error: ApiError): string {
  // English shows the server's own words, as before (they name the amount, the status…); a refusal already has its sentence.
  if (error.refusal || currentLocale() === 'en') return error.message;
  if (GENERIC_CODES.has(error.code)) return tr(`common.errors.${error.code}`);
  if (i18next.exists(`errors.${error.code}`)) return tr(`errors.${error.code}`);
  if (error.code === 'validation' && error.rule && error.field) {
    return tr('common.errors.field', {
      field: error.field,
      problem: tr(`common.errors.rules.${error.rule}`, { defaultValue: tr('common.errors.rules.other') }),
    });
  }
  return error.message;
}
