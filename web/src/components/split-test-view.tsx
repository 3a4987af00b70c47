import { type FormEvent, type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useResource } from '../hooks/use-resource';
import { tr } from '../i18n';
import { formatFixed, formatNumber } from '../i18n/format';
import { api } from '../lib/api';
import { daysBetween } from '../lib/chart';
import {
  amountForDrawing,
  armLetter,
  type IntervalRow,
  percent,
  type SplitArm,
  type SplitStream,
  type SplitTestReply,
  shareSeries,
} from '../lib/split-test';
import { Field } from './field';
import { IntervalChart } from './interval-chart';
import { EmptyState, ErrorNotice, Loading } from './notice';
import { ShareChart } from './share-chart';
import { TargetName, targetText } from './streams/target-name';
import { DateTime } from './time-zone';
import '../styles/split-sim.css';
import { DateInput } from './date-input';

/** "A · landing /s/promo-a/" */
function armName(arm: SplitArm, i: number): string {
  return `${armLetter(i)} · ${targetText(arm.target)}`;
}

/** The same on screen, the target's id or path marked as data. */
function armNode(arm: SplitArm, i: number): ReactNode {
  return (
    <>
      {armLetter(i)} · <TargetName target={arm.target} />
    </>
  );
}

function weightShare(arm: SplitArm, arms: readonly SplitArm[]): string {
  const total = arms.reduce((s, a) => s + a.weight, 0);
  return total > 0 ? percent(arm.weight / total, 0) : '—';
}

/** The bandit's log: `before`/`after` are [{arm_id, weight}] (src/modules/streams/rebalance.ts). */
function weightsOf(value: unknown): Map<string, number> {
  const out = new Map<string, number>();
  if (!Array.isArray(value)) return out;
  for (const item of value) {
    if (item && typeof item === 'object' && 'arm_id' in item && 'weight' in item)
      out.set(String(item.arm_id), Number(item.weight));
  }
  return out;
}

/** The bandit's logged reason (rebalance.ts) in the reader's language; another text as it came. */
function shiftReason(reason: string): string {
  const m = /^thompson sampling on (\w+), min share ([\d.]+) %, min sample (\d+)$/.exec(reason);
  if (!m) return reason;
  return tr('streams.split.shiftReason', { metric: (m[1] ?? '').toUpperCase(), share: m[2], sample: m[3] });
}

function ShiftList({ stream }: { stream: SplitStream }) {
  const { t } = useTranslation();
  if (stream.shifts.length === 0)
    return <p className="muted">{stream.auto ? t('streams.split.noShifts') : t('streams.split.autoOff')}</p>;
  const letter = new Map(stream.arms.map((a, i) => [a.id, armLetter(i)]));
  return (
    <ol className="shift-list">
      {stream.shifts.map((shift) => {
        const before = weightsOf(shift.before);
        const after = weightsOf(shift.after);
        const totalBefore = [...before.values()].reduce((a, b) => a + b, 0) || 1;
        const totalAfter = [...after.values()].reduce((a, b) => a + b, 0) || 1;
        return (
          <li key={shift.at}>
            <DateTime iso={shift.at} /> <span className="muted">({shiftReason(shift.reason)})</span>:{' '}
            {[...after.entries()]
              .map(
                ([armId, weight]) =>
                  `${letter.get(armId) ?? t('streams.split.armId', { id: armId })} ${percent((before.get(armId) ?? 0) / totalBefore, 0)} → ${percent(weight / totalAfter, 0)}`,
              )
              .join(', ')}
          </li>
        );
      })}
    </ol>
  );
}

