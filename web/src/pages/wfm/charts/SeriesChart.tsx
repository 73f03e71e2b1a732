import { useEffect, useRef, useState } from 'react';
import { Skeleton } from 'antd';

export interface ChartSeries {
  name: string;
  type: 'bar' | 'line';
  data: (number | null)[];
  color?: string;
  /** Per-point colours for bars (e.g. red where coverage falls short). */
  itemColors?: (string | undefined)[];
  /** 0 = left axis (default), 1 = right axis. */
  axis?: 0 | 1;
  stack?: string;
  dashed?: boolean;
  step?: boolean;
  area?: boolean;
  format?: (v: number) => string;
}

export interface ChartAxis {
  name?: string;
  format?: (v: number) => string;
  min?: number;
  max?: number;
}

interface Props {
  categories: string[];
  series: ChartSeries[];
  axes?: [ChartAxis] | [ChartAxis, ChartAxis];
  /** Text alternative: the chart is an image to assistive technology; screens show the figures as a table too. */
  label: string;
  height?: number;
  testId?: string;
  /** Show a zoom slider when there are many categories (a week of intervals). */
  zoom?: boolean;
  /** Name of the category (x) axis, e.g. 时段. */
  categoryName?: string;
}

/**
 * Bars and lines over shared categories (intervals, days, months). ECharts is fetched on first
 * use, as the other charts do.
 */
export function SeriesChart({ categories, series, axes = [{}], label, height = 300, testId = 'series-chart', zoom, categoryName }: Props) {
  const el = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void; setOption(o: unknown, notMerge?: boolean): void } | null = null;
    let observer: ResizeObserver | null = null;
    void import('./echartsSeries').then(({ echarts, CHART_FONT }) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
      const withZoom = zoom ?? categories.length > 60;
      chart.setOption({
        textStyle: { fontFamily: CHART_FONT },
        tooltip: { trigger: 'axis' },
        legend: { top: 0, type: 'scroll' },
        grid: { left: 8, right: 8, top: 36, bottom: (withZoom ? 52 : 8) + (categoryName ? 24 : 0), containLabel: true },
        xAxis: { type: 'category', data: categories, axisTick: { alignWithLabel: true }, ...(categoryName && { name: categoryName, nameLocation: 'middle', nameGap: 28 }) },
        yAxis: axes.map((a, i) => ({
          type: 'value',
          name: a.name,
          min: a.min,
          max: a.max,
          position: i === 0 ? 'left' : 'right',
          splitLine: { show: i === 0 },
          axisLabel: a.format ? { formatter: (v: number) => a.format!(v) } : undefined,
        })),
        dataZoom: withZoom ? [{ type: 'slider', bottom: 8, height: 20 }, { type: 'inside' }] : [],
        series: series.map((s) => ({
          name: s.name,
          type: s.type,
          yAxisIndex: s.axis ?? 0,
          stack: s.stack,
          step: s.step ? 'middle' : undefined,
          symbol: s.type === 'line' ? (categories.length > 40 ? 'none' : 'circle') : undefined,
          connectNulls: false,
          color: s.color,
          areaStyle: s.area ? { opacity: 0.15 } : undefined,
          lineStyle: s.dashed ? { type: 'dashed' } : undefined,
          tooltip: s.format ? { valueFormatter: (v: number | null) => (v === null || v === undefined ? '—' : s.format!(v)) } : undefined,
          data: s.itemColors ? s.data.map((v, i) => ({ value: v, itemStyle: s.itemColors![i] ? { color: s.itemColors![i] } : undefined })) : s.data,
        })),
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
  }, [categories, series, axes, zoom, categoryName]);

  return (
    <div style={{ position: 'relative', height }}>
      {!ready && <Skeleton.Node active style={{ width: '100%', height }} />}
      <div ref={el} role="img" aria-label={label} data-testid={testId} style={{ position: 'absolute', inset: 0 }} />
    </div>
  );
}
