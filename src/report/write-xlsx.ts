/**
 * xlsx of a report (ExcelJS): one sheet per section, each with the title block (institution,
 * plan, period, issue date), the two-level header of the source documents frozen above the rows
 * (and repeated on every printed page), numbers stored as numbers (`#,##0`, `0.0%`), the lights
 * as cell colours, TOTAL and subtotals in bold, and the notes and the legend of the lights below.
 * Avance's importer reads the POI sheet back with the same figures.
 */
import ExcelJS from "exceljs";
import type { ReportColumn } from "../contract/report.js";
import type { TrafficLight } from "../domain/traffic-light.js";
import {
  cellLight,
  dateText,
  headerLayout,
  isHeading,
  leadingTextColumns,
  legendLines,
  lightText,
  NO_VALUE,
  type NumberLocale,
  numberLocale,
  pctText,
  quantityText,
  summaryLabel,
  titleLines,
} from "./format-locale.js";
import type { Report, ReportRow, ReportSection } from "./model.js";
import { type ReportTexts, reportTexts } from "./texts.js";

/** Fill and text colour of each light: the "good / neutral / bad" tints every Excel user knows. */
export const LIGHT_FILLS: Readonly<Record<TrafficLight, { fill: string; font: string }>> = {
  green: { fill: "FFC6EFCE", font: "FF006100" },
  amber: { fill: "FFFFE699", font: "FF7F6000" },
  red: { fill: "FFFFC7CE", font: "FF9C0006" },
};

export const QUANTITY_FORMAT = "#,##0";
const DECIMAL_QUANTITY_FORMAT = "#,##0.0###";
export const PCT_FORMAT = "0.0%";
const DATE_FORMAT = "dd/mm/yyyy";
const DATE_TIME_FORMAT = "dd/mm/yyyy hh:mm";

const FONT = "Calibri";
const HEADER_FILL = "FFDCE6F1";
const HEADING_FILL = "FFEAF1FB";
const SUBTOTAL_FILL = "FFF2F2F2";
const TOTAL_FILL = "FFD9D9D9";
const BORDER_COLOR = "FFBFBFBF";

const thin = { style: "thin" as const, color: { argb: BORDER_COLOR } };
const BORDER: Partial<ExcelJS.Borders> = { top: thin, left: thin, bottom: thin, right: thin };
const solid = (argb: string): ExcelJS.Fill => ({ type: "pattern", pattern: "solid", fgColor: { argb } });

/** A4 landscape inside the margins set below, in points. */
const PRINTABLE = { width: (11.69 - 0.8) * 72, height: (8.27 - 1.1) * 72 };

/** Column widths in characters (Excel's unit: the width of a `0`). */
const MIN_TEXT_WIDTH = 12;
const MAX_TEXT_WIDTH = 80;
const TEXT_BUDGET = 130;
const MIN_NUMBER_WIDTH = 6;

/** Excel forbids `[]:*?/\` in sheet names and allows 31 characters; names must be unique. */
function sheetName(title: string, used: Set<string>, fallback: string): string {
  const clean =
    title
      .replace(/[[\]:*?/\\]/g, " ")
      .replace(/\s+/g, " ")
      .trim()
      .replace(/^'+|'+$/g, "") || fallback;
  let name = clean.slice(0, 31).trim();
  for (let n = 2; used.has(name.toLowerCase()); n++)
    name = `${clean.slice(0, 31 - ` (${n})`.length).trim()} (${n})`;
  used.add(name.toLowerCase());
  return name;
}

/** What a cell shows, as text: what its width must fit. */
function shownText(column: ReportColumn, row: ReportRow, locale: NumberLocale, texts: ReportTexts): string {
  const value = row.cells[column.key];
  switch (column.kind) {
    case "quantity":
    case "count":
      return typeof value === "number" ? quantityText(value, locale) : (value ?? "");
    case "pct":
      // As `0.0%` shows it: `96.8%`.
      return typeof value === "number" ? pctText(value, locale).replace(" ", "") : NO_VALUE;
    case "light":
      return lightText(cellLight(value, row.light), row.overExecution, texts);
    case "date":
      return typeof value === "string" ? dateText(value, true) : "";
    case "text":
      return value === null || value === undefined ? "" : String(value);
  }
}

