/**
 * Report charts on the server: `renderChartSvg` draws the option of `chart-options.ts` to SVG
 * (the PDF writer's charts). The option builders are re-exported for the server's callers.
 */
import * as echarts from "echarts";
import type { ChartSpec } from "../contract/report.js";
import { type ChartOptions, chartOption } from "./chart-options.js";

export * from "./chart-options.js";

/** Renders a chart to an SVG document on the server (no DOM, no canvas, no animation). */
export function renderChartSvg(
  spec: ChartSpec,
  size: { width: number; height: number } & ChartOptions,
): string {
  const { width, height, ...options } = size;
  const chart = echarts.init(null, null, { renderer: "svg", ssr: true, width, height });
  try {
    chart.setOption({ ...chartOption(spec, options), animation: false });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}
