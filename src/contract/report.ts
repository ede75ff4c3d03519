/**
 * The report API, `GET /api/plans/:id/reports/:report?period=Q1&format=xlsx`: what it asks and
 * the report JSON it answers with `format=json`. This is the JSON's one definition:
 * `src/report/build-json.ts` builds a value of this type, the OpenAPI document shows it and the
 * web reads it. The columns, cells and charts are also the table model's (`src/report/model.ts`).
 */
import { z } from "zod";
import { planKinds } from "../domain/plan-status.js";
import { reportLanguages } from "../domain/report-language.js";
import type { TrafficLight } from "../domain/traffic-light.js";
import { quantity } from "./common.js";

export const reportKinds = ["poi", "poa", "units", "activity"] as const;
export type ReportKind = (typeof reportKinds)[number];

export const reportFormats = ["csv", "xlsx", "pdf", "json"] as const;
export type ReportFormat = (typeof reportFormats)[number];

export const ReportParams = z.object({
  id: z.string().max(100).describe("Plan id"),
  report: z
    .enum(reportKinds)
    .describe(
      "poi: seguimiento POI; poa: POA con indicador; units: resumen por unidad; activity: ficha de actividad",
    ),
});

const flag = z
  .enum(["true", "false", "1", "0"])
  .optional()
  .transform((value) => value === "true" || value === "1");

export const ReportQuery = z.object({
  period: z
    .string()
    .min(1)
    .max(20)
    .describe("M01…M12, Q1…Q4, S1, S2, YEAR, YTD (through the last closed month) or YTD-M05"),
  format: z.enum(reportFormats).default("json"),
  unit: z.string().max(300).optional().describe("Only this unit and its sub-units: name, code or id"),
  activity: z.string().max(500).optional().describe("The activity of an activity sheet: name, code or id"),
  subtotals: flag.describe("POI: group by unit with subtotals"),
  baseline: flag.describe("POI: the baseline programming beside the current one"),
  lang: z
    .enum(reportLanguages)
    .default("es")
    .describe(
      "Language of the report's texts (headers, titles, notes, charts): es (default) or en. Figures keep the institution's locale",
    ),
});

const light = z
  .enum(["green", "amber", "red"] as const satisfies readonly TrafficLight[])
  .nullable()
  .describe("Semáforo; null sin % (nada programado)");

export const ColumnKind = z.enum(["text", "quantity", "pct", "light", "date", "count"]);
export type ColumnKind = z.infer<typeof ColumnKind>;

export const ReportColumn = z.object({
  key: z.string(),
  label: z
    .string()
    .describe("Encabezado como lo imprimen los documentos (META, ENE, % EJEC.) o en el idioma del informe"),
  kind: ColumnKind,
  group: z.string().optional().describe("Encabezado de grupo sobre columnas seguidas (PROGRAMADO, I TRIM)"),
});
export type ReportColumn = z.infer<typeof ReportColumn>;

export const CellValue = z.union([z.string(), z.number(), z.null()]);
export type CellValue = z.infer<typeof CellValue>;

const monthSeries = {
  title: z.string(),
  months: z.array(z.string()),
  programmed: z.array(z.number()),
  executed: z.array(quantity),
};

export const ChartSpec = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("monthly-bars"), ...monthSeries }),
    z.object({ kind: z.literal("cumulative-lines"), ...monthSeries }),
    z.object({
      kind: z.literal("units-ranked"),
      title: z.string(),
      units: z.array(z.object({ name: z.string(), executionPct: z.number().nullable(), light })),
    }),
  ])
  .describe("Un gráfico del informe");
export type ChartSpec = z.infer<typeof ChartSpec>;

const executionPct = z
  .number()
  .nullable()
  .describe("% de ejecución con dos decimales; null sin nada programado");

export const ReportJsonRow = z
  .object({
    kind: z.enum(["activity", "unit", "subtotal", "total"]),
    depth: z.number().int().optional().describe("Unidades: profundidad en el árbol (0 = primer nivel)"),
    activityId: z.string().optional().describe("Filas de actividad del POI y el POA: su identificador"),
    programmed: quantity.describe("Programado del periodo"),
    executed: quantity.describe("Ejecutado del periodo; null si no se registró nada"),
    executionPct,
    light,
    overExecution: z.boolean().describe("% por encima del umbral de sobreejecución"),
    missingClosedMonths: z
      .array(z.number().int().min(1).max(12))
      .optional()
      .describe(
        "Filas de actividad del POI y el POA: meses cerrados del periodo con algo programado y sin ejecución registrada (p. ej. [2] = febrero)",
      ),
    atRisk: z
      .boolean()
      .optional()
      .describe(
        "Filas de actividad del POI y el POA: en riesgo = semáforo rojo o algún mes en missingClosedMonths (una actividad retirada no figura en ningún informe)",
      ),
  })
  .catchall(CellValue)
  .describe("Una fila; las demás claves son las celdas de `columns`");
export type ReportJsonRow = z.infer<typeof ReportJsonRow>;

export const ReportJsonSection = z.object({
  title: z.string(),
  columns: z.array(ReportColumn),
  rows: z.array(ReportJsonRow),
  charts: z.array(ChartSpec).optional(),
});
export type ReportJsonSection = z.infer<typeof ReportJsonSection>;

export const ReportJson = z
  .object({
    report: z.enum(reportKinds),
    title: z.string(),
    institution: z.object({ name: z.string(), locale: z.string() }),
    plan: z.object({ id: z.string(), title: z.string(), year: z.number().int(), kind: z.enum(planKinds) }),
    period: z.object({ code: z.string(), label: z.string() }),
    issuedAt: z.string().describe("Fecha y hora de emisión (ISO 8601)"),
    thresholds: z.object({ greenFrom: z.number(), amberFrom: z.number(), overExecutionAbove: z.number() }),
    totals: z
      .object({
        programmed: z.number(),
        executed: quantity,
        executionPct,
        light,
        overExecution: z.boolean(),
      })
      .describe(
        "Las cifras del informe; si mezcla actividades por cantidad y por % de avance, solo las de cantidad",
      ),
    progressTotals: z
      .object({
        programmed: z.number(),
        executed: quantity,
        executionPct,
        light,
        overExecution: z.boolean(),
      })
      .optional()
      .describe(
        "Solo si el informe mezcla actividades por cantidad y por % de avance: el total de las de avance, aparte (Σ ejecutado ÷ Σ programado de su % del periodo)",
      ),
    totalsMeasure: z
      .literal("progress")
      .optional()
      .describe(
        "Solo si todas las actividades del informe se miden en % de avance: `totals` es entonces Σ de su % del periodo",
      ),
    notes: z.array(z.string()),
    columns: z.array(ReportColumn),
    rows: z.array(ReportJsonRow),
    charts: z.array(ChartSpec).optional().describe("Gráficos del informe"),
    sections: z
      .array(ReportJsonSection)
      .describe("Las demás secciones (la ficha de actividad: identificación, comentarios…)"),
  })
  .describe("Con format=json; los demás formatos son archivos (CSV, xlsx, PDF)");
export type ReportJson = z.infer<typeof ReportJson>;
