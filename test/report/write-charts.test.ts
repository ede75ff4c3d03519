import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ChartSpec } from "../../src/contract/report.js";
import { chartHeight, chartOption, LIGHT_COLORS, renderChartSvg } from "../../src/report/charts.js";
import { buildPoiReport, buildUnitsReport } from "../fixtures/report/seed-004-report.js";
import { outputDir } from "../fixtures/report/tools.js";

const poiCharts = buildPoiReport().sections[0]?.charts ?? [];
const monthly = poiCharts.find((chart) => chart.kind === "monthly-bars") as ChartSpec;
const cumulative = poiCharts.find((chart) => chart.kind === "cumulative-lines") as ChartSpec;
const ranked = buildUnitsReport().sections[0]?.charts?.[0] as ChartSpec;

type Series = { name?: string; type?: string; data?: unknown[] };
const seriesOf = (spec: ChartSpec) => (chartOption(spec).series ?? []) as Series[];

function texts(svg: string): string[] {
  return [...svg.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((match) => match[1] ?? "");
}

describe("charts — one definition for the PDF and the web", () => {
  it("monthly bars: programmed and executed per month, executed only for reported months", () => {
    const [programmed, executed] = seriesOf(monthly);
    expect(programmed).toMatchObject({ name: "Programado", type: "bar" });
    expect(executed).toMatchObject({ name: "Ejecutado", type: "bar" });
    expect(programmed?.data).toHaveLength(12);
    expect(programmed?.data?.reduce((sum: number, value) => sum + Number(value), 0)).toBe(6350);
    expect(executed?.data?.slice(0, 4)).toEqual([509, 485, 500, null]);
  });

  it("cumulative lines: running totals, the executed line stopping at March", () => {
    const [programmed, executed] = seriesOf(cumulative);
    expect(programmed?.type).toBe("line");
    expect(programmed?.data?.at(-1)).toBe(6350);
    expect(programmed?.data?.[2]).toBe(1543);
    const values = executed?.data?.map((point) =>
      point !== null && typeof point === "object" ? (point as { value: number }).value : point,
    );
    expect(values?.slice(0, 4)).toEqual([509, 994, 1494, null]);
  });

  it("units ranked: lowest first, each bar in the colour of its light", () => {
    const [bars] = seriesOf(ranked);
    const option = chartOption(ranked);
    const names = (option.yAxis as { data: string[] }).data;
    expect(names.slice(0, 2)).toEqual([
      "ORGANO DE CONTROL INSTITUCIONAL",
      "GERENCIA DE SERVICIOS AL ADMINISTRADO",
    ]);
    const data = bars?.data as { value: number; itemStyle: { color: string } }[];
    expect(data[0]).toEqual({ value: 62.5, itemStyle: { color: LIGHT_COLORS.red } });
    expect(data[1]?.itemStyle.color).toBe(LIGHT_COLORS.amber);
    expect(data[2]?.itemStyle.color).toBe(LIGHT_COLORS.green);
    expect(names).toHaveLength(24);
  });

  it("names series, legends and reference lines in English with language en (Spanish by default)", () => {
    const series = (spec: ChartSpec) =>
      ((chartOption(spec, { language: "en" }).series ?? []) as Series[]).map((one) => one.name);
    expect(series(monthly)).toEqual(["Programmed", "Executed"]);
    expect(series(cumulative)).toEqual(["Cumulative programmed", "Cumulative executed"]);
    expect(series(ranked)).toEqual(["Execution %"]);
    const [bars] = (chartOption(ranked, { language: "en" }).series ?? []) as {
      markLine: { data: { label: { formatter: string } }[] };
    }[];
    expect(bars?.markLine.data.map((line) => line.label.formatter)).toEqual(["Amber ≥ 75 %", "Green ≥ 90 %"]);
    expect(seriesOf(cumulative).map((one) => one.name)).toEqual([
      "Programado acumulado",
      "Ejecutado acumulado",
    ]);
  });

  it("renders to SVG on the server, with its series, labels and colours", () => {
    const dir = outputDir("charts");
    for (const [name, spec] of [
      ["monthly-bars", monthly],
      ["cumulative-lines", cumulative],
      ["units-ranked", ranked],
    ] as const) {
      const svg = renderChartSvg(spec, { width: 800, height: chartHeight(spec, 800) });
      writeFileSync(join(dir, `${name}.svg`), svg);
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).toMatch(/width="800"/);
    }
    const bars = texts(renderChartSvg(monthly, { width: 800, height: 360 }));
    expect(bars).toEqual(
      expect.arrayContaining(["Programado", "Ejecutado", "ENE", "DIC", "509", "485", "500"]),
    );
    const lines = texts(renderChartSvg(cumulative, { width: 800, height: 360 }));
    expect(lines).toEqual(
      expect.arrayContaining(["Programado acumulado", "Ejecutado acumulado", "6,000", "1,494 (96.8 %)"]),
    );
    const svg = renderChartSvg(ranked, { width: 900, height: chartHeight(ranked, 900) });
    expect(texts(svg)).toEqual(
      expect.arrayContaining([
        "ORGANO DE CONTROL INSTITUCIONAL",
        "62.5 %",
        "83.2 %",
        "Verde ≥ 90 %",
        "Ámbar ≥ 75 %",
      ]),
    );
    expect(svg).toContain(`fill="${LIGHT_COLORS.red}"`);
    expect(svg).toContain(`fill="${LIGHT_COLORS.amber}"`);
    // No white halo under labels: PDF renderers of SVG would paint it over the text.
    expect(svg).not.toContain('stroke="rgb(255,255,255)"');
  });

  it("writes numbers for the institution's locale", () => {
    const svg = renderChartSvg(cumulative, { width: 800, height: 360, locale: "es-CO" });
    expect(texts(svg)).toEqual(expect.arrayContaining(["6.000", "1.494 (96,8 %)"]));
  });

  it("ranks units with nothing programmed last, without a bar", () => {
    const spec: ChartSpec = {
      kind: "units-ranked",
      title: "Unidades",
      units: [
        { name: "SIN PROGRAMACIÓN", executionPct: null, light: null },
        { name: "ALTA", executionPct: 120, light: "green" },
        { name: "BAJA", executionPct: 40, light: "red" },
      ],
    };
    const option = chartOption(spec);
    expect((option.yAxis as { data: string[] }).data).toEqual(["BAJA", "ALTA", "SIN PROGRAMACIÓN"]);
    expect((option.xAxis as { max: number }).max).toBeGreaterThan(120);
    expect(texts(renderChartSvg(spec, { width: 600, height: 200 }))).toContain("— (sin programación)");
  });
});
