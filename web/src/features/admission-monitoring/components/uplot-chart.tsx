// The canvas chart itself, in its own chunk: uPlot loads only when monitoring shows a chart.
import { tokens } from '@fluentui/react-components';
import type { AdmissionStats } from '@gated/shared';
import { useEffect, useRef } from 'react';
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

export default function UplotChart({ stats, height = 180 }: { stats: AdmissionStats; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const xs = stats.buckets.map((b) => Date.parse(b.start) / 1000);
    const data: uPlot.AlignedData = [xs, ...SERIES.map((s) => stats.buckets.map((b) => b[s.key]))];
    const axisColor = cssVar(el, tokens.colorNeutralForeground2);
    const plot = new uPlot(
      {
        width: Math.max(el.clientWidth, 300),
        height,
        series: [{}, ...SERIES.map((s) => ({ label: s.label, stroke: cssVar(el, s.token), width: 2 }))],
        axes: [{ stroke: axisColor }, { stroke: axisColor }],
        legend: { show: true },
      },
      data,
      el,
    );
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(el.clientWidth, 300), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [stats, height]);
  return <div ref={ref} aria-hidden />;
}