/** Lines a text takes in a column of `width` characters (words kept whole, as Excel wraps). */
export function wrappedLines(text: string, width: number): number {
  // Capitals are wider than the `0` Excel measures widths with; most planning texts are capitals.
  const letters = text.replace(/[^A-Za-zÀ-ÿ]/g, "");
  const upper = letters.replace(/[^A-ZÀ-Þ]/g, "").length;
  const capacity = Math.max(1, Math.floor(width * (upper > letters.length / 2 ? 0.92 : 1.1)));
  let lines = 0;
  for (const paragraph of text.split("\n")) {
    let used = 0;
    lines++;
    for (const word of paragraph.split(/\s+/).filter(Boolean)) {
      const length = word.length;
      if (used === 0) used = length;
      else if (used + 1 + length <= capacity) used += 1 + length;
      else {
        lines++;
        used = length;
      }
      while (used > capacity) {
        lines++;
        used -= capacity;
      }
    }
  }
  return lines;
}

function columnWidths(section: ReportSection, locale: NumberLocale, texts: ReportTexts): number[] {
  const labels = section.rows.map((row) => summaryLabel(row, section.columns));
  const span = leadingTextColumns(section.columns);
  const widths = section.columns.map((column, index) => {
    const header = column.label.split(/\s+/).reduce((longest, word) => Math.max(longest, word.length), 0);
    let content = 0;
    section.rows.forEach((row, r) => {
      if (labels[r] !== undefined && index < span) return;
      content = Math.max(content, shownText(column, row, locale, texts).length);
    });
    // Capitals are wider than Excel's width unit (see `wrappedLines`): a text that fits stays on one line.
    if (column.kind === "text")
      return Math.min(MAX_TEXT_WIDTH, Math.max(MIN_TEXT_WIDTH, Math.ceil(content * 1.1) + 2, header + 2));
    return Math.max(MIN_NUMBER_WIDTH, content + 2, header + 2);
  });
  // Long texts wrap: together the text columns take at most TEXT_BUDGET, shared by what they hold.
  const text = section.columns.flatMap((column, i) => (column.kind === "text" ? [i] : []));
  const total = text.reduce((sum, i) => sum + (widths[i] ?? 0), 0);
  if (total > TEXT_BUDGET) {
    for (const i of text)
      widths[i] = Math.max(MIN_TEXT_WIDTH, Math.round(((widths[i] ?? 0) * TEXT_BUDGET) / total));
  }
  return widths;
}

/**
 * The style of a whole row: TOTAL and subtotals bold on a grey band, a unit heading bold on a blue
 * one; a unit line of a summary is bold only when it is a top unit of a tree of units.
 */
function rowStyle(row: ReportRow, heading: boolean, tree: boolean): { bold: boolean; fill?: string } {
  switch (row.kind) {
    case "total":
      return { bold: true, fill: TOTAL_FILL };
    case "subtotal":
      return { bold: true, fill: SUBTOTAL_FILL };
    case "unit":
      return heading ? { bold: true, fill: HEADING_FILL } : { bold: tree && (row.depth ?? 0) === 0 };
    case "activity":
      return { bold: false };
  }
}

function writeValue(cell: ExcelJS.Cell, column: ReportColumn, row: ReportRow, texts: ReportTexts): void {
  const value = row.cells[column.key];
  switch (column.kind) {
    case "quantity":
    case "count":
      if (typeof value === "number") {
        cell.value = value;
        cell.numFmt = Number.isInteger(value) ? QUANTITY_FORMAT : DECIMAL_QUANTITY_FORMAT;
      } else if (typeof value === "string") cell.value = value;
      cell.alignment = { horizontal: "right", vertical: "top" };
      return;
    case "pct":
      if (value === undefined) return;
      if (typeof value === "number") {
        // Stored as the fraction Excel's % format expects: 96.8 % is 0.968.
        cell.value = value / 100;
        cell.numFmt = PCT_FORMAT;
        cell.alignment = { horizontal: "right", vertical: "top" };
      } else {
        cell.value = value ?? NO_VALUE;
        cell.alignment = { horizontal: "center", vertical: "top" };
      }
      return;
    case "light": {
      const light = cellLight(value, row.light);
      cell.value =
        light === null && typeof value === "string" && value
          ? value
          : lightText(light, row.overExecution, texts);
      cell.alignment = { horizontal: "center", vertical: "top" };
      if (light) {
        cell.fill = solid(LIGHT_FILLS[light].fill);
        cell.font = {
          name: FONT,
          size: 10,
          bold: row.kind !== "activity",
          color: { argb: LIGHT_FILLS[light].font },
        };
      }
      return;
    }
    case "date": {
      // A date, or a date-time (`2021-04-05T14:03:00Z`): shown as written, never shifted by a zone.
      const match =
        typeof value === "string" ? /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?/.exec(value) : null;
      if (match) {
        const part = (i: number) => Number(match[i] ?? 0);
        cell.value = new Date(Date.UTC(part(1), part(2) - 1, part(3), part(4), part(5)));
        cell.numFmt = match[4] === undefined ? DATE_FORMAT : DATE_TIME_FORMAT;
      } else if (value !== null && value !== undefined) cell.value = value;
      cell.alignment = { horizontal: "center", vertical: "top" };
      return;
    }
    case "text":
      if (value !== null && value !== undefined) cell.value = value;
      cell.alignment = { vertical: "top", wrapText: true };
  }
}

