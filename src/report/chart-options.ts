/**
 * The report charts, defined once: `chartOption` turns a `ChartSpec` of the report model into an
 * ECharts option, which the web app gives to its chart and the server renders to SVG
 * (`renderChartSvg` in charts.ts, used by the PDF writer). Monthly programmed vs executed bars,
 * cumulative lines, and units ranked by execution % coloured by their light.
 *
 * The chart's title comes with its spec (the builder wrote it in the report's language); legends,
 * series and reference lines take the texts of `options.language` (texts.ts), Spanish by default.
 *
 * Only types come from `echarts` here: the web app imports this file, and the full `echarts`
 * entry (every chart type, registered on import) would multiply its bundle.
 */

import type { EChartsOption } from "echarts";
import type { ChartSpec } from "../contract/report.js";
import type { ReportLanguage } from "../domain/report-language.js";
import { DEFAULT_THRESHOLDS, type TrafficLight } from "../domain/traffic-light.js";
import { numberLocale, pctText, quantityText, thresholdText } from "./format-locale.js";
import { reportTexts } from "./texts.js";

export type { EChartsOption };

export type ChartOptions = {
  /** Locale of the numbers on axes and labels (the institution's); es-PE by default. */
  locale?: string;
  /** The institution's semáforo, drawn as reference lines on the ranked units. */
  thresholds?: { greenFrom: number; amberFrom: number };
  /** Language of the legends and series names (the report's); Spanish by default. */
  language?: ReportLanguage | undefined;
};

/** The colours of the lights, shared by charts and writers (fills are lighter tints of these). */
export const LIGHT_COLORS: Readonly<Record<TrafficLight, string>> = {
  green: "#2e7d32",
  amber: "#f0a202",
  red: "#c62828",
};
/** Text in a light's colour: amber itself is 2:1 on white, this one 5.9:1 (WCAG AA). */
const LIGHT_TEXT_COLORS: Readonly<Record<TrafficLight, string>> = { ...LIGHT_COLORS, amber: "#8a5a00" };
const NO_LIGHT_COLOR = "#9e9e9e";
const PROGRAMMED_COLOR = "#90a4ae";
const EXECUTED_COLOR = "#1f5fa8";
const TEXT_COLOR = "#263238";
/** Roboto first: the PDF embeds it, and a browser falls back to its own sans-serif. */
const FONT_FAMILY = "Roboto, Arial, sans-serif";

/**
 * ECharts draws a white halo under labels with `paint-order: stroke`, which PDF renderers of SVG
 * ignore: the halo then covers the text. Labels here sit on white anyway.
 */
const NO_HALO = { textBorderColor: "none", textBorderWidth: 0 } as const;

function base(title: string): EChartsOption {
  return {
    textStyle: { fontFamily: FONT_FAMILY, color: TEXT_COLOR },
    title: { text: title, left: "center", top: 4, textStyle: { fontSize: 14, fontWeight: "bold" } },
    tooltip: { trigger: "axis" },
  };
}

function monthlyBars(
  spec: Extract<ChartSpec, { kind: "monthly-bars" }>,
  options: ChartOptions,
): EChartsOption {
  const locale = numberLocale(options.locale);
  const { charts } = reportTexts(options.language);
  const quantity = (value: unknown) => (typeof value === "number" ? quantityText(value, locale) : "");
  return {
    ...base(spec.title),
    legend: { top: 28, data: [charts.programmed, charts.executed] },
    grid: { left: 12, right: 16, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: [...spec.months], axisTick: { alignWithLabel: true } },
    yAxis: { type: "value", axisLabel: { formatter: quantity } },
    series: [
      {
        name: charts.programmed,
        type: "bar",
        data: [...spec.programmed],
        itemStyle: { color: PROGRAMMED_COLOR },
        barGap: "10%",
      },
      {
        name: charts.executed,
        type: "bar",
        data: [...spec.executed],
        itemStyle: { color: EXECUTED_COLOR },
        label: { show: true, position: "top", fontSize: 10, ...NO_HALO, formatter: (p) => quantity(p.value) },
      },
    ],
  };
}

