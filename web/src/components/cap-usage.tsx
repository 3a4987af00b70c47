import { tr } from '../i18n';
import type { Cap } from '../lib/types';

const PERIOD: Record<Cap['period'], string> = {
  hourly: 'this hour',
  daily: 'today',
  monthly: 'this month',
  total: 'in total',
};

/** "37 / 50 leads today (Asia/Kolkata)" with a bar; amber from 90 %, red when reached. */
export function CapUsage({ cap }: { cap: Cap }) {
  const unit = cap.metric === 'payout' ? (cap.currency ?? '') : cap.metric;
  const level = cap.percent >= 100 ? 'cap-full' : cap.percent >= 90 ? 'cap-near' : 'cap-ok';
  const label = tr('common.cap.usage', {
    used: cap.used,
    limit: cap.limit,
    unit: cap.metric === 'payout' ? unit : tr(`common.cap.metric.${cap.metric}`, { defaultValue: unit }),
    period: tr(`common.cap.period.${cap.period}`, { defaultValue: PERIOD[cap.period] }),
  });
  return (
    <div className={`cap-usage ${level}`}>
      {/* Green below 90 %, amber from 90 %, red when reached: the browser colours a meter by low/high. */}
      <meter
        className="cap-bar"
        min={0}
        max={100}
        low={89.99}
        high={99.99}
        optimum={0}
        value={Math.min(cap.percent, 100)}
        aria-label={label}
      />
      <span className="cap-label">
        {label}
        {cap.time_zone !== 'UTC' && <span className="muted"> ({cap.time_zone})</span>}
      </span>
    </div>
  );
}

export function describeCap(cap: Cap): string {
  // The words live with the Caps panel (i18n/*/traffic.json), the one screen that says them.
  if (cap.mode === 'soft') return tr('traffic.caps.softShort');
  const reached = tr(`traffic.caps.reached.${cap.on_reached}`, {
    defaultValue: cap.on_reached.replace('_', ' '),
  });
  return `${tr('traffic.caps.hardShort')} → ${reached.toLowerCase()}`;
}
