import type { AppContext } from '../../context.js';
import { insertRows } from '../../db/compiled-writes.js';
import type { Tx } from '../../db/database.js';
import { insertLast } from '../../db/deferred-rows.js';
import type { NewRow } from '../../db/schema.js';
import { unavailableError } from '../../http/error-handler.js';
import { AppError } from '../../lib/errors.js';
import type { PostbackTrace } from './accept-postback.js';
import { UnusedParamsError } from './errors.js';

/** How a request was answered: the HTTP status, the log's code, the JSON body. */
export interface Answer {
  status: number;
  code: string;
  message: string;
  body: Record<string, unknown>;
}

/**
 * A refused request's answer; the database being away is 503 `database_unavailable` (send it again
 * later); anything else is a server fault: 500 `db`, logged.
 */
export function answerForError(ctx: AppContext, error: unknown): Answer {
  const unavailable = unavailableError(ctx, error);
  if (unavailable) {
    const body = { error: unavailable.code, message: unavailable.message };
    return { status: 503, code: unavailable.code, message: unavailable.message, body };
  }
  if (error instanceof AppError) {
    const body: Record<string, unknown> = { error: error.code, message: error.message };
    if (error.field) body.field = error.field;
    if (error instanceof UnusedParamsError) body.warning_codes = error.warningCodes;
    return { status: error.statusCode, code: error.code, message: error.message, body };
  }
  ctx.logger.error({ err: error }, 'inbound postback failed');
  const message = 'a database error occurred while processing the request; it is logged, send it again';
  return { status: 500, code: 'db', message, body: { error: 'db', message } };
}

export interface LogInput {
  id: string;
  endpoint: string;
  method: string;
  ip: string;
  params: Record<string, string>;
  secretParams: readonly string[];
  unknownParams: string[];
  trace: PostbackTrace;
  goal?: string;
  status?: string;
  answer: Answer;
  changes: Record<string, unknown>;
  startedAt: Date;
  durationMs: number;
}

/** Secrets keep a 4-character prefix: enough to tell which token was sent, not enough to reuse it. */
export function maskSecret(value: string): string {
  return value.length > 8 ? `${value.slice(0, 4)}***` : '***';
}

function logRow(entry: LogInput): NewRow<'postback_log'> {
  const params: Record<string, string> = {};
  for (const [name, value] of Object.entries(entry.params)) {
    params[name] = entry.secretParams.includes(name) ? maskSecret(value) : value;
  }
  const trace = entry.trace;
  return {
    id: entry.id,
    created_at: entry.startedAt.toISOString(),
    endpoint: entry.endpoint,
    method: entry.method,
    ip: entry.ip,
    params: JSON.stringify(params),
    unknown_params: JSON.stringify(entry.unknownParams),
    advertiser_id: trace.advertiserId ?? null,
    offer_id: trace.offerId ?? null,
    flow_id: trace.flowId ?? null,
    click_id: trace.clickId?.slice(0, 200) ?? null,
    lead_id: trace.leadId ?? null,
    conversion_id: trace.conversionId ?? null,
    goal: entry.goal?.slice(0, 64) ?? null,
    status: entry.status?.slice(0, 200) ?? null,
    answer_status: entry.answer.status,
    answer_code: entry.answer.code,
    message: entry.answer.message.slice(0, 2000),
    changes: JSON.stringify(entry.changes),
    duration_ms: Math.round(entry.durationMs),
    warnings: JSON.stringify(trace.warnings ?? []),
    warning_codes: JSON.stringify(trace.warningCodes ?? []),
  };
}

/**
 * Write the log row inside the transaction of the change it answers: the row commits with the
 * change or not at all, so a change is never answered without its log row. Errors are the
 * caller's (its transaction fails and the request is logged as a server fault instead).
 */
export async function insertPostbackLog(tx: Tx, entry: LogInput): Promise<void> {
  // In a commit group, written with the group's other log rows before its commit (db/deferred-rows.ts).
  await insertLast(tx, 'postback_log', [logRow(entry)]);
}

/**
 * Write the log row on its own, after (and outside) the processing transaction, so a postback that
 * was refused or whose processing failed is on record too. A failure to log is itself logged, never
 * answered as one.
 */
export async function writePostbackLog(ctx: AppContext, entry: LogInput): Promise<void> {
  try {
    await insertRows(ctx.db, 'postback_log', [logRow(entry)]);
  } catch (error) {
    if (unavailableError(ctx, error)) return;
    ctx.logger.error({ err: error, postback: entry.id }, 'could not write the postback log');
  }
}
