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
import type { ChartSpec } from "../../../src/contract/report.js";
import { chartHeight, chartOption, type EChartsOption } from "../../../src/report/chart-options.js";
import { useI18n } from "../i18n/index.js";

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

/** Below this width the PDF's layout is cramped: the chart is laid out for a phone. */
const NARROW = 600;

/** A rough width of a bold 14 px title, to tell whether it fits on one line. */
const titleWidth = (text: string) => text.length * 7.6;

/**
 * The PDF's option, fitted to a narrow chart. Unit names take at most two fifths of it (truncated:
 * the table above has them whole); a title too long for one line wraps, the content moving down
 * by a line; the % axis shows fewer labels, so that they do not run into each other; the two
 * reference lines' labels sit on either side of them; the monthly labels shrink.
 */
export function fitted(option: EChartsOption, width: number): EChartsOption {
  if (width >= 900) return option;
  const axis = option.yAxis;
  const ranked = axis && !Array.isArray(axis) && axis.type === "category";
  let fit: EChartsOption = ranked
    ? { ...option, yAxis: { ...axis, axisLabel: { ...axis.axisLabel, width: Math.round(width * 0.4) } } }
    : option;
  if (width >= NARROW) return fit;
  const title = fit.title && !Array.isArray(fit.title) ? fit.title : undefined;
  const text = typeof title?.text === "string" ? title.text : "";
  if (title && titleWidth(text) > width - 24) {
    const down = <T,>(value: T): T => (typeof value === "number" ? ((value + 18) as T) : value);
    const grid = fit.grid && !Array.isArray(fit.grid) ? fit.grid : undefined;
    const legend = fit.legend && !Array.isArray(fit.legend) ? fit.legend : undefined;
    fit = {
      ...fit,
      title: {
        ...title,
        textStyle: { ...title.textStyle, width: width - 24, overflow: "break", lineHeight: 18 },
      },
      ...(grid ? { grid: { ...grid, top: down(grid.top) } } : {}),
      ...(legend ? { legend: { ...legend, top: down(legend.top) } } : {}),
    };
  }
  const xAxis = fit.xAxis;
  const series = Array.isArray(fit.series) ? fit.series : [];
  if (ranked && xAxis && !Array.isArray(xAxis) && xAxis.type === "value") {
    fit = {
      ...fit,
      xAxis: { ...xAxis, interval: 50 },
      series: series.map((one) => {
        const lines = one.type === "bar" ? one.markLine : undefined;
        if (!lines?.data) return one;
        // The lower threshold's label ends at its line, the higher one's starts at its line.
        const data = lines.data.map((line, i) =>
          "label" in line ? { ...line, label: { ...line.label, align: i === 0 ? "right" : "left" } } : line,
        );
        return { ...one, markLine: { ...lines, data } };
      }) as EChartsOption["series"],
    };
  } else {
    fit = {
      ...fit,
      series: series.map((one) =>
        one.type === "bar" && one.label?.show ? { ...one, label: { ...one.label, fontSize: 9 } } : one,
      ) as EChartsOption["series"],
    };
  }
  return fit;
}

type Props = {
  spec: ChartSpec;
  locale: string;
  thresholds: { greenFrom: number; amberFrom: number };
  /** Text for screen readers: what the chart shows (the table beside it holds the figures). */
  label: string;
};

export function ReportChart({ spec, locale, thresholds, label }: Props) {
  // Legends and series names in the interface's language (the spec's title already is).
  const { language } = useI18n();
  const element = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const node = element.current;
    if (!node) return;
    const chart = echarts.init(node, null, { renderer: "svg" });
    // Not merged with the previous drawing: what was fitted to another width must not linger.
    const draw = () =>
      chart.setOption(fitted(chartOption(spec, { locale, thresholds, language }), node.clientWidth), {
        notMerge: true,
      });
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
  }, [spec, locale, thresholds, language]);
  const height = chartHeight(spec, 640);
  return <div ref={element} role="img" aria-label={label} style={{ width: "100%", height }} />;
}
