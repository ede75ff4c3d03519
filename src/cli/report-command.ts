/**
 * `avance report`: a plan's monitoring report as CSV, xlsx, PDF or JSON.
 *
 *   avance report --institution "SAT Piura" --year 2021 --period Q1 --format xlsx -o informe.xlsx
 *
 * Errors are Spanish and name the option at fault (`--period: Periodo no válido…`).
 */
import { writeFile } from "node:fs/promises";
import { extname } from "node:path";
import type { Command } from "commander";
import { type ReportFormat, type ReportKind, reportFormats, reportKinds } from "../contract/report.js";
import { openDatabase, optionsFromEnv } from "../db/connection.js";
import { AppError } from "../domain/errors.js";
import { DEFAULT_REPORT_LANGUAGE, type ReportLanguage, reportLanguages } from "../domain/report-language.js";
import { exportReport } from "../services/reports/export-report.js";
import type { RenderedReport } from "../services/reports/render-report.js";

type Options = {
  institution?: string;
  year?: string;
  period?: string;
  report: string;
  unit?: string;
  activity?: string;
  plan?: string;
  subtotals?: boolean;
  baseline?: boolean;
  format?: string;
  output?: string;
  lang?: string;
};

/** The option a service error is about (`field` → `--flag`). */
const OPTION_OF_FIELD: Record<string, string> = {
  institution: "--institution",
  year: "--year",
  plan: "--plan",
  period: "--period",
  report: "--report",
  unit: "--unit",
  activity: "--activity",
  format: "--format",
};

function optionError(option: string, message: string): AppError {
  const field = option.replace(/^--/, "");
  return new AppError("validation", `${option}: ${message}`, field, {
    code: "invalid_field",
    params: { field },
  });
}

function formatOf(options: Options): ReportFormat {
  const text = options.format ?? (options.output ? extname(options.output).slice(1) : "json");
  const format = text.trim().toLowerCase();
  if (!(reportFormats as readonly string[]).includes(format)) {
    throw optionError(
      "--format",
      `formato desconocido «${options.format ?? text}». Use ${reportFormats.join(", ")}.`,
    );
  }
  return format as ReportFormat;
}

function checkOptions(options: Options): {
  year?: number;
  report: ReportKind;
  format: ReportFormat;
  language: ReportLanguage;
} {
  if (!options.institution?.trim())
    throw optionError("--institution", "indique la institución (nombre o identificador).");
  if (!options.period?.trim()) {
    throw optionError("--period", "indique el periodo: M01…M12, Q1…Q4, S1, S2, YEAR, YTD o YTD-M01…YTD-M12.");
  }
  let year: number | undefined;
  if (options.year !== undefined) {
    year = Number(options.year);
    if (!/^\d{4}$/.test(options.year.trim()) || !Number.isInteger(year)) {
      throw optionError("--year", `debe ser un año, como 2021 (recibido «${options.year}»).`);
    }
  }
  const report = options.report.trim().toLowerCase();
  if (!(reportKinds as readonly string[]).includes(report)) {
    throw optionError("--report", `informe desconocido «${options.report}». Use ${reportKinds.join(", ")}.`);
  }
  if (report === "activity" && !options.activity?.trim()) {
    throw optionError(
      "--activity",
      "la ficha de actividad (--report activity) necesita la actividad: nombre, código o identificador.",
    );
  }
  const language = (options.lang ?? DEFAULT_REPORT_LANGUAGE).trim().toLowerCase();
  if (!(reportLanguages as readonly string[]).includes(language))
    throw optionError("--lang", `idioma desconocido «${options.lang}». Use ${reportLanguages.join(", ")}.`);
  return {
    ...(year === undefined ? {} : { year }),
    report: report as ReportKind,
    format: formatOf(options),
    language: language as ReportLanguage,
  };
}

async function runReport(options: Options): Promise<void> {
  const { year, report, format, language } = checkOptions(options);
  const database = await openDatabase(optionsFromEnv());
  let rendered: RenderedReport;
  try {
    rendered = await exportReport(database.db, {
      institution: options.institution as string,
      ...(year === undefined ? {} : { year }),
      ...(options.plan ? { plan: options.plan } : {}),
      report,
      period: options.period as string,
      ...(options.unit ? { unit: options.unit } : {}),
      ...(options.activity ? { activity: options.activity } : {}),
      subtotals: options.subtotals === true,
      baseline: options.baseline === true,
      language,
      format,
    });
  } catch (error) {
    const option = error instanceof AppError && error.field ? OPTION_OF_FIELD[error.field] : undefined;
    if (error instanceof AppError && option) throw error.restated(`${option}: ${error.message}`);
    throw error;
  } finally {
    await database.close();
  }
  // Text formats go to standard output unless a file is named; binary ones always to a file.
  const output = options.output ?? (format === "json" || format === "csv" ? undefined : rendered.fileName);
  if (output === undefined || output === "-") {
    console.log(
      rendered.body
        .toString("utf8")
        .replace(/^\uFEFF/, "")
        .replace(/\r?\n$/, ""),
    );
    return;
  }
  await writeFile(output, rendered.body).catch((error: Error) => {
    throw optionError("-o", `no se pudo escribir ${output}: ${error.message}`);
  });
  console.log(`Informe escrito en ${output} (${rendered.body.length.toLocaleString("en-US")} bytes).`);
}

export function registerReportCommand(program: Command): void {
  program
    .command("report")
    .description("informe de seguimiento de un plan (POI, POA, resumen por unidad, ficha de actividad)")
    .option("--institution <nombre>", "institución (nombre o identificador)")
    .option("--year <año>", "año del plan (por defecto, el más reciente)")
    .option("--period <periodo>", "M01…M12, Q1…Q4, S1, S2, YEAR, YTD (hasta el último mes cerrado) o YTD-M05")
    .option("--report <informe>", `${reportKinds.join(" | ")}`, "poi")
    .option(
      "--unit <unidad>",
      "solo esta unidad orgánica y sus dependientes (nombre, código o identificador)",
    )
    .option("--activity <actividad>", "la actividad de la ficha (nombre, código o identificador)")
    .option("--plan <plan>", "el plan, si la institución tiene varios ese año (título o identificador)")
    .option("--subtotals", "POI: agrupa por unidad con subtotales")
    .option("--baseline", "POI: muestra lo programado en la línea de base junto a la programación vigente")
    .option("--format <formato>", `${reportFormats.join(" | ")} (por defecto, la extensión de -o, o json)`)
    .option("-o, --output <archivo>", "archivo de salida (json y csv se escriben en pantalla si se omite)")
    .option("--lang <idioma>", `idioma de los textos del informe: ${reportLanguages.join(" | ")}`, "es")
    .action((options: Options) => runReport(options));
}