function cumulativeLines(
  spec: Extract<ChartSpec, { kind: "cumulative-lines" }>,
  options: ChartOptions,
): EChartsOption {
  const locale = numberLocale(options.locale);
  const { charts } = reportTexts(options.language);
  const quantity = (value: unknown) => (typeof value === "number" ? quantityText(value, locale) : "");
  // The spec holds the running totals (the builder sums them in the database), drawn as given.
  const programmed = [...spec.programmed];
  const executed = [...spec.executed];
  const last = executed.findLastIndex((value) => value !== null);
  const lastProgrammed = programmed[last] ?? null;
  const lastExecuted = executed[last] ?? null;
  // The % reached so far, written at the end of the executed line.
  const reached =
    last >= 0 && lastProgrammed !== null && lastProgrammed > 0 && lastExecuted !== null
      ? pctText((lastExecuted / lastProgrammed) * 100, locale)
      : null;
  return {
    ...base(spec.title),
    legend: { top: 28, data: [charts.programmedCumulative, charts.executedCumulative] },
    grid: { left: 12, right: 24, top: 64, bottom: 8, containLabel: true },
    xAxis: { type: "category", data: [...spec.months], boundaryGap: false },
    yAxis: { type: "value", axisLabel: { formatter: quantity } },
    series: [
      {
        name: charts.programmedCumulative,
        type: "line",
        data: programmed,
        lineStyle: { color: PROGRAMMED_COLOR, width: 2, type: "dashed" },
        itemStyle: { color: PROGRAMMED_COLOR },
        symbolSize: 5,
      },
      {
        name: charts.executedCumulative,
        type: "line",
        data: executed.map((value, i) =>
          i === last && reached
            ? {
                value,
                label: {
                  show: true,
                  // Below right of the point: the programmed line runs above it, the executed one left.
                  position: "right",
                  offset: [2, 12],
                  fontWeight: "bold",
                  ...NO_HALO,
                  formatter: `${quantity(value)} (${reached})`,
                },
              }
            : value,
        ),
        lineStyle: { color: EXECUTED_COLOR, width: 3 },
        itemStyle: { color: EXECUTED_COLOR },
        symbolSize: 7,
      },
    ],
  };
}

function unitsRanked(
  spec: Extract<ChartSpec, { kind: "units-ranked" }>,
  options: ChartOptions,
): EChartsOption {
  const locale = numberLocale(options.locale);
  const { charts, lights } = reportTexts(options.language);
  const thresholds = options.thresholds ?? DEFAULT_THRESHOLDS;
  // Lowest first (at the top): the units a planning office has to look at. No % (nothing
  // programmed) goes last, without a bar.
  const ranked = spec.units
    .map((unit, order) => ({ ...unit, order }))
    .sort((a, b) => {
      if (a.executionPct === null || b.executionPct === null)
        return a.executionPct === null ? (b.executionPct === null ? a.order - b.order : 1) : -1;
      return a.executionPct - b.executionPct || a.order - b.order;
    });
  const highest = Math.max(100, ...ranked.map((unit) => unit.executionPct ?? 0));
  const max = Math.ceil((highest + 8) / 10) * 10;
  const reference = (value: number, light: TrafficLight) => ({
    xAxis: value,
    lineStyle: { color: LIGHT_COLORS[light], type: "dashed" as const, width: 1.5 },
    label: {
      // The y axis runs top-down (inverse), so the line's start is at the top, clear of the x labels.
      position: "start" as const,
      formatter: `${lights[light]} ≥ ${thresholdText(value, locale)}`,
      color: LIGHT_TEXT_COLORS[light],
      fontSize: 10,
      ...NO_HALO,
    },
  });
  return {
    ...base(spec.title),
    tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
    grid: { left: 12, right: 24, top: 56, bottom: 8, containLabel: true },
    xAxis: {
      type: "value",
      min: 0,
      max,
      axisLabel: { formatter: (value: number) => `${quantityText(value, locale)} %` },
    },
    yAxis: {
      type: "category",
      inverse: true,
      data: ranked.map((unit) => unit.name),
      axisTick: { show: false },
      axisLabel: { fontSize: 10, width: 360, overflow: "truncate", interval: 0 },
    },
    series: [
      {
        name: charts.executionPct,
        type: "bar",
        barCategoryGap: "28%",
        data: ranked.map((unit) =>
          unit.executionPct === null
            ? // No bar for a unit with nothing programmed, but a word saying why.
              { value: 0, itemStyle: { color: NO_LIGHT_COLOR }, label: { formatter: charts.noPct } }
            : {
                value: unit.executionPct,
                itemStyle: { color: unit.light ? LIGHT_COLORS[unit.light] : NO_LIGHT_COLOR },
              },
        ),
        label: {
          show: true,
          position: "right",
          fontSize: 10,
          ...NO_HALO,
          formatter: (p) => pctText(typeof p.value === "number" ? p.value : null, locale),
        },
        markLine: {
          symbol: "none",
          silent: true,
          data: [reference(thresholds.amberFrom, "amber"), reference(thresholds.greenFrom, "green")],
        },
      },
    ],
  };
}

/** The ECharts option of one chart of a report (the same for the web and the PDF). */
export function chartOption(spec: ChartSpec, options: ChartOptions = {}): EChartsOption {
  switch (spec.kind) {
    case "monthly-bars":
      return monthlyBars(spec, options);
    case "cumulative-lines":
      return cumulativeLines(spec, options);
    case "units-ranked":
      return unitsRanked(spec, options);
  }
}

/** The height a chart needs to stay readable: a ranked chart grows with its units. */
export function chartHeight(spec: ChartSpec, width: number): number {
  if (spec.kind === "units-ranked") return 72 + Math.max(3, spec.units.length) * 20;
  return Math.round(width * 0.45);
}
