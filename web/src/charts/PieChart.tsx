import { useEffect, useRef, useState } from 'react';
import { Skeleton } from 'antd';

export interface Slice {
  name: string;
  value: number;
  color?: string;
}

/**
 * A small pie chart. ECharts is fetched on first use (see ./echarts); the chart is an image to
 * assistive technology, described by `label` — callers show the same figures as a table too.
 */
export function PieChart({ data, label, height = 260, formatValue }: { data: Slice[]; label: string; height?: number; formatValue?: (v: number) => string }) {
  const el = useRef<HTMLDivElement>(null);
  const [ready, setReady] = useState(false);

  useEffect(() => {
    let disposed = false;
    let chart: { dispose(): void; resize(): void; setOption(o: unknown): void } | null = null;
    let observer: ResizeObserver | null = null;
    void import('./echarts').then(({ echarts, CHART_FONT }) => {
      if (disposed || !el.current) return;
      chart = echarts.init(el.current, undefined, { renderer: 'canvas' });
      chart.setOption({
        textStyle: { fontFamily: CHART_FONT },
        tooltip: { trigger: 'item', valueFormatter: formatValue },
        legend: { bottom: 0, type: 'scroll' },
        series: [
          {
            type: 'pie',
            radius: ['40%', '68%'],
            center: ['50%', '44%'],
            avoidLabelOverlap: true,
            label: { formatter: '{b}\n{d}%' },
            data: data.map((d) => ({ name: d.name, value: d.value, itemStyle: d.color ? { color: d.color } : undefined })),
          },
        ],
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
  }, [data, formatValue]);

  return (
    <div style={{ position: 'relative', height }}>
      {!ready && <Skeleton.Node active style={{ width: '100%', height }} />}
      <div ref={el} role="img" aria-label={label} data-testid="pie-chart" style={{ position: 'absolute', inset: 0 }} />
    </div>
  );
}
