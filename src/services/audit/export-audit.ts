import { type AuditFilter, type AuditRow, allAudit } from "../../db/audit-log.js";
import type { Db } from "../../db/connection.js";
import { auditActionWord, auditEntityWord } from "../../domain/audit-words.js";
import { DEFAULT_LOCALE } from "../../report/format-locale.js";
import { CSV_BOM, CSV_EOL, csvDelimiter, csvLine, defuse } from "../../report/write-csv.js";
import { type AuditScope, institutionOf } from "./audit-scope.js";

const CSV_HEADER = [
  "fecha y hora (UTC)",
  "correo",
  "nombre",
  "IP",
  "acción",
  "entidad",
  "id de la entidad",
  "plan",
  "unidad",
  "motivo",
  "antes",
  "después",
  "id del plan",
  "id de la unidad",
];

function csvCells(row: AuditRow): string[] {
  const json = (value: unknown) => (value === null || value === undefined ? "" : JSON.stringify(value));
  return [
    row.at
      .toISOString()
      .replace("T", " ")
      .replace(/\.\d+Z$/, ""),
    row.userEmail ?? "",
    row.userName ?? "",
    row.ip ?? "",
    auditActionWord(row.action),
    auditEntityWord(row.entity),
    row.entityId ?? "",
    // Named as the screens name them; a plan or unit gone since keeps its id in its own column.
    row.planName ?? "",
    row.unitName ?? "",
    row.reason ?? "",
    json(row.before),
    json(row.after),
    row.planId ?? "",
    row.unitId ?? "",
  ].map(defuse);
}

async function* csvLines(rows: AsyncIterable<AuditRow>, delimiter: string): AsyncGenerator<string> {
  yield CSV_BOM + csvLine(CSV_HEADER, delimiter) + CSV_EOL;
  for await (const row of rows) yield csvLine(csvCells(row), delimiter) + CSV_EOL;
}

/**
 * Every matching entry (not one page), newest first, as CSV lines Excel opens in the
 * institution's locale, read in batches as they are sent; with the file's name.
 */
export async function exportAudit(
  db: Db,
  scope: AuditScope,
  filter: Omit<AuditFilter, "institutionId">,
): Promise<{ fileName: string; lines: AsyncIterable<string> }> {
  const institution = scope === "deployment" ? null : await institutionOf(db, scope.institutionId);
  const rows = allAudit(db, { ...filter, institutionId: institution?.id ?? null });
  const day = new Date().toISOString().slice(0, 10);
  return {
    fileName: `bitacora-${institution?.slug ?? "despliegue"}-${day}.csv`,
    lines: csvLines(rows, csvDelimiter(institution?.locale ?? DEFAULT_LOCALE)),
  };
}
