/** Charts drawn on the server with ECharts' SVG renderer (no DOM), the same in HTML, PDF and DOCX. */
import * as echarts from 'echarts';
import type { Chart } from '../assemble';

export const CHART_W = 640;
export const CHART_H = 300;

export function chartSvg(c: Chart): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width: CHART_W, height: CHART_H });
  const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;
  const font = '"Noto Sans CJK SC", "Noto Sans SC", sans-serif';
  const base = { animation: false, textStyle: { fontFamily: font }, title: { text: c.title, left: 'center', textStyle: { fontSize: 14, fontFamily: font } }, color: ['#1677ff', '#52c41a', '#fa8c16', '#eb2f96', '#722ed1', '#13c2c2'] };
  if (c.kind === 'pie') {
    chart.setOption({ ...base, series: [{ type: 'pie', radius: ['30%', '60%'], top: 30, label: { formatter: '{b} {c}' }, data: c.categories.map((name, i) => ({ name, value: c.series[0]?.data[i] ?? 0 })) }] });
  } else {
    chart.setOption({
      ...base,
      legend: c.series.length > 1 ? { bottom: 0 } : undefined,
      grid: { left: 60, right: 20, top: 40, bottom: c.series.length > 1 ? 50 : 30 },
      xAxis: { type: 'category', data: c.categories, axisLabel: { interval: 0, fontSize: 10, rotate: c.categories.length > 8 ? 30 : 0 } },
      yAxis: { type: 'value', axisLabel: c.percent ? { formatter: (v: number) => pct(v) } : {}, ...(c.percent ? { max: (v: { max: number }) => Math.max(1, Math.ceil(v.max * 5) / 5) } : {}) },
      series: c.series.map((s) => ({ name: s.name, type: c.kind, data: s.data, label: { show: c.series.length === 1 && c.categories.length <= 12, position: 'top', fontSize: 10, formatter: c.percent ? (p: any) => pct(p.value) : undefined }, connectNulls: false })),
    });
  }
  const svg = chart.renderToSVGString();
  chart.dispose();
  return svg;
}
