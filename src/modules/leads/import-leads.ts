import { type Readable, Transform } from 'node:stream';
import { type CsvError, parse } from 'csv-parse';
import type { AppContext } from '../../context.js';
import { inTransaction } from '../../db/database.js';
import { AppError, ValidationError } from '../../lib/errors.js';
import { assertTakesLeads, prepareLead } from './create-lead.js';
import type { LeadInput, SubKey } from './lead-fields.js';
import { resolveLeadTarget } from './resolve-lead-target.js';
import type { ImportReport } from './schemas.js';
import { type PreparedLead, storeLeads } from './store-lead.js';

/** The largest file an import reads (about a million typical rows). */
export const IMPORT_MAX_BYTES = 100 * 1024 * 1024;
/** Rows written per transaction: few commits, short locks. */
const BATCH_ROWS = 500;
/** A longer row is surely broken (an unclosed quote); csv-parse stops reading there. */
const MAX_ROW_BYTES = 1024 * 1024;
/** csv-parse reads nothing after these: the report says the file was not read to its end. */
const FATAL_CSV_ERRORS = new Set(['CSV_QUOTE_NOT_CLOSED', 'CSV_MAX_RECORD_SIZE']);
/** The report lists this many row errors and counts the rest. */
const MAX_LISTED_ERRORS = 1000;

type Column = 'name' | 'phone' | 'email' | 'country' | 'ip' | 'address' | 'comment' | 'userAgent' | SubKey;

/** Header names as people write them ("Full Name", "E-mail", "sub_1"), lower-case letters and digits only. */
const COLUMN_NAMES: Record<string, Column> = {
  fullname: 'name',
  name: 'name',
  phone: 'phone',
  phonenumber: 'phone',
  telephone: 'phone',
  tel: 'phone',
  mobile: 'phone',
  email: 'email',
  emailaddress: 'email',
  country: 'country',
  countrycode: 'country',
  geo: 'country',
  ip: 'ip',
  ipaddress: 'ip',
  address: 'address',
  comment: 'comment',
  comments: 'comment',
  note: 'comment',
  notes: 'comment',
  useragent: 'userAgent',
  sub1: 'sub1',
  sub2: 'sub2',
  sub3: 'sub3',
  sub4: 'sub4',
  sub5: 'sub5',
  sub6: 'sub6',
  sub7: 'sub7',
  sub8: 'sub8',
  sub9: 'sub9',
  sub10: 'sub10',
};

/** The sample file offered for download: every known column and one custom column, filled in. */
export const SAMPLE_CSV =
  'Full Name,Phone,Email,Country,IP,Address,Comment,Sub1,Sub2,Sub3,Sub4,Sub5,Product Size\r\n' +
  'John Smith,+919876543210,john.smith@example.com,IN,49.36.0.10,"12 MG Road, Bengaluru",Call after 6 pm,fb,adset-7,creative-3,,,XL\r\n' +
  'Priya Sharma,+919812345678,,IN,,,,,,,,,M\r\n';

export interface ImportOptions {
  offerId: number;
  publisherId?: number;
  /** false: store the leads without pushing them. */
  push: boolean;
}

interface HeaderMap {
  columns: (Column | { meta: string } | null)[];
  custom: string[];
}

function readHeader(header: string[]): HeaderMap {
  const custom: string[] = [];
  const columns = header.map((raw) => {
    const title = raw.trim();
    if (title === '') return null;
    const known = COLUMN_NAMES[title.toLowerCase().replace(/[^a-z0-9]/g, '')];
    if (known) return known;
    custom.push(title);
    return { meta: title };
  });
  const present = new Set(columns.filter((c): c is Column => typeof c === 'string'));
  const missing = [present.has('name') ? null : 'Full Name', present.has('phone') ? null : 'Phone'].filter(
    Boolean,
  );
  if (missing.length > 0) {
    throw new ValidationError(
      `the file needs the columns Full Name and Phone; missing ${missing.join(' and ')} (header: ${header.join(', ')})`,
      'file',
      'import_columns_missing',
    );
  }
  return { columns, custom };
}

function rowInput(header: HeaderMap, record: string[], options: ImportOptions): LeadInput {
  const input: LeadInput = { source: 'import', offerId: options.offerId, publisherId: options.publisherId };
  const subs: Partial<Record<SubKey, string>> = {};
  const meta: Record<string, string> = {};
  header.columns.forEach((column, i) => {
    const value = record[i];
    if (column === null || value === undefined || value === '') return;
    if (typeof column === 'object') meta[column.meta] = value;
    else if (column.startsWith('sub')) subs[column as SubKey] = value;
    else input[column as Exclude<Column, SubKey>] = value;
  });
  if (!input.name) throw new ValidationError('Full Name is empty', 'name', 'name_required');
  if (!input.phone) throw new ValidationError('Phone is empty', 'phone', 'phone_required');
  return { ...input, subs, meta };
}

