/**
 * The oracle of the ledger property test: what the books must say, from nothing but the conversions'
 * current states and the payouts made, by plain per-status sums. It imports nothing from src/ on
 * purpose, so a mistake in the ledger code cannot hide in its own check.
 *
 * The rules as the product has them today (change them here when the product changes):
 * - approved: the advertiser owes its payout (receivable), the publisher is owed theirs (approved),
 *   the network keeps the difference (margin);
 * - hold: the same amounts, on the pending figures;
 * - any other status: nothing;
 * - a paid payout moves its amount from the publisher's approved balance to paid;
 * - a reversal after payout takes the conversion off like any other: the publisher's approved
 *   balance may go below zero; that part is a clawback (shown on its own, left out of "owed to
 *   publishers" in Finance) which later approvals net before anything is payable again;
 * - payable (every offer here holds 0 days): approved less open requests; a request must fit in it,
 *   and a request is only paid while what is left after it is not negative.
 */

export interface ModelConversion {
  status: string;
  advPayout: number;
  pubPayout: number;
  currency: string;
  advertiserId: number;
  publisherId: number | null;
}

export interface ModelPayout {
  publisherId: number;
  currency: string;
  amount: number;
  status: 'requested' | 'paid' | 'rejected';
}

/** Minor units per currency the test uses; the ISO 4217 exponents, written out here. */
export const EXPONENT: Readonly<Record<string, number>> = { USD: 2, EUR: 2, JPY: 0 };

/** "12.50" (or "-0.50") in minor units of a currency, as the API formats amounts. */
export function minorOf(value: string, currency: string): number {
  const exponent = EXPONENT[currency];
  if (exponent === undefined) throw new Error(`no exponent for ${currency}`);
  const negative = value.startsWith('-');
  const [whole = '0', fraction = ''] = value.replace('-', '').split('.');
  if (fraction.slice(exponent).replace(/0/g, '') !== '')
    throw new Error(`${value} has more than ${currency}'s decimals`);
  const minor = Number(whole) * 10 ** exponent + Number(fraction.slice(0, exponent).padEnd(exponent, '0'));
  return negative ? -minor : minor;
}

/** Minor units as the decimal a person types: 1250 USD → "12.50". */
export function decimalOf(minor: number, currency: string): string {
  const exponent = EXPONENT[currency] ?? 2;
  if (exponent === 0) return String(minor);
  const text = String(Math.abs(minor)).padStart(exponent + 1, '0');
  return `${minor < 0 ? '-' : ''}${text.slice(0, -exponent)}.${text.slice(-exponent)}`;
}

/** Figures as people read them: `publisher 7 USD approved` → minor units (zeros left out). */
export type Figures = Map<string, number>;

export function putFigure(figures: Figures, key: string, value: number): void {
  const total = (figures.get(key) ?? 0) + value;
  if (total === 0) figures.delete(key);
  else figures.set(key, total);
}

const ON_BOOKS = ['approved', 'hold'] as const;

export class ExpectedBooks {
  readonly conversions = new Map<string, ModelConversion>();
  readonly payouts = new Map<string, ModelPayout>();

  /** Σ of one amount over the conversions in a status that match. */
  private sum(
    status: string,
    amount: (c: ModelConversion) => number,
    where: (c: ModelConversion) => boolean,
  ): number {
    let total = 0;
    for (const c of this.conversions.values()) if (c.status === status && where(c)) total += amount(c);
    return total;
  }

  private paid(publisherId: number, currency: string, status: ModelPayout['status']): number {
    let total = 0;
    for (const p of this.payouts.values())
      if (p.publisherId === publisherId && p.currency === currency && p.status === status) total += p.amount;
    return total;
  }

  publisher(publisherId: number, currency: string) {
    const mine = (c: ModelConversion) => c.publisherId === publisherId && c.currency === currency;
    const paid = this.paid(publisherId, currency, 'paid');
    const approved = this.sum('approved', (c) => c.pubPayout, mine) - paid;
    const requested = this.paid(publisherId, currency, 'requested');
    return {
      pending: this.sum('hold', (c) => c.pubPayout, mine),
      approved,
      paid,
      requested,
      /** What a new request may take (negative when reversals went past what is left). */
      payable: approved - requested,
      /** The approved balance below zero: money paid out and reversed since, to net. */
      clawback: Math.max(-approved, 0),
    };
  }

  advertiser(advertiserId: number, currency: string) {
    const theirs = (c: ModelConversion) => c.advertiserId === advertiserId && c.currency === currency;
    let conversions = 0;
    for (const c of this.conversions.values())
      if (c.status === 'approved' && theirs(c) && c.advPayout > 0) conversions++;
    return {
      pending: this.sum('hold', (c) => c.advPayout, theirs),
      receivable: this.sum('approved', (c) => c.advPayout, theirs),
      /** Conversions whose receivable is up over the whole ledger. */
      conversions,
    };
  }