function labelled(label: string, value: string): ExcelJS.CellRichTextValue {
  return {
    richText: [
      { text: `${label}: `, font: { name: FONT, size: 10, bold: true } },
      { text: value, font: { name: FONT, size: 10 } },
    ],
  };
}

function addSheet(
  workbook: ExcelJS.Workbook,
  report: Report,
  section: ReportSection,
  name: string,
  locale: NumberLocale,
): void {
  const { columns } = section;
  const texts = reportTexts(report.language);
  const count = Math.max(1, columns.length);
  const sheet = workbook.addWorksheet(name, {
    pageSetup: {
      paperSize: 9, // A4
      orientation: "landscape",
      fitToPage: true,
      fitToWidth: 1,
      fitToHeight: 0,
      horizontalCentered: true,
      margins: { left: 0.4, right: 0.4, top: 0.5, bottom: 0.6, header: 0.2, footer: 0.25 },
    },
    headerFooter: {
      oddFooter: `&L&8${report.institution.name.replace(/&/g, "&&")}&R&8${texts.writer.page("&P", "&N")}`,
    },
  });
  const widths = columnWidths(section, locale, texts);
  widths.forEach((width, i) => {
    sheet.getColumn(i + 1).width = width;
  });

  // Title block.
  const title = sheet.getCell(1, 1);
  title.value = report.sections.length > 1 ? `${report.title} — ${section.title}` : report.title;
  title.font = { name: FONT, size: 14, bold: true, color: { argb: "FF1F3864" } };
  sheet.getRow(1).height = 20;
  titleLines(report).forEach(({ label, value }, i) => {
    sheet.getCell(2 + i, 1).value = labelled(label, value);
  });
  let r = 2 + titleLines(report).length + 1;

  // Header: the group over its months (merged across), other labels merged down both rows.
  const { twoLevel, groups } = headerLayout(columns);
  const headerTop = r;
  const headerBottom = twoLevel ? r + 1 : r;
  const headerStyle = (cell: ExcelJS.Cell) => {
    cell.font = { name: FONT, size: 10, bold: true, color: { argb: "FF1F3864" } };
    cell.fill = solid(HEADER_FILL);
    cell.border = BORDER;
    cell.alignment = { horizontal: "center", vertical: "middle", wrapText: true };
  };
  columns.forEach((column, i) => {
    if (column.group) {
      sheet.getCell(headerBottom, i + 1).value = column.label;
    } else {
      sheet.getCell(headerTop, i + 1).value = column.label;
      if (twoLevel) sheet.mergeCells(headerTop, i + 1, headerBottom, i + 1);
    }
  });
  for (const group of groups) {
    sheet.getCell(headerTop, group.first + 1).value = group.label;
    if (group.last > group.first) sheet.mergeCells(headerTop, group.first + 1, headerTop, group.last + 1);
  }
  for (let row = headerTop; row <= headerBottom; row++)
    for (let col = 1; col <= count; col++) headerStyle(sheet.getCell(row, col));
  const headerLines = Math.max(
    1,
    ...columns.map((column, i) => (column.group ? 1 : wrappedLines(column.label, widths[i] ?? 10))),
  );
  if (!twoLevel) sheet.getRow(headerTop).height = 15 * headerLines;
  else if (headerLines > 2) sheet.getRow(headerTop).height = 15 * (headerLines - 1);
  r = headerBottom + 1;

  // Rows.
  const span = leadingTextColumns(columns);
  const tree = section.rows.some((row) => (row.depth ?? 0) > 0);
  let rowsHeight = 0;
  for (const row of section.rows) {
    const label = summaryLabel(row, columns);
    const heading = isHeading(row, columns);
    const style = rowStyle(row, heading, tree);
    const excelRow = sheet.getRow(r);
    let lines = 1;
    columns.forEach((column, i) => {
      const cell = excelRow.getCell(i + 1);
      cell.font = { name: FONT, size: 10, bold: style.bold };
      cell.border = BORDER;
      if (style.fill) cell.fill = solid(style.fill);
      if (label !== undefined && i < span) {
        if (i === 0) {
          cell.value = label;
          cell.alignment = { vertical: "top", wrapText: true, indent: row.depth ?? 0 };
        }
        return;
      }
      if (heading) return;
      writeValue(cell, column, row, texts);
      if (row.kind === "unit" && i === 0 && row.depth)
        cell.alignment = { ...cell.alignment, indent: row.depth };
      if (column.kind === "text" && typeof cell.value === "string")
        lines = Math.max(lines, wrappedLines(cell.value, widths[i] ?? MIN_TEXT_WIDTH));
    });
    if (label !== undefined && span > 1) {
      sheet.mergeCells(r, 1, r, span);
      const width = widths.slice(0, span).reduce((sum, w) => sum + w, 0);
      lines = Math.max(lines, wrappedLines(label, width));
    }
    // Explicit heights: Excel does not grow a row for wrapped text it did not wrap itself.
    excelRow.height = Math.max(15, 13.5 * lines + 2);
    rowsHeight += excelRow.height;
    r++;
  }

  // Notes and legend: one text per row in the first column, so nothing below reads as a row.
  r++;
  const note = (text: string, bold = false) => {
    const cell = sheet.getCell(r++, 1);
    cell.value = text;
    cell.font = { name: FONT, size: 9, bold, italic: !bold };
  };
  if (report.notes.length) {
    note(`${texts.writer.notes}:`, true);
    for (const text of report.notes) note(text);
    r++;
  }
  note(`${texts.writer.light}:`, true);
  for (const line of legendLines(report, locale)) {
    const cell = sheet.getCell(r++, 1);
    cell.value = line.text;
    cell.font = {
      name: FONT,
      size: 9,
      bold: line.light !== null,
      ...(line.light ? { color: { argb: LIGHT_FILLS[line.light].font } } : {}),
    };
    if (line.light) {
      cell.fill = solid(LIGHT_FILLS[line.light].fill);
      cell.border = BORDER;
    }
  }

  sheet.views = [
    {
      state: "frozen",
      xSplit: Math.min(span, 2),
      ySplit: headerBottom,
      topLeftCell: sheet.getCell(headerBottom + 1, Math.min(span, 2) + 1).address,
      activeCell: sheet.getCell(headerBottom + 1, 1).address,
    },
  ];
  sheet.pageSetup.printTitlesRow = `${headerTop}:${headerBottom}`;
  // A section that nearly fits one page is printed on one (no TOTAL alone on a second page).
  const widthPt = widths.reduce((sum, width) => sum + (width * 7 + 5) * 0.75, 0);
  const scale = Math.min(1, PRINTABLE.width / widthPt);
  const heightPt = (rowsHeight + 15 * (headerBottom + 2 + report.notes.length + 7)) * scale;
  if (heightPt < PRINTABLE.height * 1.35) sheet.pageSetup.fitToHeight = 1;
}

export async function writeXlsx(report: Report): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const issued = new Date(report.issuedAt);
  const when = Number.isNaN(issued.getTime()) ? new Date(0) : issued;
  workbook.creator = "Avance";
  workbook.lastModifiedBy = "Avance";
  workbook.title = report.title;
  workbook.company = report.institution.name;
  // The issue date, not the clock: the same report gives the same file.
  workbook.created = when;
  workbook.modified = when;
  const locale = numberLocale(report.institution.locale);
  const used = new Set<string>();
  const { writer } = reportTexts(report.language);
  for (const section of report.sections)
    addSheet(workbook, report, section, sheetName(section.title, used, writer.sheet), locale);
  if (report.sections.length === 0) workbook.addWorksheet(writer.report);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
