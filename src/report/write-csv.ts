/**
 * CSV of a report: UTF-8 with a BOM (so Excel opens accents right), the title block, one block per
 * section with the two-level header of the source documents (groups over month names), figures
 * written for the institution's locale (`6,350`, `96.8 %`, "—" where there is no %), notes and the
 * legend of the lights at the end. Avance's importer reads it back with the same figures.
 *
 * The delimiter is the one Excel expects in that locale: `,` where the decimal mark is `.`
 * (es-PE, es-MX, es-SV), `;` where it is `,` (es-ES, es-CO, es-AR).
 */
import {
  cellText,
  headerTexts,
  isHeading,
  leadingTextColumns,
  legendLines,
  type NumberLocale,
  numberLocale,
  summaryLabel,
  titleLines,
} from "./format-locale.js";
import type { Report, ReportSection } from "./model.js";
import { type ReportTexts, reportTexts } from "./texts.js";

export const CSV_BOM = "\uFEFF";
export const CSV_EOL = "\r\n";

/** A text a spreadsheet would run as a formula (`=`, `+`, `-`, `@`…) is prefixed with `'`. */
export function defuse(text: string): string {
  return /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
}

/** The delimiter Excel expects where the locale writes numbers: `;` where the decimal mark is `,`. */
export function csvDelimiter(locale: string | null | undefined): string {
  return numberLocale(locale).decimal === "," ? ";" : ",";
}

/** One CSV line (without its end of line), each cell quoted where it needs to be. */
export function csvLine(cells: readonly string[], delimiter: string): string {
  return cells.map((cell) => field(cell, delimiter)).join(delimiter);
}

function field(text: string, delimiter: string): string {
  return text.includes(delimiter) || /["\r\n]/.test(text) || text !== text.trim()
    ? `"${text.replace(/"/g, '""')}"`
    : text;
}

function sectionLines(section: ReportSection, locale: NumberLocale, texts: ReportTexts): string[][] {
  const { columns } = section;
  const lines: string[][] = headerTexts(columns);
  const span = leadingTextColumns(columns);
  for (const row of section.rows) {
    const label = summaryLabel(row, columns);
    const heading = isHeading(row, columns);
    lines.push(
      columns.map((column, index) => {
        if (label !== undefined && index < span) return index === 0 ? defuse(label) : "";
        if (heading) return "";
        const text = cellText(column.kind, row.cells[column.key], locale, row, texts);
        return column.kind === "text" ? defuse(text) : text;
      }),
    );
  }
  return lines;
}

export function writeCsv(report: Report): Buffer {
  const locale = numberLocale(report.institution.locale);
  const delimiter = csvDelimiter(report.institution.locale);
  const texts = reportTexts(report.language);
  const lines: string[][] = [[defuse(report.title)]];
  for (const { label, value } of titleLines(report)) lines.push([`${label}: ${value}`]);
  lines.push([]);
  const many = report.sections.length > 1;
  for (const section of report.sections) {
    // A section title stands apart from its header, so no reader takes it for a group row.
    if (many) lines.push([defuse(section.title)], []);
    lines.push(...sectionLines(section, locale, texts), []);
  }
  // One text per line in the first column: below the TOTAL, nothing a reader could take for a row.
  if (report.notes.length)
    lines.push([`${texts.writer.notes}:`], ...report.notes.map((note) => [defuse(note)]), []);
  lines.push([`${texts.writer.light}:`], ...legendLines(report, locale).map((line) => [line.text]));
  const text = lines.map((cells) => csvLine(cells, delimiter)).join(CSV_EOL);
  return Buffer.from(CSV_BOM + text + CSV_EOL, "utf8");
}