  network(currency: string) {
    const inCurrency = (c: ModelConversion) => c.currency === currency;
    const margin = (c: ModelConversion) => c.advPayout - c.pubPayout;
    let paid = 0;
    for (const p of this.payouts.values())
      if (p.currency === currency && p.status === 'paid') paid += p.amount;
    const owed = ON_BOOKS.map((s) => this.sum(s, (c) => c.pubPayout, inCurrency)).reduce((a, b) => a + b, 0);
    return {
      receivable: this.sum('approved', (c) => c.advPayout, inCurrency),
      margin: this.sum('approved', margin, inCurrency),
      pendingMargin: this.sum('hold', margin, inCurrency),
      owedToPublishers: owed - paid,
      paid,
      clawbacks: this.clawbacks(currency),
    };
  }

  /** Σ of every publisher's clawback in a currency. */
  private clawbacks(currency: string): number {
    let total = 0;
    for (const { id, currency: c } of this.parties().publishers)
      if (c === currency) total += this.publisher(id, c).clawback;
    return total;
  }

  parties() {
    const advertisers = new Set<string>();
    const publishers = new Set<string>();
    const currencies = new Set<string>();
    for (const c of this.conversions.values()) {
      advertisers.add(`${c.advertiserId} ${c.currency}`);
      if (c.publisherId !== null) publishers.add(`${c.publisherId} ${c.currency}`);
      currencies.add(c.currency);
    }
    for (const p of this.payouts.values()) {
      publishers.add(`${p.publisherId} ${p.currency}`);
      currencies.add(p.currency);
    }
    const split = (s: string) => {
      const [id = '', currency = ''] = s.split(' ');
      return { id: Number(id), currency };
    };
    return {
      advertisers: [...advertisers].map(split),
      publishers: [...publishers].map(split),
      currencies: [...currencies],
    };
  }

  /** Every figure the balances API, Finance and the portal show for these parties. */
  figures(): Figures {
    const figures: Figures = new Map();
    const { advertisers, publishers, currencies } = this.parties();
    for (const { id, currency } of publishers) {
      const p = this.publisher(id, currency);
      putFigure(figures, `publisher ${id} ${currency} pending`, p.pending);
      putFigure(figures, `publisher ${id} ${currency} approved`, p.approved);
      putFigure(figures, `publisher ${id} ${currency} paid`, p.paid);
      putFigure(figures, `publisher ${id} ${currency} requested`, p.requested);
      putFigure(figures, `publisher ${id} ${currency} payable`, Math.max(p.payable, 0));
      putFigure(figures, `publisher ${id} ${currency} clawback`, p.clawback);
    }
    for (const { id, currency } of advertisers) {
      const a = this.advertiser(id, currency);
      putFigure(figures, `advertiser ${id} ${currency} pending`, a.pending);
      putFigure(figures, `advertiser ${id} ${currency} receivable`, a.receivable);
      putFigure(figures, `advertiser ${id} ${currency} conversions`, a.conversions);
    }
    for (const currency of currencies) {
      const n = this.network(currency);
      putFigure(figures, `network ${currency} receivable`, n.receivable);
      putFigure(figures, `network ${currency} margin`, n.margin);
      putFigure(figures, `network ${currency} pending_margin`, n.pendingMargin);
      putFigure(figures, `network ${currency} owed_to_publishers`, n.owedToPublishers);
      putFigure(figures, `network ${currency} paid`, n.paid);
      putFigure(figures, `network ${currency} clawbacks`, n.clawbacks);
    }
    return figures;
  }

  /**
   * The raw ledger as it must stand: per conversion (or paid payout), account, party and currency.
   * The chart of accounts is the ledger's public vocabulary; the amounts follow the rules above.
   */
  positions(): Figures {
    const lines: Figures = new Map();
    const line = (owner: string, account: string, party: number | null, currency: string, amount: number) =>
      putFigure(lines, `${owner}|${account}|${party ?? ''}|${currency}`, amount);
    for (const [id, c] of this.conversions) {
      const pending = c.status === 'hold';
      if (!pending && c.status !== 'approved') continue;
      line(
        id,
        pending ? 'advertiser_pending' : 'advertiser_receivable',
        c.advertiserId,
        c.currency,
        c.advPayout,
      );
      line(id, pending ? 'publisher_pending' : 'publisher_approved', c.publisherId, c.currency, -c.pubPayout);
      line(id, pending ? 'margin_pending' : 'network_margin', null, c.currency, c.pubPayout - c.advPayout);
    }
    for (const [id, p] of this.payouts) {
      if (p.status !== 'paid') continue;
      line(`payout ${id}`, 'publisher_approved', p.publisherId, p.currency, p.amount);
      line(`payout ${id}`, 'publisher_paid', p.publisherId, p.currency, -p.amount);
    }
    return lines;
  }
}
