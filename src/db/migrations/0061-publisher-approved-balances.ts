import { type Kysely, sql } from 'kysely';
import { dialectOf } from '../dialect.js';

/**
 * A publisher's approved balance per currency, kept as the ledger is written (issue 18 item 7): every
 * cancellation of approved money reads it (the clawback check, `approvedBalanceOf`), and summing all
 * of the publisher's approved entries for it grew with the ledger (471 µs a read at 1,500 clicks,
 * docs/postback-throughput.md, session 14). The ledger stays the truth: this table is only ever
 * changed by the triggers below, in the same statement as the entries (so in the same transaction),
 * and always equals `sum(amount)` of the publisher_approved entries per party and currency
 * (test/publisher-approved-balances.test.ts checks it). The ledger is append-only; the update and
 * delete triggers keep the sum exact all the same.
 *
 * PostgreSQL: one statement-level trigger per event over the transition table, one upsert per party
 * and currency in key order (two transactions lock their balance rows in the same order).
 */
const ACCOUNT = `'publisher_approved'`;

const SQLITE_TRIGGERS = [
  [
    'publisher_approved_balance_ins',
    `after insert on ledger_entries when new.account = ${ACCOUNT} and new.party is not null`,
    [['new', '']],
  ],
  [
    'publisher_approved_balance_upd',
    `after update on ledger_entries when (old.account = ${ACCOUNT} and old.party is not null) or (new.account = ${ACCOUNT} and new.party is not null)`,
    [
      ['old', '-'],
      ['new', ''],
    ],
  ],
  [
    'publisher_approved_balance_del',
    `after delete on ledger_entries when old.account = ${ACCOUNT} and old.party is not null`,
    [['old', '-']],
  ],
] as const;

/** SQLite: add (or take off) one row's amount, when that row is a publisher's approved entry. */
const sqliteAdd = (row: string, sign: string) =>
  `insert into publisher_approved_balances (publisher_id, currency, amount) select ${row}.party, ${row}.currency, ${sign}${row}.amount where ${row}.account = ${ACCOUNT} and ${row}.party is not null on conflict (publisher_id, currency) do update set amount = amount + excluded.amount;`;

const PG_TRIGGERS = [
  ['insert', 'new table as new_rows', 'select account, party, currency, amount from new_rows'],
  [
    'update',
    'old table as old_rows new table as new_rows',
    'select account, party, currency, amount from new_rows union all select account, party, currency, -amount as amount from old_rows',
  ],
  ['delete', 'old table as old_rows', 'select account, party, currency, -amount as amount from old_rows'],
] as const;

/** PostgreSQL: the statement's rows summed per party and currency, added in key order. */
const pgAdd = (rows: string) =>
  `insert into publisher_approved_balances (publisher_id, currency, amount) select party, currency, sum(amount) from (${rows}) r where account = ${ACCOUNT} and party is not null group by party, currency order by party, currency on conflict (publisher_id, currency) do update set amount = publisher_approved_balances.amount + excluded.amount`;

const pgName = (event: string) => `publisher_approved_balance_${event}`;

// biome-ignore lint/suspicious/noExplicitAny: migrations run against the schema as it was then
export async function up(db: Kysely<any>): Promise<void> {
  // PostgreSQL runs a migration in one transaction: the ledger is locked against writes (reads go on)
  // from the fill below until the triggers exist, so an entry another process writes meanwhile can't
  // fall between the two. SQLite has one writer already.
  if (dialectOf(db) === 'postgres')
    await sql`lock table ledger_entries in share row exclusive mode`.execute(db);
  await db.schema
    .createTable('publisher_approved_balances')
    .addColumn('publisher_id', 'integer', (c) => c.notNull())
    .addColumn('currency', 'text', (c) => c.notNull())
    // Signed minor units as on the ledger: negative is owed to the publisher.
    .addColumn('amount', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('publisher_approved_balances_pk', ['publisher_id', 'currency'])
    .execute();
  await sql
    .raw(
      `insert into publisher_approved_balances (publisher_id, currency, amount) select party, currency, sum(amount) from ledger_entries where account = ${ACCOUNT} and party is not null group by party, currency`,
    )
    .execute(db);
  if (dialectOf(db) === 'postgres') {
    for (const [event, referencing, rows] of PG_TRIGGERS) {
      const name = pgName(event);
      await sql
        .raw(
          `create function ${name}() returns trigger language plpgsql as $$ begin ${pgAdd(rows)}; return null; end $$`,
        )
        .execute(db);
      await sql
        .raw(
          `create trigger ${name} after ${event} on ledger_entries referencing ${referencing} for each statement execute function ${name}()`,
        )
        .execute(db);
    }
  } else {
    for (const [name, event, rows] of SQLITE_TRIGGERS) {
      const body = rows.map(([row, sign]) => sqliteAdd(row, sign)).join(' ');
      await sql.raw(`create trigger ${name} ${event} begin ${body} end`).execute(db);
    }
  }
}

// biome-ignore lint/suspicious/noExplicitAny: see up()
export async function down(db: Kysely<any>): Promise<void> {
  if (dialectOf(db) === 'postgres') {
    for (const [event] of PG_TRIGGERS) {
      await sql.raw(`drop trigger if exists ${pgName(event)} on ledger_entries`).execute(db);
      await sql.raw(`drop function if exists ${pgName(event)}()`).execute(db);
    }
  } else {
    for (const [name] of SQLITE_TRIGGERS) await sql.raw(`drop trigger if exists ${name}`).execute(db);
  }
  await db.schema.dropTable('publisher_approved_balances').ifExists().execute();
}
