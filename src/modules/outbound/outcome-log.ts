import { type Db, type DbOrTx, inTransaction } from '../../db/database.js';
import { type OutboundOutcome, recordOutboundOutcome } from './queries.js';
import { writeLane } from './write-lane.js';

export interface FinalOutcome {
  /** The request log row's id. */
  id: string;
  changes: OutboundOutcome;
  /** The caller's own record of the outcome (a lead push: the lead's result and the job's settle). */
  record(db: DbOrTx): Promise<unknown>;
}

/** Requests whose outcomes share one transaction at most (a claim is 4 pushes with the default 8). */
const MAX_OUTCOMES = 32;

/**
 * Write a request's last outcome and its caller's record in one transaction, shared with the other
 * requests that end in the same event-loop turn or while the previous transaction is in flight:
 * one begin and one commit for all of them (session 16), as their `sending` rows share one insert
 * (sending-log.ts). Resolves once committed. Each record keeps its own fences (a job's settle is
 * still refused when its lease was lost). If the shared transaction fails, each request's is tried
 * alone, so one failing record (or a lost row) rolls back nobody else's; with the database away all
 * are refused at once. A refused one is then written apart by the caller, as before.
 */
export const recordFinalOutcome: (db: Db, outcome: FinalOutcome) => Promise<void> = writeLane(
  write,
  MAX_OUTCOMES,
);

function write(db: Db, outcomes: FinalOutcome[]): Promise<void> {
  return inTransaction(db, async (tx) => {
    for (const outcome of outcomes) {
      await recordOutboundOutcome(tx, outcome.id, outcome.changes);
      await outcome.record(tx);
    }
  });
}