/** Fails the read with 413 once more than `limit` bytes came in. */
function byteLimit(limit: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > limit) done(new AppError(`the file is larger than ${limit} bytes`, 413, 'too_large'));
      else done(null, chunk);
    },
  });
}

class ImportRun {
  readonly report: ImportReport;
  private batch: { row: number; lead: PreparedLead }[] = [];

  constructor(
    private readonly ctx: AppContext,
    offerId: number,
    custom: string[],
  ) {
    this.report = {
      offer_id: String(offerId),
      rows: 0,
      imported: 0,
      failed: 0,
      statuses: {},
      custom_fields: custom,
      errors: [],
      errors_truncated: false,
      complete: true,
    };
  }

  fail(row: number, error: unknown): void {
    if (!(error instanceof AppError) || error.statusCode >= 500) throw error;
    this.report.failed++;
    if (this.report.errors.length < MAX_LISTED_ERRORS) {
      this.report.errors.push({ row, field: error.field ?? null, message: error.message });
    } else this.report.errors_truncated = true;
  }

  async add(row: number, lead: PreparedLead): Promise<void> {
    this.batch.push({ row, lead });
    if (this.batch.length >= BATCH_ROWS) await this.flush();
  }

  /** One transaction per batch; a row the offer refuses (over its cap) is reported, the others are written. */
  async flush(): Promise<void> {
    const batch = this.batch;
    this.batch = [];
    if (batch.length === 0) return;
    const outcomes = await inTransaction(this.ctx.db, (tx) =>
      storeLeads(
        tx,
        this.ctx,
        batch.map((b) => b.lead),
      ),
    );
    const stored: string[] = [];
    outcomes.forEach((outcome, i) => {
      if ('refused' in outcome) this.fail(batch[i]?.row ?? 0, outcome.refused);
      else stored.push(outcome.lead.status);
    });
    for (const status of stored) {
      this.report.imported++;
      this.report.statuses[status] = (this.report.statuses[status] ?? 0) + 1;
    }
    // SQLite answers synchronously, so without this a long import never lets other requests
    // (clicks, leads) through until it ends.
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/**
 * Import leads for one offer from a CSV stream (header row first). Streamed with csv-parse and
 * written in batches, so memory stays flat however long the file is. Each row goes through the same
 * checks as POST /api/lead (phone, duplicates, blocklist, cap) and is pushed unless `push` is false;
 * a bad row is listed in the report and the import goes on.
 */
export async function importLeads(
  ctx: AppContext,
  source: Readable,
  options: ImportOptions,
): Promise<ImportReport> {
  const target = await resolveLeadTarget(ctx, {
    source: 'import',
    offerId: options.offerId,
    publisherId: options.publisherId,
  });
  if (options.push) assertTakesLeads(target);
  // A malformed line is skipped and reported, not fatal: the rows around it still count.
  const parser = parse({
    bom: true,
    trim: true,
    skip_empty_lines: true,
    relax_column_count: true,
    skip_records_with_error: true,
    max_record_size: MAX_ROW_BYTES,
    info: true,
  });
  const malformed: { line: number; error: CsvError }[] = [];
  parser.on('skip', (error: CsvError & { lines?: number }) =>
    malformed.push({ line: error.lines ?? 0, error }),
  );
  const limited = byteLimit(IMPORT_MAX_BYTES);
  source.on('error', (error) => parser.destroy(error));
  limited.on('error', (error) => parser.destroy(error));
  source.pipe(limited).pipe(parser);

  let header: HeaderMap | undefined;
  let run: ImportRun | undefined;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (!header || !run) {
      header = readHeader(record);
      run = new ImportRun(ctx, options.offerId, header.custom);
      continue;
    }
    run.report.rows++;
    try {
      await run.add(
        info.lines,
        await prepareLead(ctx, rowInput(header, record, options), { push: options.push }, target),
      );
    } catch (error) {
      run.fail(info.lines, error);
    }
  }
  if (!run)
    throw new ValidationError(
      'the file is empty; it needs a header row with Full Name and Phone',
      'file',
      'import_file_empty',
    );
  await run.flush();
  for (const { line, error } of malformed) {
    run.report.rows++;
    // An unclosed quote swallows the rest of the file: say so rather than report a clean finish.
    if (FATAL_CSV_ERRORS.has(error.code)) run.report.complete = false;
    run.fail(line, new ValidationError(`not valid CSV: ${error.message}`, 'file', 'import_csv_invalid'));
  }
  run.report.errors.sort((a, b) => a.row - b.row);
  return run.report;
}
