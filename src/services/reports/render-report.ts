/**
 * A built report written as a file (CSV, xlsx, PDF or JSON) with its content type and an ASCII
 * file name.
 */
import { type ReportFormat, reportFormats } from "../../contract/report.js";
import { AppError } from "../../domain/errors.js";
import { writeJson } from "../../report/build-json.js";
import type { Report } from "../../report/model.js";
import { reportTexts } from "../../report/texts.js";

export type RenderedReport = { body: Buffer; contentType: string; fileName: string };

const CONTENT_TYPES: Record<ReportFormat, string> = {
  csv: "text/csv; charset=utf-8",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pdf: "application/pdf",
  json: "application/json; charset=utf-8",
};

type Writer = (report: Report) => Buffer | Promise<Buffer>;

/** The writers of src/report (CSV, xlsx, PDF: heavy libraries), loaded when first used. */
const WRITERS: Record<ReportFormat, () => Promise<Writer>> = {
  json: async () => writeJson,
  csv: async () => (await import("../../report/write-csv.js")).writeCsv,
  xlsx: async () => (await import("../../report/write-xlsx.js")).writeXlsx,
  pdf: async () => (await import("../../report/write-pdf.js")).writePdf,
};

function slug(text: string): string {
  return (
    text
      .normalize("NFD")
      .replace(/[\u0300-\u036f]/g, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 40) || "informe"
  );
}

/**
 * `sat-piura-2021-seguimiento-poi-Q1.xlsx` (in English `sat-piura-2021-poi-monitoring-Q1.xlsx`):
 * ASCII, safe in any Content-Disposition.
 */
export function reportFileName(report: Report, format: ReportFormat): string {
  const kind = reportTexts(report.language).fileKinds[report.kind];
  return `${slug(report.institution.name)}-${report.plan.year}-${kind}-${report.period.code}.${format}`;
}

export async function renderReport(report: Report, format: ReportFormat): Promise<RenderedReport> {
  const writer = WRITERS[format];
  if (!writer) {
    throw new AppError(
      "validation",
      `Formato desconocido «${format}». Use ${reportFormats.join(", ")}.`,
      "format",
      { code: "unknown_format", params: { format, formats: reportFormats.join(", ") } },
    );
  }
  const body = await (await writer())(report);
  return { body, contentType: CONTENT_TYPES[format], fileName: reportFileName(report, format) };
}
