import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import type { DatabaseConfig } from '../../config.js';
import { DatabaseUnavailableError } from '../../lib/errors.js';
import type { NewClick } from './click-writer.js';

/**
 * The click spool: a click is appended to a local file before it is answered, and the file is
 * removed once its clicks are committed. A process that dies (kill -9, a crash, an OOM kill) leaves
 * its file behind, and the next process to start on the same spool directory replays it.
 *
 * The clicks answered in one event-loop turn are appended with one fs.writeSync (appendAll), and
 * none of them is answered before it returns: the lines are in the kernel before the redirects are
 * sent, so they survive the process dying. They do not survive the machine losing power unless
 * CLICK_SPOOL_FSYNC is on (an fsync per group of clicks). Files: `clicks-<pid>-<random>.log`, one per segment; the first line names the database
 * (a hash of its location), every other line is one click as JSON.
 *
 * A segment takes clicks until it holds SEGMENT_BYTES (not one segment per batch: opening, writing
 * the header of, closing and deleting a file 40 times a second cost the event loop at every batch).
 * A full segment is closed and deleted once all of its clicks are committed; the current one is
 * deleted at a graceful stop. After a crash its committed clicks are replayed with the rest and
 * skipped by `on conflict do nothing`: a bounded cost (one segment) paid only at a restart.
 */

const FILE = /^clicks-(\d+)-([0-9a-f]+)\.log$/;

/** A segment holding this much is closed and a new one started (about 16,000 clicks of ~1 kB). */
export const SEGMENT_BYTES = 16 * 1024 * 1024;

/** One spool file; a click's writer holds its segment and hands it back to done() once committed. */
export interface SpoolSegment {
  path: string;
  fd: number | undefined;
  /** Clicks appended to it that are not committed yet. */
  remaining: number;
  /** Bytes appended to it. */
  bytes: number;
}

/** Spool files this process has open (several app contexts may share one process in tests). */
const OURS = new Set<string>();

