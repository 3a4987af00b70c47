import { insertRows } from '../../db/compiled-writes.js';
import type { Db } from '../../db/database.js';
import type { NewRow } from '../../db/schema.js';
import { writeLane } from './write-lane.js';

type SendingRow = NewRow<'outbound_requests'>;

/** Rows written by one statement at most (16 columns each: far under either database's limit). */
const MAX_ROWS = 64;

/**
 * Insert a request's `sending` row; resolves once it is committed. Group commit, as for leads
 * (db/group-commit.ts) but without a transaction: rows handed in during one event-loop turn, or
 * while the previous insert is in flight, go in one multi-row insert, which is one statement and one
 * commit (autocommit, atomic on both databases) instead of one each. The pushes of one claim start
 * together. Every caller still waits for the commit that holds its row, so nothing leaves before its
 * row is stored. If the statement fails, each row is tried again alone, so a row is refused only for
 * its own error, as when each had its own insert; with the database away all are refused at once.
 */
export const insertSendingRow: (db: Db, row: SendingRow) => Promise<void> = writeLane(
  (db, rows) => insertRows(db, 'outbound_requests', rows),
  MAX_ROWS,
);
