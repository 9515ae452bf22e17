// The canvas chart itself, in its own chunk: uPlot loads only when monitoring shows a chart.
import { tokens } from '@fluentui/react-components';
import type { AdmissionStats } from '@gated/shared';
import { useEffect, useRef } from 'react';
import { chartColumns } from './chart-series';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** Series colours resolved from Fluent tokens (CSS variables) on the element, so themes apply. */
function cssVar(el: HTMLElement, token: string): string {
  const name = token.replace(/^var\(/, '').replace(/\)$/, '');
  return getComputedStyle(el).getPropertyValue(name).trim() || '#888';
}

const SERIES = [
  { key: 'Deny', label: 'Denied', token: tokens.colorPaletteRedForeground1 },
  { key: 'Audit', label: 'Audited', token: tokens.colorPaletteDarkOrangeForeground1 },
  { key: 'Allow', label: 'Allowed', token: tokens.colorPaletteGreenForeground1 },
  { key: 'NotGated', label: 'Not gated', token: tokens.colorNeutralForeground3 },
] as const;

/** Decisions per bucket over the window `[fromMs, toMs]`, which fixes the x axis. */
export default function UplotChart({
  stats,
  fromMs,
  toMs,
  height = 90,
}: {
  stats: AdmissionStats;
  fromMs: number;
  toMs: number;
  height?: number;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const { xs, series } = chartColumns(stats, fromMs, toMs);
    const data: uPlot.AlignedData = [xs, ...SERIES.map((s) => series[s.key])];
    const axisColor = cssVar(el, tokens.colorNeutralForeground2);
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 300),
        height,
        scales: { x: { time: true, range: [fromMs / 1000, toMs / 1000] } },
        series: [
          {},
          ...SERIES.map((s) => ({ label: s.label, stroke: cssVar(el, s.token), width: 2 })),
        ],
        axes: [{ stroke: axisColor }, { stroke: axisColor }],
        // The totals above the chart name the series; a second legend only confused.
        legend: { show: false },
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() =>
      plot.setSize({ width: Math.max(el.clientWidth, 300), height }),
    );
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [stats, fromMs, toMs, height]);
  return <div ref={ref} aria-hidden />;
}
