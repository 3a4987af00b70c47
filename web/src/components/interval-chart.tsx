import { useId } from 'react';
import { useWidth } from '../hooks/use-width';
import { tr } from '../i18n';
import { ticks } from '../lib/chart';
import { armColour, type IntervalRow, intervalLayout } from '../lib/split-test';
import '../styles/split-sim.css';

const ROW = 30;
const LEFT = 44;
const RIGHT = 24;
const AXIS = 22;

/**
 * One row per arm: a dot at the value and a bar across its 95 % interval, all on one scale from 0,
 * so overlapping bars read as "no clear winner yet". Screen readers get the values as a table.
 */
export function IntervalChart({
  title,
  rows,
  formatTick,
}: {
  title: string;
  rows: IntervalRow[];
  formatTick: (value: number) => string;
}) {
  const id = useId();
  const { ref, width } = useWidth(480, 220);
  const plotWidth = width - LEFT - RIGHT;
  const grid = ticks(Math.max(0, ...rows.map((r) => r.high)), 4);
  const top = grid.at(-1) ?? 1;
  const layout = intervalLayout(rows, plotWidth, top);
  const height = rows.length * ROW + AXIS;
  return (
    <figure className="chart" aria-labelledby={`${id}-title`}>
      <figcaption id={`${id}-title`} className="chart-title">
        {title}
      </figcaption>
      <div ref={ref} className="chart-area">
        <svg
          width={width}
          height={height}
          role="img"
          aria-label={tr('streams.chart.armsLabel', { title, count: rows.length })}
        >
          <g transform={`translate(${LEFT},0)`}>
            {grid.map((t) => {
              const x = (t / top) * plotWidth;
              return (
                <g key={t}>
                  <line className="chart-grid" x1={x} x2={x} y1={0} y2={rows.length * ROW} />
                  <text className="chart-tick" x={x} y={rows.length * ROW + 14} textAnchor="middle">
                    {formatTick(t)}
                  </text>
                </g>
              );
            })}
            {rows.map((row, i) => {
              const at = layout[i];
              if (!at) return null;
              const y = i * ROW + ROW / 2;
              const colour = armColour(i);
              return (
                <g key={row.key}>
                  <title>{`${row.label}: ${row.display}`}</title>
                  <text className="chart-label" x={-8} y={y} dy="0.32em" textAnchor="end">
                    {row.label}
                  </text>
                  <rect
                    x={at.low}
                    y={y - 5}
                    width={Math.max(2, at.high - at.low)}
                    height={10}
                    rx={3}
                    fill={colour}
                    opacity={0.35}
                  />
                  <line x1={at.low} x2={at.low} y1={y - 8} y2={y + 8} stroke={colour} strokeWidth={2} />
                  <line x1={at.high} x2={at.high} y1={y - 8} y2={y + 8} stroke={colour} strokeWidth={2} />
                  <circle
                    cx={at.value}
                    cy={y}
                    r={5}
                    fill={colour}
                    stroke="var(--surface)"
                    strokeWidth={1.5}
                  />
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <div className="sr-only">
        <table>
          <caption>{title}</caption>
          <tbody>
            {rows.map((r) => (
              <tr key={r.key}>
                <th scope="row">{r.label}</th>
                <td>{r.display}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </figure>
  );
}
