/**
 * A weekly schedule in an IANA time zone. The local weekday and wall-clock minute come from
 * Intl.DateTimeFormat, so a DST change moves the slot with the clock on the wall (a 09:00–18:00 slot
 * starts at 07:00 UTC in Berlin's summer and 08:00 UTC in its winter). A slot is [from, to): a
 * local time skipped by a spring-forward simply never occurs.
 */
const DAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Day = (typeof DAYS)[number];
const DAY_INDEX: Record<Day, number> = { mon: 0, tue: 1, wed: 2, thu: 3, fri: 4, sat: 5, sun: 6 };

export interface ScheduleSlot {
  days: readonly Day[];
  from: string;
  to: string;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

/** Throws a RangeError for a zone Intl does not know. */
export function assertTimeZone(timeZone: string): void {
  formatter(timeZone);
}

/**
 * formatToParts costs tens of microseconds: the answer is kept per zone for the current UTC minute
 * (every zone's offset is a whole number of minutes), so twenty scheduled streams cost one call a
 * minute, not twenty per click. Process-local and tiny: one entry per zone in use.
 */
const lastMinute = new Map<string, { at: number; value: { day: Day; minute: number } }>();

/** The local weekday (mon…sun) and minute of the day at `now` in `timeZone`. */
export function localWeekMinute(now: Date, timeZone: string): { day: Day; minute: number } {
  const at = Math.floor(now.getTime() / 60_000);
  const cached = lastMinute.get(timeZone);
  if (cached?.at === at) return cached.value;
  const value = computeWeekMinute(now, timeZone);
  lastMinute.set(timeZone, { at, value });
  return value;
}

function computeWeekMinute(now: Date, timeZone: string): { day: Day; minute: number } {
  let weekday = 'Mon';
  let hour = 0;
  let minute = 0;
  for (const part of formatter(timeZone).formatToParts(now)) {
    if (part.type === 'weekday') weekday = part.value;
    else if (part.type === 'hour') hour = Number(part.value) % 24;
    else if (part.type === 'minute') minute = Number(part.value);
  }
  return { day: weekday.slice(0, 3).toLowerCase() as Day, minute: hour * 60 + minute };
}

const toMinute = (clock: string) => {
  const [h, m] = clock.split(':');
  return Number(h) * 60 + Number(m);
};

export function compileSchedule(timeZone: string, slots: readonly ScheduleSlot[], field: string) {
  try {
    assertTimeZone(timeZone);
  } catch {
    throw new RangeError(`${field}.time_zone: "${timeZone}" is not an IANA time zone`);
  }
  // Every slot laid onto the week's 10,080 local minutes once: a click reads one byte.
  const week = new Uint8Array(7 * 1440);
  slots.forEach((slot, i) => {
    const from = toMinute(slot.from);
    const to = toMinute(slot.to);
    if (from >= to) throw new RangeError(`${field}.slots[${i}]: from must be before to`);
    for (const day of slot.days) week.fill(1, DAY_INDEX[day] * 1440 + from, DAY_INDEX[day] * 1440 + to);
  });
  return {
    test(now: Date): boolean {
      const local = localWeekMinute(now, timeZone);
      return week[DAY_INDEX[local.day] * 1440 + local.minute] === 1;
    },
    describe(now: Date): string {
      const local = localWeekMinute(now, timeZone);
      const hh = String(Math.floor(local.minute / 60)).padStart(2, '0');
      const mm = String(local.minute % 60).padStart(2, '0');
      return `${local.day} ${hh}:${mm} ${timeZone}`;
    },
  };
}
