import type { ReactNode } from 'react';
import { Trans, useTranslation } from 'react-i18next';
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
  const { t } = useTranslation();
  usePageTitle(t('admin.quickStart.pageTitle'));
  const counts = useNetworkCounts();
  const c = counts.data;
  // PUBLIC_URL, as every link and postback URL the server gives out (the browser's origin may differ).
  const origin = useAccess().me?.public_url ?? window.location.origin;
  const steps: Step[] = [
    {
      title: t('admin.quickStart.s1'),
      done: c && c.advertisers > 0,
      body: (
        <Trans i18nKey="admin.quickStart.s1body" components={{ go: <Link to="/admin/advertisers/new" /> }} />
      ),
    },
    {
      title: t('admin.quickStart.s2'),
      done: c && c.offers > 0,
      body: <Trans i18nKey="admin.quickStart.s2body" components={{ go: <Link to="/admin/offers/new" /> }} />,
    },
    {
      title: t('admin.quickStart.s3'),
      done: c && c.approvedPublishers > 0,
      body: (
        <>
          <Trans
            i18nKey="admin.quickStart.s3body"
            components={{ go: <Link to="/admin/publishers?status=pending" /> }}
          />
          {c && c.pendingPublishers > 0
            ? ` ${t('admin.quickStart.waiting', { count: c.pendingPublishers })}`
            : ''}
          .
        </>
      ),
    },
    {
      title: t('admin.quickStart.s4'),
      done: c && c.clicks > 0,
      body: <Trans i18nKey="admin.quickStart.s4body" components={{ go: <Link to="/admin/offers" /> }} />,
    },
    {
      title: t('admin.quickStart.s5'),
      done: c && c.clicks > 0,
      body: (
        <Trans
          i18nKey="admin.quickStart.s5body"
          components={{ dash: <Link to="/admin/dashboard" />, clicks: <Link to="/admin/clicks" /> }}
        />
      ),
    },
  ];

  return (
    <section>
      <h1>{t('admin.quickStart.title')}</h1>
      {counts.error ? <ErrorNotice error={counts.error} onRetry={counts.reload} /> : null}
      <ol className="steps">
        {steps.map((step) => (
          <li key={step.title} className={step.done ? 'step step-done' : 'step'}>
            <h2>
              {step.title}
              {step.done && <span className="badge badge-approved">{t('admin.quickStart.done')}</span>}
            </h2>
            <p>{step.body}</p>
          </li>
        ))}
      </ol>
      <h2>{t('admin.quickStart.urls')}</h2>
      <dl className="url-list">
        <dt>{t('admin.quickStart.postbackHint')}</dt>
        <dd>
          <CopyField
            label={t('admin.quickStart.postback')}
            text={`${origin}/postback?click_id={click_id}&status={status}&payout={payout}&comment={comment}&token=POSTBACK_TOKEN`}
          />
        </dd>
        <dt>{t('admin.quickStart.portalHint')}</dt>
        <dd>
          <CopyField label={t('admin.quickStart.portal')} text={`${origin}/webmaster`} />
        </dd>
        <dt>{t('admin.quickStart.tracking')}</dt>
        <dd>
          <CopyField
            label={t('admin.quickStart.tracking')}
            text={`${origin}/click?offer_id=OFFER_ID&pub_id=PUB_ID&sub1=CAMPAIGN`}
          />
        </dd>
      </dl>
    </section>
  );
}
