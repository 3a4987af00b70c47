import { type FormEvent, useState } from 'react';
import { useResource } from '../hooks/use-resource';
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
import { DateTime } from './time-zone';
import '../styles/split-sim.css';

/** "A · landing /s/promo-a/" */
function armName(arm: SplitArm, i: number): string {
  return `${armLetter(i)} · ${arm.target}`;
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

function ShiftList({ stream }: { stream: SplitStream }) {
  if (stream.shifts.length === 0)
    return (
      <p className="muted">
        {stream.auto
          ? 'No shifts yet: the bandit waits until every arm has its minimum sample.'
          : 'Automatic mode is off: weights change only when you edit them.'}
      </p>
    );
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
            <DateTime iso={shift.at} /> <span className="muted">({shift.reason})</span>:{' '}
            {[...after.entries()]
              .map(
                ([armId, weight]) =>
                  `${letter.get(armId) ?? `arm ${armId}`} ${percent((before.get(armId) ?? 0) / totalBefore, 0)} → ${percent(weight / totalAfter, 0)}`,
              )
              .join(', ')}
          </li>
        );
      })}
    </ol>
  );
}

function StreamResults({ stream, days }: { stream: SplitStream; days: string[] }) {
  const labels = stream.arms.map(armName);
  const crRows: IntervalRow[] = stream.arms.map((arm, i) => ({
    key: arm.id,
    label: armLetter(i),
    value: arm.cr,
    low: arm.cr_ci.low,
    high: arm.cr_ci.high,
    display: `${percent(arm.cr)} (95 %: ${percent(arm.cr_ci.low)}–${percent(arm.cr_ci.high)}), ${arm.clicks} clicks`,
  }));
  const currencies = [...new Set(stream.arms.flatMap((a) => a.epc.map((e) => e.currency)))];
  return (
    <section className="panel split-stream" aria-label={`Stream ${stream.name}`}>
      <h2>
        {stream.name} {stream.auto ? <span className="badge">auto</span> : null}
      </h2>
      <div className="table-wrap">
        <table className="table split-table">
          <caption className="sr-only">Arms of {stream.name}</caption>
          <thead>
            <tr>
              <th scope="col">Arm</th>
              <th scope="col" className="num">
                Weight
              </th>
              <th scope="col" className="num">
                Clicks
              </th>
              <th scope="col" className="num">
                Leads
              </th>
              <th scope="col" className="num">
                CR (95 % interval)
              </th>
              <th scope="col" className="num">
                EPC (95 % interval)
              </th>
            </tr>
          </thead>
          <tbody>
            {stream.arms.map((arm, i) => (
              <tr key={arm.id}>
                <th scope="row">{labels[i]}</th>
                <td className="num">{weightShare(arm, stream.arms)}</td>
                <td className="num">{arm.clicks.toLocaleString()}</td>
                <td className="num">{arm.leads.toLocaleString()}</td>
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
        <p className="muted">No clicks took this stream in the period.</p>
      ) : (
        <StreamCharts stream={stream} days={days} labels={labels} crRows={crRows} currencies={currencies} />
      )}
      <h3>Weight shifts</h3>
      <ShiftList stream={stream} />
    </section>
  );
}

function StreamCharts({
  stream,
  days,
  labels,
  crRows,
  currencies,
}: {
  stream: SplitStream;
  days: string[];
  labels: string[];
  crRows: IntervalRow[];
  currencies: string[];
}) {
  return (
    <>
      <div className="chart-grid-2">
        <IntervalChart title="Conversion rate by arm" rows={crRows} formatTick={(n) => percent(n, 0)} />
        {currencies.map((currency) => (
          <IntervalChart
            key={currency}
            title={`EPC by arm (${currency})`}
            formatTick={(n) => n.toFixed(2)}
            rows={stream.arms.map((arm, i) => {
              const e = arm.epc.find((x) => x.currency === currency);
              return {
                key: arm.id,
                label: armLetter(i),
                value: amountForDrawing(e?.value ?? '0'),
                low: amountForDrawing(e?.low ?? '0'),
                high: amountForDrawing(e?.high ?? '0'),
                display: e ? `${e.value} ${currency} (95 %: ${e.low}–${e.high})` : 'no revenue',
              };
            })}
          />
        ))}
      </div>
      <div className="chart-block">
        <ShareChart
          title="Share of the stream's clicks per day"
          days={shareSeries(stream.arms, days)}
          armLabels={labels}
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
      <form className="inline-form range-form" onSubmit={submit} noValidate aria-label="Period">
        <Field label="From">
          {(c) => (
            <input
              {...c}
              type="date"
              value={draft.from}
              onChange={(e) => setDraft({ ...draft, from: e.target.value })}
            />
          )}
        </Field>
        <Field label="To">
          {(c) => (
            <input
              {...c}
              type="date"
              value={draft.to}
              onChange={(e) => setDraft({ ...draft, to: e.target.value })}
            />
          )}
        </Field>
        <button type="submit">Show</button>
      </form>
      {data ? (
        <p className="muted">
          From <DateTime iso={data.from} /> to <DateTime iso={data.to} /> (UTC days; the last 30 days unless
          chosen). Accepted clicks; leads of those clicks; EPC = approved + hold revenue per click.
        </p>
      ) : null}
      {result.error ? <ErrorNotice error={result.error} onRetry={result.reload} /> : null}
      {!data && result.loading ? <Loading what="Loading the split test" /> : null}
      {data && data.streams.length === 0 ? (
        <EmptyState title="This flow has no streams.">
          <p>Add streams with two or more arms to split-test landings or offers.</p>
        </EmptyState>
      ) : null}
      {data?.streams.map((stream) => (
        <StreamResults key={stream.id} stream={stream} days={days} />
      ))}
    </div>
  );
}
