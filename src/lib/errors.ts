import type { RefusalCode } from './refusal-codes.js';

/** Errors the HTTP edge maps to answers in one place (src/http/error-handler.ts). */
export class AppError extends Error {
  constructor(
    message: string,
    readonly statusCode: number,
    readonly code: string,
    readonly field?: string,
  ) {
    super(message);
    this.name = new.target.name;
  }
}

/**
 * A refusal people see (a business rule, not a schema failure) may carry its own stable `code`
 * (lib/refusal-codes.ts) instead of the generic one, so the web app can say it in the reader's
 * language; `message` stays the English detail for API users.
 */
export class ValidationError extends AppError {
  constructor(message: string, field?: string, code: RefusalCode | 'validation' = 'validation') {
    super(message, 422, code, field);
  }
}

/** A query parameter the schema lets through but the endpoint cannot use (an unknown sort column). */
export class InvalidQueryError extends AppError {
  constructor(message: string, field?: string) {
    super(message, 400, 'validation', field);
  }
}

export class NotFoundError extends AppError {
  constructor(what: string) {
    super(`${what} not found`, 404, 'not_found');
  }
}

export class ConflictError extends AppError {
  constructor(message: string, field?: string, code: RefusalCode | 'conflict' = 'conflict') {
    super(message, 409, code, field);
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = 'authentication required') {
    super(message, 401, 'unauthorized');
  }
}

export class ForbiddenError extends AppError {
  constructor(message = 'forbidden') {
    super(message, 403, 'forbidden');
  }
}

/**
 * A signed-in account the server no longer lets in (at sign-in and on every request of an open
 * session): 403 with code `account_suspended`, `account_rejected` or `account_disabled`, so a client
 * can tell it from other 403s (CSRF, the other role) without reading the message.
 */
export class AccountRefusedError extends AppError {
  constructor(
    role: 'publisher' | 'admin',
    readonly state: 'suspended' | 'rejected' | 'disabled',
  ) {
    super(`${role} account is ${state}`, 403, `account_${state}`);
  }
}

/**
 * The database is away (unreachable, restarting, busy) or this process cannot hold more writes for
 * it: 503, try again shortly. Raw driver errors of that kind are answered the same way
 * (db/availability.ts tells them apart).
 */
export class DatabaseUnavailableError extends AppError {
  constructor(message = 'the database is unavailable; try again shortly') {
    super(message, 503, 'database_unavailable');
  }
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    reason: string,
  ) {
    super(`${variable}: ${reason}`);
    this.name = 'ConfigError';
  }
}
