/**
 * The report JSON (`format=json`) as the OpenAPI document describes it. Documentation only: the
 * route sends the file `src/report/build-json.ts` writes (a Buffer, for every format), so this
 * schema neither validates nor serializes the answer.
 */
import { z } from "zod";

const light = z.enum(["green", "amber", "red"]).nullable().describe("Semáforo; null sin % (nada programado)");

const Row = z
  .object({
    kind: z.enum(["activity", "unit", "subtotal", "total"]),
    depth: z.number().int().optional().describe("Unidades: profundidad en el árbol (0 = primer nivel)"),
    activityId: z.string().optional().describe("Filas de actividad: su identificador"),
    programmed: z.number().nullable().describe("Programado del periodo"),
    executed: z.number().nullable().describe("Ejecutado del periodo; null si no se registró nada"),
    executionPct: z
      .number()
      .nullable()
      .describe("% de ejecución con dos decimales; null sin nada programado"),
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
  .catchall(z.union([z.string(), z.number(), z.null()]))
  .describe("Una fila; las demás claves son las celdas de `columns`");

const Column = z.object({
  key: z.string(),
  label: z.string(),
  kind: z.enum(["text", "quantity", "pct", "light", "date", "count"]),
  group: z.string().optional(),
});

const Section = z.object({ title: z.string(), columns: z.array(Column), rows: z.array(Row) });

export const ReportJson = z
  .object({
    report: z.enum(["poi", "poa", "units", "activity"]),
    title: z.string(),
    institution: z.object({ name: z.string(), locale: z.string() }),
    plan: z.object({
      id: z.string(),
      title: z.string(),
      year: z.number().int(),
      kind: z.enum(["POI", "POA"]),
    }),
    period: z.object({ code: z.string(), label: z.string() }),
    issuedAt: z.string(),
    thresholds: z.object({ greenFrom: z.number(), amberFrom: z.number(), overExecutionAbove: z.number() }),
    totals: z.object({
      programmed: z.number(),
      executed: z.number().nullable(),
      executionPct: z.number().nullable(),
      light,
      overExecution: z.boolean(),
    }),
    notes: z.array(z.string()),
    columns: z.array(Column),
    rows: z.array(Row),
    charts: z.array(z.record(z.string(), z.unknown())).optional().describe("Gráficos del informe"),
    sections: z
      .array(Section)
      .describe("Las demás secciones (la ficha de actividad: identificación, comentarios…)"),
  })
  .describe("Con format=json; los demás formatos son archivos (CSV, xlsx, PDF)");
