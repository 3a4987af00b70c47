import { type ReactNode, useId } from 'react';
import { useWidth } from '../hooks/use-width';
import { tr } from '../i18n';
import { labelEvery, shortDay, showsLabel } from '../lib/chart';
import { armColour, type ShareDay } from '../lib/split-test';
import '../styles/split-sim.css';

const HEIGHT = 180;
const LEFT = 40;
const BOTTOM = 22;
const TOP = 6;

/** Each day's clicks split between the arms, as a 100 % stacked bar; a day without clicks is empty. */
export function ShareChart({
  title,
  days,
  armLabels,
  legend,
  tipLabels,
}: {
  title: string;
  days: ShareDay[];
  armLabels: string[];
  /** The legend's items when they need more than the text (defaults to armLabels). */
  legend?: ReactNode[];
  /** Each arm's name in a bar's tooltip (defaults to armLabels). */
  tipLabels?: string[];
}) {
  const id = useId();
  const { ref, width } = useWidth(640, 220);
  // Room on the right for the last day's label, centred under its bar.
  const plotWidth = width - LEFT - 20;
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const slot = days.length > 0 ? plotWidth / days.length : plotWidth;
  const barWidth = Math.max(1, Math.min(slot - Math.min(slot * 0.25, 6), 40));
  const every = labelEvery(days.length, Math.floor(plotWidth / 56));
  const pct = (share: number) => `${Math.round(share * 100)} %`;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <div ref={ref} className="chart-area">
        <svg
          width={width}
          height={HEIGHT}
          role="img"
          aria-label={tr('streams.chart.daysLabel', { title, count: days.length })}
        >
          <g transform={`translate(${LEFT},${TOP})`}>
            {[0, 0.5, 1].map((t) => {
              const y = plotHeight - t * plotHeight;
              return (
                <g key={t}>
                  <line className="chart-grid" x1={0} x2={plotWidth} y1={y} y2={y} />
                  <text className="chart-tick" x={-6} y={y} dy="0.32em" textAnchor="end">
                    {pct(t)}
                  </text>
                </g>
              );
            })}
            {days.map((day, i) => {
              const x = i * slot + (slot - barWidth) / 2;
              let y = plotHeight;
              return (
                <g key={day.day}>
                  {day.shares.map((share, a) => {
                    const h = share * plotHeight;
                    y -= h;
                    return share > 0 ? (
                      <rect
                        // biome-ignore lint/suspicious/noArrayIndexKey: arms keep their order
                        key={a}
                        x={x}
                        y={y}
                        width={barWidth}
                        height={h}
                        fill={armColour(a)}
                      >
                        <title>
                          {tr('streams.chart.shareTip', {
                            day: shortDay(day.day),
                            arm: tipLabels?.[a] ?? armLabels[a] ?? '',
                            share: pct(share),
                            count: day.total,
                          })}
                        </title>
                      </rect>
                    ) : null;
                  })}
                  {showsLabel(i, days.length, every) && (
                    <text className="chart-tick" x={x + barWidth / 2} y={plotHeight + 16} textAnchor="middle">
                      {shortDay(day.day)}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <ul className="arm-legend">
        {armLabels.map((label, a) => (
          <li key={label}>
            <span className="arm-swatch" style={{ background: armColour(a) }} aria-hidden="true" />
            {legend?.[a] ?? label}
          </li>
        ))}
      </ul>
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              <th scope="col">{tr('streams.chart.day')}</th>
              {armLabels.map((label) => (
                <th key={label} scope="col">
                  {label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {days.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                {d.shares.map((s, a) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: arms keep their order
                  <td key={a}>{pct(s)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
