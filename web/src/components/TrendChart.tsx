import { useEffect, useRef, useState } from 'react';
import { Skeleton } from 'antd';

export interface TrendSeries {
  name: string;
  /** One value per category; null = no data that day (a gap, not zero). */
  values: (number | null)[];
  type?: 'line' | 'bar';
}

/**
 * Lines (or bars) over days. ECharts is fetched on first use; the chart is an image to assistive
 * technology, described by `label` — callers offer the same figures as a table.
 */
export function TrendChart({
  categories,
  series,
  label,
  height = 280,
  percent = false,
  testId = 'trend-chart',
}: {
  categories: string[];
  series: TrendSeries[];
  label: string;
  height?: number;
  percent?: boolean;
  testId?: string;
}) {
  const el = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void; setOption(o: unknown): void } | null = null;
    let observer: ResizeObserver | null = null;
    void import('./trendEcharts').then(({ echarts, CHART_FONT }) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
      const fmt = (v: number | null) => (v === null || v === undefined ? '–' : percent ? `${(v * 100).toFixed(1)}%` : String(v));
      chart.setOption({
        textStyle: { fontFamily: CHART_FONT },
        tooltip: { trigger: 'axis', valueFormatter: fmt },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: categories, boundaryGap: series.some((s) => s.type === 'bar') },
        yAxis: percent ? { type: 'value', min: (v: { min: number }) => Math.max(0, Math.floor(v.min * 10) / 10), max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : { type: 'value', minInterval: 1 },
        series: series.map((s) => ({ name: s.name, type: s.type ?? 'line', data: s.values, connectNulls: false, showSymbol: categories.length <= 31, smooth: false })),
      });
      observer = new ResizeObserver(() => chart?.resize());
      observer.observe(el.current);
      setReady(true);
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart?.dispose();
    };
  }, [categories, series, percent]);

  return (
    <div style={{ position: 'relative', height }}>
      {!ready && <Skeleton.Node active style={{ width: '100%', height }} />}
      <div ref={el} role="img" aria-label={label} data-testid={testId} data-ready={ready ? '1' : '0'} style={{ position: 'absolute', inset: 0 }} />
    </div>
  );
}