function StreamResults({ stream, days }: { stream: SplitStream; days: string[] }) {
  const { t } = useTranslation();
  const labels = stream.arms.map(armName);
  const crRows: IntervalRow[] = stream.arms.map((arm, i) => ({
    key: arm.id,
    label: armLetter(i),
    value: arm.cr,
    low: arm.cr_ci.low,
    high: arm.cr_ci.high,
    display: t('streams.split.crDisplay', {
      cr: percent(arm.cr),
      low: percent(arm.cr_ci.low),
      high: percent(arm.cr_ci.high),
      clicks: t('streams.count.clicks', { count: arm.clicks, n: formatNumber(arm.clicks) }),
    }),
  }));
  const currencies = [...new Set(stream.arms.flatMap((a) => a.epc.map((e) => e.currency)))];
  return (
    <section
      className="panel split-stream"
      aria-label={t('streams.split.streamLabel', { name: stream.name })}
    >
      <h2>
        {stream.name} {stream.auto ? <span className="badge">{t('streams.split.auto')}</span> : null}
      </h2>
      <div className="table-wrap">
        <table className="table split-table">
          <caption className="sr-only">{t('streams.split.armsOf', { name: stream.name })}</caption>
          <thead>
            <tr>
              <th scope="col">{t('streams.split.arm')}</th>
              <th scope="col" className="num">
                {t('streams.card.weight')}
              </th>
              <th scope="col" className="num">
                {t('streams.split.clicks')}
              </th>
              <th scope="col" className="num">
                {t('streams.split.leads')}
              </th>
              <th scope="col" className="num">
                {t('streams.split.crInterval')}
              </th>
              <th scope="col" className="num">
                {t('streams.split.epcInterval')}
              </th>
            </tr>
          </thead>
          <tbody>
            {stream.arms.map((arm, i) => (
              <tr key={arm.id}>
                <th scope="row">{armNode(arm, i)}</th>
                <td className="num">{weightShare(arm, stream.arms)}</td>
                <td className="num">{formatNumber(arm.clicks)}</td>
                <td className="num">{formatNumber(arm.leads)}</td>
                <td className="num">
                  {percent(arm.cr)}{' '}
                  <span className="muted">
                    ({percent(arm.cr_ci.low)}–{percent(arm.cr_ci.high)})
                  </span>
                </td>
                <td className="num">
                  {arm.epc.length === 0
                    ? '—'
                    : arm.epc.map((e) => (
                        <div key={e.currency}>
                          {e.value} {e.currency}{' '}
                          <span className="muted">
                            ({e.low}–{e.high})
                          </span>
                        </div>
                      ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {stream.arms.every((a) => a.clicks === 0) ? (
        <p className="muted">{t('streams.split.noClicks')}</p>
      ) : (
        <StreamCharts
          stream={stream}
          days={days}
          labels={labels}
          legend={stream.arms.map(armNode)}
          crRows={crRows}
          currencies={currencies}
        />
      )}
      <h3>{t('streams.split.shifts')}</h3>
      <ShiftList stream={stream} />
    </section>
  );
}

function StreamCharts({
  stream,
  days,
  labels,
  legend,
  crRows,
  currencies,
}: {
  stream: SplitStream;
  days: string[];
  labels: string[];
  legend: ReactNode[];
  crRows: IntervalRow[];
  currencies: string[];
}) {
  return (
    <>
      <div className="chart-grid-2">
        <IntervalChart title={tr('streams.split.crChart')} rows={crRows} formatTick={(n) => percent(n, 0)} />
        {currencies.map((currency) => (
          <IntervalChart
            key={currency}
            title={tr('streams.split.epcChart', { currency })}
            formatTick={(n) => formatFixed(n)}
            rows={stream.arms.map((arm, i) => {
              const e = arm.epc.find((x) => x.currency === currency);
              return {
                key: arm.id,
                label: armLetter(i),
                value: amountForDrawing(e?.value ?? '0'),
                low: amountForDrawing(e?.low ?? '0'),
                high: amountForDrawing(e?.high ?? '0'),
                display: e
                  ? tr('streams.split.epcDisplay', { value: e.value, currency, low: e.low, high: e.high })
                  : tr('streams.split.noRevenue'),
              };
            })}
          />
        ))}
      </div>
      <div className="chart-block">
        <ShareChart
          title={tr('streams.split.shareChart')}
          days={shareSeries(stream.arms, days)}
          armLabels={labels}
          legend={legend}
          // A bar's tooltip names its arm by letter: the legend below says which target it is.
          tipLabels={stream.arms.map((_, i) => armLetter(i))}
        />
      </div>
    </>
  );
}

/**
 * A flow's split tests: per stream and arm, clicks, leads, CR and EPC with 95 % intervals, charts
 * of both, each arm's daily share of traffic and the bandit's logged shifts. `base` is
 * /api/admin or /api/publisher (the same answer, the publisher's own flows only).
 */
export function SplitTestView({ base, flowId }: { base: string; flowId: string }) {
  const { t } = useTranslation();
  const [range, setRange] = useState<{ from: string; to: string }>({ from: '', to: '' });
  const [draft, setDraft] = useState(range);
  const query = { from: range.from || undefined, to: range.to || undefined };
  const result = useResource(`split-test:${base}:${flowId}:${range.from}:${range.to}`, () =>
    api.get<SplitTestReply>(`${base}/flows/${flowId}/split-test`, query),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    setRange(draft);
  }
  const data = result.data;
  // `to` is exclusive: the last day shown is the day of the millisecond before it.
  const days = data
    ? daysBetween(data.from.slice(0, 10), new Date(Date.parse(data.to) - 1).toISOString().slice(0, 10))
    : [];
  return (
    <div className="split-test">
      <form
        className="inline-form range-form"
        onSubmit={submit}
        noValidate
        aria-label={t('streams.split.period')}
      >
        <Field label={t('streams.split.from')}>
          {(c) => (
            <DateInput
              {...c}
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          )}
        </Field>
        <Field label={t('streams.split.to')}>
          {(c) => (
            <DateInput {...c} value={draft.to} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
          )}
        </Field>
        <button type="submit">{t('streams.split.show')}</button>
      </form>
      {data ? (
        <p className="muted">
          {t('streams.split.rangeFrom')} <DateTime iso={data.from} /> {t('streams.split.rangeTo')}{' '}
          <DateTime iso={data.to} /> {t('streams.split.rangeNote')}
        </p>
      ) : null}
      {result.error ? <ErrorNotice error={result.error} onRetry={result.reload} /> : null}
      {!data && result.loading ? <Loading what={t('streams.split.loading')} /> : null}
      {data && data.streams.length === 0 ? (
        <EmptyState title={t('streams.split.noStreams')}>
          <p>{t('streams.split.noStreamsHint')}</p>
        </EmptyState>
      ) : null}
      {data?.streams.map((stream) => (
        <StreamResults key={stream.id} stream={stream} days={days} />
      ))}
    </div>
  );
}
