/**
 * One chart of a report, drawn by ECharts from the option the server's PDF uses too
 * (src/report/chart-options.ts). Only the chart types and components these options use are
 * registered, from `echarts/core`, to keep the first page small.
 */
import { BarChart, LineChart } from "echarts/charts";
import {
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
} from "echarts/components";
import * as echarts from "echarts/core";
import { SVGRenderer } from "echarts/renderers";
import { useEffect, useRef } from "react";
import { chartHeight, chartOption } from "../../../src/report/chart-options.js";
import type { ChartSpec } from "../../../src/report/model.js";

echarts.use([
  BarChart,
  LineChart,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TitleComponent,
  TooltipComponent,
  SVGRenderer,
]);

type Props = {
  spec: ChartSpec;
  locale: string;
  thresholds: { greenFrom: number; amberFrom: number };
  /** Text for screen readers: what the chart shows (the table beside it holds the figures). */
  label: string;
};

export function ReportChart({ spec, locale, thresholds, label }: Props) {
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const chart = echarts.init(node, null, { renderer: "svg" });
    chart.setOption(chartOption(spec, { locale, thresholds }));
    const observer = new ResizeObserver(() => chart.resize());
    observer.observe(node);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [spec, locale, thresholds]);
  const height = chartHeight(spec, 640);
  return <div ref={element} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
