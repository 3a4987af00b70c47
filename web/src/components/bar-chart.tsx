import { useId } from 'react';
import { useWidth } from '../hooks/use-width';
import { formatNumber } from '../i18n/format';
import { barLayout, labelEvery, showsLabel, ticks } from '../lib/chart';

export interface ChartPoint {
  key: string;
  /** Under the bar ("Jun 1"). */
  label: string;
  value: number;
  /** The value in words ("$12.50", "1,204"), for the tooltip and the table. */
  display: string;
}

const HEIGHT = 200;
const LEFT = 56;
const BOTTOM = 24;
const TOP = 8;

/**
 * A small bar chart in SVG, drawn at the width it has (text stays readable on a phone). Screen
 * readers get a summary and the values as a table; each bar has its value as a tooltip.
 */
export function BarChart({
  title,
  points,
  formatTick = (n) => formatNumber(n),
  counts = false,
}: {
  title: string;
  points: ChartPoint[];
  formatTick?: (value: number) => string;
  /** Whole numbers (clicks, leads): grid lines at whole numbers only. */
  counts?: boolean;
}) {
  const id = useId();
  const { ref, width } = useWidth(640, 200);
  const plotWidth = width - LEFT - 8;
  const plotHeight = HEIGHT - BOTTOM - TOP;
  const values = points.map((p) => p.value);
  const grid = ticks(Math.max(0, ...values), 4, counts);
  const top = grid.at(-1) ?? 1;
  const bars = barLayout(values, plotWidth, plotHeight, top);
  const every = labelEvery(points.length, Math.floor(plotWidth / 56));
  const highest = points.reduce<ChartPoint | undefined>(
    (best, p) => (!best || p.value > best.value ? p : best),
    undefined,
  );
  const summary =
    points.length === 0
      ? `${title}: no data.`
      : `${title}: ${points.length} bars${highest && highest.value > 0 ? `, highest ${highest.display} on ${highest.label}` : ', all zero'}.`;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <div ref={ref} className="chart-area">
        <svg width={width} height={HEIGHT} role="img" aria-label={summary}>
          <g transform={`translate(${LEFT},${TOP})`}>
            {grid.map((t) => {
              const y = plotHeight - (t / top) * plotHeight;
              return (
                <g key={t}>
                  <line className="chart-grid" x1={0} x2={plotWidth} y1={y} y2={y} />
                  <text className="chart-tick" x={-6} y={y} dy="0.32em" textAnchor="end">
                    {formatTick(t)}
                  </text>
                </g>
              );
            })}
            {bars.map((bar, i) => {
              const point = points[i];
              if (!point) return null;
              const showLabel = showsLabel(i, points.length, every);
              return (
                <g key={point.key}>
                  <rect
                    className="chart-bar"
                    x={bar.x}
                    y={bar.y}
                    width={bar.width}
                    height={bar.height}
                    rx={2}
                  >
                    <title>{`${point.label}: ${point.display}`}</title>
                  </rect>
                  {showLabel && (
                    <text
                      className="chart-tick"
                      x={bar.x + bar.width / 2}
                      y={plotHeight + 16}
                      textAnchor="middle"
                    >
                      {point.label}
                    </text>
                  )}
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      {/* A table ignores height: 1px and would stretch the page below the layout, so a box hides it. */}
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <tbody>
            {points.map((p) => (
              <tr key={p.key}>
                <th scope="row">{p.label}</th>
                <td>{p.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
