/**
 * ECharts for trend lines, loaded with import() by TrendChart only, so it stays out of the initial
 * download. Registers just the pieces a line chart with a legend and tooltip needs; the core is
 * shared with ../charts/echarts (the bundler keeps one copy).
 */
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([LineChart, BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export { echarts };
export const CHART_FONT = "-apple-system, 'Segoe UI', 'PingFang SC', 'Noto Sans CJK SC', 'Microsoft YaHei', sans-serif";
