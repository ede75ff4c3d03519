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
import { chartHeight, chartOption, type EChartsOption } from "../../../src/report/chart-options.js";
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

/**
 * The PDF's option gives unit names 360 px; on a phone that leaves no room for the bars, so the
 * names take at most two fifths of the chart there (truncated, the table above has them whole).
 */
function fitted(option: EChartsOption, width: number): EChartsOption {
  const axis = option.yAxis;
  if (!axis || Array.isArray(axis) || axis.type !== "category" || width >= 900) return option;
  return { ...option, yAxis: { ...axis, axisLabel: { ...axis.axisLabel, width: Math.round(width * 0.4) } } };
}

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
    const draw = () => chart.setOption(fitted(chartOption(spec, { locale, thresholds }), node.clientWidth));
    draw();
    const observer = new ResizeObserver(() => {
      draw();
      chart.resize();
    });
    observer.observe(node);
    return () => {
      observer.disconnect();
      chart.dispose();
    };
  }, [spec, locale, thresholds]);
  const height = chartHeight(spec, 640);
  return <div ref={element} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
