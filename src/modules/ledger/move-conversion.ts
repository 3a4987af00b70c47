import type { Tx } from '../../db/database.js';
import type { NewRow } from '../../db/schema.js';
import { newId } from '../../lib/ids.js';
import { type ConversionMoney, impliedPostings, type Posting, postingsToReach } from './postings.js';
import { insertEntriesLast, positionOf } from './queries.js';

export interface LedgerMove {
  conversionId: string;
  /** A conversion created in this transaction has nothing posted yet (saves a read). */
  isNew?: boolean;
  /** The conversion's new state; the ledger is brought to what it implies. */
  target: ConversionMoney;
  /** Says why, on every entry: "approved → cancelled (postback)". */
  memo: string;
  now: Date;
}

/**
 * Bring a conversion's ledger position to what its new state implies, append-only: the posted
 * position is reversed as one balanced event, the new postings written as another. Runs in the
 * caller's transaction, beside the state change itself. Returns the event ids written (none when
 * the ledger already matches).
 */
export async function moveConversionLedger(tx: Tx, move: LedgerMove): Promise<string[]> {
  const posted = move.isNew ? [] : await positionOf(tx, move.conversionId);
  const { reversal, posting } = postingsToReach(posted, impliedPostings(move.target));
  const events: string[] = [];
  const rows: NewRow<'ledger_entries'>[] = [];
  const at = move.now.getTime();
  const iso = move.now.toISOString();
  const addEvent = (lines: Posting[], memo: string) => {
    if (lines.length === 0) return;
    const eventId = newId(at);
    events.push(eventId);
    for (const line of lines) {
      rows.push({
        id: newId(at),
        created_at: iso,
        conversion_id: move.conversionId,
        event_id: eventId,
        account: line.account,
        party: line.party,
        amount: line.amount,
        currency: line.currency,
        memo,
      });
    }
  };
  addEvent(reversal, `reversal: ${move.memo}`);
  addEvent(posting, `${move.target.status}: ${move.memo}`);
  // Written last (in a commit group, with the group's): every ledger read in the transaction counts them.
  await insertEntriesLast(tx, rows);
  return events;
}
