import { useState } from 'react';
import { Link } from 'react-router';
import { ErrorNotice } from '../../components/notice';
import { useTimeZone } from '../../components/time-zone';
import { usePageTitle } from '../../hooks/use-page-title';
import { addDays, todayIn, zonedDayStart } from '../../lib/time-zone';
import { type NetworkCounts, useNetworkCounts } from './use-network-counts';

const PERIODS = [
  { days: 1, label: 'Today' },
  { days: 7, label: '7 days' },
  { days: 14, label: '14 days' },
  { days: 30, label: '30 days' },
];

/** Seed 000's money cards need the leads, conversions and ledger APIs; they say so until then. */
const LATER_CARDS = ['Leads', 'Conversions', 'Revenue', 'Profit', 'EPC', 'Approval %'];

/** The cards the APIs of today can fill, each leading to the list behind it. */
function liveCards(c: NetworkCounts | undefined) {
  return [
    { label: 'Clicks', value: c?.clicks, to: '/admin/clicks' },
    { label: 'Active offers', value: c?.activeOffers, to: '/admin/offers?status=active' },
    { label: 'Approved publishers', value: c?.approvedPublishers, to: '/admin/publishers?status=approved' },
    { label: 'Pending publishers', value: c?.pendingPublishers, to: '/admin/publishers?status=pending' },
    { label: 'Active flows', value: c?.activeFlows, to: '/admin/flows?status=active' },
  ];
}

export function DashboardPage() {
  usePageTitle('Dashboard');
  const { timeZone } = useTimeZone();
  const [days, setDays] = useState(7);
  // The period starts at midnight of the chosen zone's calendar.
  const since = zonedDayStart(addDays(todayIn(timeZone), 1 - days), timeZone);
  const counts = useNetworkCounts(since);
  const c = counts.data;
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
        {liveCards(c).map((card) => (
          <Link className="card" to={card.to} key={card.label}>
            <span className="card-label">{card.label}</span>
            <span className="card-value">{card.value === undefined ? '…' : card.value.toLocaleString()}</span>
          </Link>
        ))}
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