/** Which database a spool belongs to: its clicks are replayed only into that one. */
export function databaseIdentity(database: DatabaseConfig): string {
  let location = database.location;
  if (database.kind === 'postgres') {
    const url = new URL(location);
    url.password = '';
    url.username = '';
    location = `${url.hostname}:${url.port || '5432'}${url.pathname}`;
  }
  return createHash('sha256').update(`${database.kind}:${location}`).digest('hex').slice(0, 32);
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export interface SpoolOptions {
  dir: string;
  database: string;
  /** fsync every click (survives power loss; costs a disk flush per click). */
  fsync: boolean;
  /** A segment holding this many bytes is closed and the next group starts another (SEGMENT_BYTES). */
  segmentBytes?: number;
  /** The calls that open and append to segment files (node:fs's; a test counts or fails them). */
  files?: SpoolFiles;
}

export interface SpoolFiles {
  openSync: typeof openSync;
  writeSync: typeof writeSync;
}

export class ClickSpool {
  private current: SpoolSegment | undefined;
  /**
   * Segments not deleted yet. A click's segment is held by the click writer beside the click (one
   * map entry per click there), not in a map of this spool's: that was a third entry per click.
   */
  private readonly segments = new Set<SpoolSegment>();
  private readonly header: string;
  private readonly files: SpoolFiles;
  /** The bytes of the group being appended, reused from group to group (grown when one is larger). */
  private buffer = Buffer.allocUnsafe(64 * 1024);

  constructor(
    private readonly options: SpoolOptions,
    private readonly logger: Logger,
  ) {
    mkdirSync(options.dir, { recursive: true });
    this.files = options.files ?? { openSync, writeSync };
    this.header = `${JSON.stringify({ spool: 1, database: options.database })}\n`;
  }

  /** Append one click; throws DatabaseUnavailableError (a 503) when the disk refuses it. */
  append(click: NewClick): SpoolSegment | undefined {
    return this.appendAll([click]).segment;
  }

  /**
   * Append a group of clicks with one write (and one fsync with CLICK_SPOOL_FSYNC): the click
   * writer gathers the clicks of one event-loop turn and answers none of them before this returns.
   * Throws DatabaseUnavailableError (a 503 for every click of the group) when the disk refuses it.
   * Returns each click's line (its JSON), in order, and the segment that holds them: hand it to
   * done() once per click when that click is committed.
   */
  appendAll(clicks: readonly NewClick[]): { lines: string[]; segment: SpoolSegment | undefined } {
    if (clicks.length === 0) return { lines: [], segment: undefined };
    // Each click's line is given back: the click writer hands the same text to its insert thread.
    // The lines are encoded straight into one buffer kept for the next group (no joined string and
    // no new Buffer per group: both were heap the young generation had to scavenge).
    const lines: string[] = [];
    let length = 0;
    for (const click of clicks) {
      const line = JSON.stringify(click);
      lines.push(line);
      length += Buffer.byteLength(line, 'utf8') + 1;
    }
    if (this.buffer.length < length)
      this.buffer = Buffer.allocUnsafe(Math.max(length, this.buffer.length * 2));
    const bytes = this.buffer;
    let end = 0;
    for (const line of lines) {
      end += bytes.write(line, end, 'utf8');
      bytes[end++] = 10;
    }
    try {
      if (this.current && this.current.bytes >= (this.options.segmentBytes ?? SEGMENT_BYTES)) this.rotate();
      const segment = this.current ?? this.open();
      const fd = segment.fd as number;
      // A regular file takes the whole buffer at once; a short write (a full disk) is continued.
      for (let written = 0; written < end; )
        written += this.files.writeSync(fd, bytes, written, end - written);
      if (this.options.fsync) fsyncSync(fd);
      segment.bytes += end;
      segment.remaining += clicks.length;
      return { lines, segment };
    } catch (error) {
      if (error instanceof DatabaseUnavailableError) throw error;
      this.logger.error(
        { err: error, clicks: clicks.length },
        'cannot append clicks to the spool; refusing them',
      );
      throw new DatabaseUnavailableError('the click spool cannot be written (disk full?); try again shortly');
    }
  }

  /** A click of this segment is committed (or given up): the segment goes once all of its clicks are. */
  done(segment: SpoolSegment): void {
    segment.remaining--;
    if (segment.remaining === 0 && segment !== this.current) this.remove(segment);
  }

  /** Start a new segment for the next clicks (once the current one is full): the older one goes once committed. */
  private rotate(): void {
    const segment = this.current;
    if (!segment) return;
    this.current = undefined;
    this.closeFd(segment);
    if (segment.remaining === 0) this.remove(segment);
  }

  /** On shutdown: a segment with clicks the database never took stays for the next start. */
  close(): void {
    const segment = this.current;
    this.current = undefined;
    if (segment) {
      this.closeFd(segment);
      if (segment.remaining === 0) this.remove(segment);
    }
    const kept = [...this.segments].filter((s) => s.remaining > 0);
    for (const s of kept) OURS.delete(s.path);
    if (kept.length > 0) {
      this.logger.error(
        { clicks: kept.reduce((n, s) => n + s.remaining, 0), files: kept.map((s) => s.path) },
        'shutting down with clicks the database never took: they stay in the spool and are replayed on the next start',
      );
    }
  }

  /**
   * Clicks in spool files no running process owns (their process died), claimed by renaming them to
   * this process, so two processes starting at once never replay the same file. Files of another
   * database are left alone.
   */
  claimOrphans(): { files: string[]; clicks: NewClick[] } {
    const files: string[] = [];
    const clicks: NewClick[] = [];
    for (const name of readdirSync(this.options.dir)) {
      const match = FILE.exec(name);
      if (!match) continue;
      const path = join(this.options.dir, name);
      if (OURS.has(path)) continue;
      if (alive(Number(match[1])) && Number(match[1]) !== process.pid) continue;
      const claimed = join(this.options.dir, `clicks-${process.pid}-${randomBytes(8).toString('hex')}.log`);
      try {
        renameSync(path, claimed);
      } catch {
        continue; // Another process claimed it first.
      }
      const lines = readFileSync(claimed, 'utf8').split('\n');
      let database: string | undefined;
      try {
        database = (JSON.parse(lines[0] ?? '') as { database?: string }).database;
      } catch {
        database = undefined;
      }
      if (database !== this.options.database) {
        // Not ours to replay: give it back under a name of a dead owner.
        renameSync(claimed, path);
        this.logger.warn({ file: path }, 'click spool of another database left alone');
        continue;
      }
      OURS.add(claimed);
      files.push(claimed);
      for (const line of lines.slice(1)) {
        if (line === '') continue;
        try {
          clicks.push(JSON.parse(line) as NewClick);
        } catch {
          // Only a process dying inside a write can leave a torn line, and that click was never answered.
          this.logger.warn({ file: claimed }, 'torn line in a click spool skipped');
        }
      }
    }
    return { files, clicks };
  }

  /** A replayed file is committed: it goes. */
  release(path: string): void {
    OURS.delete(path);
    unlinkSync(path);
  }

  private open(): SpoolSegment {
    const path = join(this.options.dir, `clicks-${process.pid}-${randomBytes(8).toString('hex')}.log`);
    const fd = this.files.openSync(path, 'a', 0o600);
    OURS.add(path);
    this.files.writeSync(fd, this.header);
    const segment: SpoolSegment = { path, fd, remaining: 0, bytes: 0 };
    this.current = segment;
    this.segments.add(segment);
    return segment;
  }

  private closeFd(segment: SpoolSegment): void {
    if (segment.fd === undefined) return;
    closeSync(segment.fd);
    segment.fd = undefined;
  }

  private remove(segment: SpoolSegment): void {
    this.closeFd(segment);
    this.segments.delete(segment);
    OURS.delete(segment.path);
    try {
      unlinkSync(segment.path);
    } catch (error) {
      this.logger.warn({ err: error, file: segment.path }, 'could not remove a committed click spool file');
    }
  }
}

/** The spool of an app process; none for an in-memory SQLite database (nothing to replay into). */
export function openClickSpool(
  config: { database: DatabaseConfig; clickSpoolDir: string; clickSpoolFsync: boolean },
  logger: Logger,
): ClickSpool | undefined {
  if (config.database.location === ':memory:') return undefined;
  return new ClickSpool(
    { dir: config.clickSpoolDir, database: databaseIdentity(config.database), fsync: config.clickSpoolFsync },
    logger,
  );
}
