import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../components/notice';
import { useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { addDays, todayIn, zonedDayStart } from '../../lib/time-zone';
import { useNetworkCounts } from './use-network-counts';

const PERIODS = [
  { days: 1, label: 'Today' },
  { days: 7, label: '7 days' },
  { days: 14, label: '14 days' },
  { days: 30, label: '30 days' },
];

/** Seed 000's money cards need the leads, conversions and ledger APIs; they say so until then. */
const LATER_CARDS = ['Leads', 'Conversions', 'Revenue', 'Profit', 'EPC', 'Approval %'];

export function DashboardPage() {
  usePageTitle('Dashboard');
  const { timeZone } = useTimeZone();
  const [days, setDays] = useState(7);
  // The period starts at midnight of the chosen zone's calendar.
  const since = zonedDayStart(addDays(todayIn(timeZone), 1 - days), timeZone);
  const counts = useNetworkCounts(since);
  const c = counts.data;
  const value = (n: number | undefined) => (n === undefined ? '…' : n.toLocaleString());
  return (
    <section>
      <div className="page-head">
        <h1>Dashboard</h1>
        <fieldset className="segmented">
          <legend className="sr-only">Period</legend>
          {PERIODS.map((period) => (
            <button
              key={period.days}
              type="button"
              aria-pressed={days === period.days}
              onClick={() => setDays(period.days)}
            >
              {period.label}
            </button>
          ))}
        </fieldset>
      </div>
      {counts.error ? <ErrorNotice error={counts.error} onRetry={counts.reload} /> : null}
      <div className="cards">
        <Link className="card" to="/admin/clicks">
          <span className="card-label">Clicks</span>
          <span className="card-value">{value(c?.clicks)}</span>
        </Link>
        <Link className="card" to="/admin/offers?status=active">
          <span className="card-label">Active offers</span>
          <span className="card-value">{value(c?.activeOffers)}</span>
        </Link>
        <Link className="card" to="/admin/publishers?status=approved">
          <span className="card-label">Approved publishers</span>
          <span className="card-value">{value(c?.approvedPublishers)}</span>
        </Link>
        <Link className="card" to="/admin/publishers?status=pending">
          <span className="card-label">Pending publishers</span>
          <span className="card-value">{value(c?.pendingPublishers)}</span>
        </Link>
        <Link className="card" to="/admin/flows?status=active">
          <span className="card-label">Active flows</span>
          <span className="card-value">{value(c?.activeFlows)}</span>
        </Link>
        {LATER_CARDS.map((label) => (
          <div className="card card-later" key={label}>
            <span className="card-label">{label}</span>
            <span className="card-value">—</span>
            <span className="card-note">coming soon</span>
          </div>
        ))}
      </div>
    </section>
  );
}
