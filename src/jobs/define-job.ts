import type { AppContext } from '../context.js';
import type { DbOrTx } from '../db/database.js';
import type { Row } from '../db/schema.js';
import { type BackoffPolicy, DEFAULT_BACKOFF } from './backoff.js';

export type JobRow = Row<'jobs'>;

/** What a handler may do with its own run, beside its side effect. */
export interface JobRun {
  /**
   * Record this run as done in `db`, which may be the handler's own transaction: the handler's last
   * write and the job's settle then share one commit (a lead push: the lead's result and the settle).
   * Fenced on the claim like the worker's own settle; false when the lease was lost. Call it last: the
   * worker then settles nothing more when the handler returns, but if the handler throws, the worker
   * records the failure as usual (refused by the fence when the done settle did commit).
   */
  settleDoneIn(db: DbOrTx): Promise<boolean>;
}

/** Used when a job is enqueued by type name alone and the caller names no limit. */
export const DEFAULT_MAX_ATTEMPTS = 5;

export interface JobDefinition<P = unknown> {
  readonly type: string;
  readonly maxAttempts: number;
  readonly backoff: BackoffPolicy;
  /**
   * Does the side effect. Throw PermanentError when retrying cannot help; any other error retries.
   * Written as a method so a registry can hold definitions of different payload types.
   */
  handler(ctx: AppContext, payload: P, job: JobRow, run: JobRun): Promise<void>;
  /**
   * Called once when the job ends as failed, however it got there (a permanent error, the last
   * attempt failing, or its worker dying during the last attempt), so the subject can be marked.
   */
  onGiveUp?(ctx: AppContext, payload: P, job: JobRow, error: string): Promise<void>;
}

export interface JobOptions<P> {
  /** Stored with each job: renaming a type strands the jobs already queued under the old name. */
  type: string;
  maxAttempts?: number;
  backoff?: Partial<BackoffPolicy>;
  handler: JobDefinition<P>['handler'];
  onGiveUp?: JobDefinition<P>['onGiveUp'];
}

export class JobDefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JobDefinitionError';
  }
}

export function defineJob<P>(options: JobOptions<P>): JobDefinition<P> {
  if (!/^[a-z][a-z0-9_.-]{0,63}$/.test(options.type)) {
    throw new JobDefinitionError(`job type "${options.type}" must be lowercase letters, digits, _ . -`);
  }
  const maxAttempts = options.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1) {
    throw new JobDefinitionError(`job type "${options.type}": maxAttempts must be a positive integer`);
  }
  const backoff = { ...DEFAULT_BACKOFF, ...options.backoff };
  if (backoff.baseMs < 0 || backoff.capMs < backoff.baseMs) {
    throw new JobDefinitionError(`job type "${options.type}": backoff needs 0 ≤ baseMs ≤ capMs`);
  }
  return { type: options.type, maxAttempts, backoff, handler: options.handler, onGiveUp: options.onGiveUp };
}

/** The job types one process can run; the worker only claims jobs of these types. */
export class JobRegistry {
  private readonly byType = new Map<string, JobDefinition>();

  constructor(definitions: readonly JobDefinition[] = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: JobDefinition): this {
    if (this.byType.has(definition.type)) {
      throw new JobDefinitionError(`job type "${definition.type}" is defined twice`);
    }
    this.byType.set(definition.type, definition);
    return this;
  }

  get(type: string): JobDefinition | undefined {
    return this.byType.get(type);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }
}
