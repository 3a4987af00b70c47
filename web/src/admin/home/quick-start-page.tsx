import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { CopyField } from '../../components/copy-button';
import { ErrorNotice } from '../../components/notice';
import { usePageTitle } from '../../hooks/use-page-title';
import { useAccess } from '../access';
import { useNetworkCounts } from './use-network-counts';

interface Step {
  title: string;
  done: boolean | undefined;
  body: ReactNode;
}

/** Seed 000 "Quick Start — Go Live in 5 Steps", with each step ticked off from the live data. */
export function QuickStartPage() {
  usePageTitle('Quick Start');
  const counts = useNetworkCounts();
  const c = counts.data;
  // PUBLIC_URL, as every link and postback URL the server gives out (the browser's origin may differ).
  const origin = useAccess().me?.public_url ?? window.location.origin;
  const steps: Step[] = [
    {
      title: 'Add an Advertiser',
      done: c && c.advertisers > 0,
      body: (
        <>
          <Link to="/admin/advertisers/new">+ New Advertiser</Link> — configure their API/S2S endpoint, auth
          and payload mapping. Presets fill WhoCPA, HasOffers and Cake settings.
        </>
      ),
    },
    {
      title: 'Create Offers',
      done: c && c.offers > 0,
      body: (
        <>
          <Link to="/admin/offers/new">+ New Offer</Link> — link it to an advertiser, set the Adv Offer ID
          (their system's ID), payouts and GEO.
        </>
      ),
    },
    {
      title: 'Approve Publishers',
      done: c && c.approvedPublishers > 0,
      body: (
        <>
          Publishers register at the portal; approve them in{' '}
          <Link to="/admin/publishers?status=pending">Publishers</Link>
          {c && c.pendingPublishers > 0 ? ` (${c.pendingPublishers} waiting)` : ''}.
        </>
      ),
    },
    {
      title: 'Share Tracking URLs',
      done: c && c.clicks > 0,
      body: (
        <>
          Copy them from the <Link to="/admin/offers">Offers</Link> table and give them to publishers, or let
          publishers build their own links in the portal.
        </>
      ),
    },
    {
      title: 'Monitor',
      done: c && c.clicks > 0,
      body: (
        <>
          The <Link to="/admin/dashboard">Dashboard</Link> and <Link to="/admin/clicks">Clicks</Link> show
          traffic as it arrives.
        </>
      ),
    },
  ];

  return (
    <section>
      <h1>Quick Start — go live in 5 steps</h1>
      {counts.error ? <ErrorNotice error={counts.error} onRetry={counts.reload} /> : null}
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.title} className={step.done ? 'step step-done' : 'step'}>
            <h2>
              {step.title}
              {step.done && <span className="badge badge-approved">Done</span>}
            </h2>
            <p>{step.body}</p>
          </li>
        ))}
      </ol>
      <h2>URLs to give advertisers and publishers</h2>
      <dl className="url-list">
        <dt>Conversion postback URL (for advertisers; each advertiser's own token is on its page)</dt>
        <dd>
          <CopyField
            label="Conversion postback URL"
            text={`${origin}/postback?click_id={click_id}&status={status}&payout={payout}&comment={comment}&token=POSTBACK_TOKEN`}
          />
        </dd>
        <dt>Publisher portal (register and log in)</dt>
        <dd>
          <CopyField label="Publisher portal" text={`${origin}/webmaster`} />
        </dd>
        <dt>Tracking link</dt>
        <dd>
          <CopyField
            label="Tracking link"
            text={`${origin}/click?offer_id=OFFER_ID&pub_id=PUB_ID&sub1=CAMPAIGN`}
          />
        </dd>
      </dl>
    </section>
  );
}
