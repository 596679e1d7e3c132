import { theme } from 'antd';
import { BarChart, PieChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { SVGRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, PieChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export interface ChartDatum {
  label: string;
  value: number;
}

/** A bar or pie chart of labelled counts (ECharts, SVG). Pages pair it with a table view. */
export function Chart({
  kind,
  data,
  label,
  height = 260,
}: {
  kind: 'bar' | 'pie';
  data: ChartDatum[];
  label: string;
  height?: number;
}) {
  const element = useRef<HTMLDivElement>(null);
  // The theme decides motion (off when the system asks to reduce it); charts follow it.
  const { motion } = theme.useToken().token;
  useEffect(() => {
    if (!element.current) return;
    const chart = echarts.init(element.current, undefined, { renderer: 'svg' });
    chart.setOption(
      kind === 'bar'
        ? {
            animation: motion,
            tooltip: {},
            grid: { left: 48, right: 16, top: 16, bottom: 48 },
            xAxis: {
              type: 'category',
              data: data.map((d) => d.label),
              axisLabel: { rotate: data.length > 6 ? 45 : 0 },
            },
            yAxis: { type: 'value', minInterval: 1 },
            series: [{ type: 'bar', data: data.map((d) => d.value), itemStyle: { color: '#c8161e' } }],
          }
        : {
            animation: motion,
            tooltip: { trigger: 'item' },
            legend: { bottom: 0 },
            series: [
              {
                type: 'pie',
                radius: ['35%', '65%'],
                percentPrecision: 1,
                // Shares inside the ring: a name beside it has no room in a quarter-width card (ECharts
                // cut it to nothing). The legend names the slices; the table view has the counts. An
                // empty slice gets no label: its count may be one withheld as "<5", not a true 0%.
                label: {
                  position: 'inside',
                  formatter: ({ value, percent }: { value: unknown; percent?: number }) => (value ? `${percent}%` : ''),
                  color: '#000',
                  textBorderColor: '#fff',
                  textBorderWidth: 3,
                },
                labelLayout: { hideOverlap: true },
                data: data.map((d) => ({ name: d.label, value: d.value })),
              },
            ],
          },
    );
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [kind, data, motion]);
  return <div ref={element} role="img" aria-label={label} style={{ height, width: '100%' }} />;
}
