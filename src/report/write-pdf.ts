/**
 * PDF of a report (pdfmake, its bundled Roboto): A4 landscape; page 1 opens with the title block,
 * the period's headline figures and the section's charts (ECharts SVG from `charts.ts`); then each
 * section's table with the two-level header of the source documents repeated on every page, the
 * lights as coloured cells, TOTAL and subtotals in bold; the totals, notes and legend close the
 * last page; every page says "Página n de m" (in the report's language: texts.ts).
 */
import { createRequire } from "node:module";
import type { ChartSpec, ReportColumn } from "../contract/report.js";
import type { TrafficLight } from "../domain/traffic-light.js";
import { chartHeight, renderChartSvg } from "./charts.js";
import {
  cellLight,
  cellText,
  dateText,
  headerLayout,
  isHeading,
  leadingTextColumns,
  legendLines,
  lightText,
  type NumberLocale,
  numberLocale,
  pctText,
  quantityText,
  summaryLabel,
  titleLines,
} from "./format-locale.js";
import type { Report, ReportRow, ReportSection } from "./model.js";
import { type ReportTexts, reportTexts } from "./texts.js";

// ---------------------------------------------------------------------------------------------
// pdfmake, typed as far as this writer uses it (@types/pdfmake is not installed).

type Node = { [key: string]: unknown };
type Content = Node | string | Content[];
type TableCell = Node;
type FontFiles = { normal: string; bold: string; italics: string; bolditalics: string };
type PdfMake = {
  setFonts(fonts: Record<string, FontFiles>): void;
  setUrlAccessPolicy(policy: (url: string) => boolean): void;
  setLocalAccessPolicy(policy: (path: string) => boolean): void;
  createPdf(definition: Node): { getBuffer(): Promise<Buffer> };
};

const require = createRequire(import.meta.url);

let printer: PdfMake | undefined;

/** A pdfmake of our own (the package exports a shared one), reading nothing but its Roboto files. */
function pdfMake(): PdfMake {
  if (printer) return printer;
  const shared = require("pdfmake") as PdfMake;
  const own = new (Object.getPrototypeOf(shared).constructor as new () => PdfMake)();
  const roboto = (require("pdfmake/fonts/Roboto.js") as { Roboto: FontFiles }).Roboto;
  const allowed = new Set(Object.values(roboto));
  own.setFonts({ Roboto: roboto });
  own.setUrlAccessPolicy(() => false);
  own.setLocalAccessPolicy((path) => allowed.has(path));
  printer = own;
  return own;
}

// ---------------------------------------------------------------------------------------------
// Page geometry (points) and colours.

const PAGE = { width: 841.89, height: 595.28 };
const MARGIN = { left: 24, top: 30, right: 24, bottom: 30 };
const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
const CONTENT_HEIGHT = PAGE.height - MARGIN.top - MARGIN.bottom;

const INK = "#263238";
const MUTED = "#607d8b";
const TITLE_COLOR = "#1f3864";
const HEADER_FILL = "#dce6f1";
const HEADING_FILL = "#eaf1fb";
const SUBTOTAL_FILL = "#f2f2f2";
const TOTAL_FILL = "#d9d9d9";
const LINE_COLOR = "#b0bec5";

/** Strong tints: a light must read as a colour on a plain office printer too. */
const LIGHT_CELL: Readonly<Record<TrafficLight, { fill: string; text: string }>> = {
  green: { fill: "#b9e4bd", text: "#0b4f10" },
  amber: { fill: "#ffdf80", text: "#5c4300" },
  red: { fill: "#f5a9ae", text: "#7a0009" },
};

const CELL_PADDING = { x: 2.2, y: 1.6 };
/** How much a table narrower than the page may widen its columns. */
const MAX_GROWTH = 1.5;
/** Space a unit heading needs under it for at least one row of its unit, in points. */
const ORPHAN_ROOM = 48;
/** Marks (pdfmake's `headlineLevel`, `id`) that `pageBreakBefore` looks for. */
const HEADING_MARK = 1;
const TOTAL_MARK = 2;
const CLOSING_ID = "avance-closing-totals";
/** Rows carried with the TOTAL to the page of the closing totals, when it has to move. */
const SPLIT_ROWS = 4;

// ---------------------------------------------------------------------------------------------
// Text widths in Roboto, in em (measured from the bundled fonts), to size the columns.

function charWidth(char: string): number {
  if (/[0-9]/.test(char)) return 0.57;
  if (char === " ") return 0.25;
  if (char === "," || char === ".") return 0.28;
  if (char === "%") return 0.74;
  if (char === "—") return 0.78;
  if (/[MWÑ]/.test(char)) return 0.88;
  if (/[A-ZÁÉÍÓÚÜ]/.test(char)) return 0.66;
  if (/[a-záéíóúüñ]/.test(char)) return 0.51;
  return 0.6;
}

/** Width of a text on one line, in points, with a margin for the letters the table rounds. */
export function textWidth(text: string, size: number, bold = false): number {
  if (text === "") return 0;
  let em = 0;
  for (const char of text) em += charWidth(char);
  return em * size * (bold ? 1.04 : 1) * 1.06 + 0.8;
}

const longestWord = (text: string, size: number, bold = false) =>
  text.split(/\s+/).reduce((widest, word) => Math.max(widest, textWidth(word, size, bold)), 0);

// ---------------------------------------------------------------------------------------------
// Tables.

type Sizing = { fontSize: number; widths: number[] };

/**
 * Column widths that fill the page: figures never wrap (each column fits its widest figure and
 * its header's longest word); the text columns share what is left, by how much they hold, and
 * wrap. The font shrinks (down to 6 pt) until the figures leave the texts room.
 */
function sizeTable(section: ReportSection, locale: NumberLocale, width: number, words: ReportTexts): Sizing {
  const { columns } = section;
  const span = leadingTextColumns(columns);
  const labels = section.rows.map((row) => summaryLabel(row, columns));
  const texts = section.rows.map((row) =>
    columns.map((column) => cellText(column.kind, row.cells[column.key], locale, row, words)),
  );
  const isText = columns.map((column) => column.kind === "text");
  const extra = 2 * CELL_PADDING.x + 0.6;
  let best: Sizing | undefined;
  for (const fontSize of [8, 7.5, 7, 6.5, 6]) {
    const headerSize = fontSize;
    const fixed = columns.map((column, c) => {
      if (isText[c]) return 0;
      let widest = longestWord(column.label, headerSize, true);
      texts.forEach((cells, r) => {
        if (labels[r] !== undefined && c < span) return;
        widest = Math.max(widest, textWidth(cells[c] ?? "", fontSize, true));
      });
      return widest + extra;
    });
    const used = fixed.reduce((sum, w) => sum + w, 0);
    const free = width - used;
    const textColumns = columns.flatMap((_, c) => (isText[c] ? [c] : []));
    // What each text column wants (its longest text, capped) and needs (its longest word).
    const want = textColumns.map((c) => {
      let longest = textWidth(columns[c]?.label ?? "", headerSize, true) * 0.6;
      for (const cells of texts) longest = Math.max(longest, textWidth(cells[c] ?? "", fontSize));
      return Math.min(longest + extra, width * 0.4);
    });
    const need = textColumns.map((c) => {
      let widest = longestWord(columns[c]?.label ?? "", headerSize, true);
      for (const cells of texts) widest = Math.max(widest, longestWord(cells[c] ?? "", fontSize));
      return Math.min(widest, 90) + extra;
    });
    const needed = need.reduce((sum, w) => sum + w, 0);
    textColumns.forEach((_, i) => {
      want[i] = Math.max(want[i] ?? 0, need[i] ?? 0);
    });
    const widths = [...fixed];
    const wanted = want.reduce((sum, w) => sum + w, 0);
    if (free >= wanted) {
      // Room to spare: every column gets what it wants, and the table grows a little toward the
      // page width (a narrow table is not stretched into one huge column).
      textColumns.forEach((c, i) => {
        widths[c] = want[i] ?? 0;
      });
      const natural = used + wanted;
      const grow = natural > 0 ? Math.min(width / natural, MAX_GROWTH) : 1;
      widths.forEach((w, c) => {
        widths[c] = w * grow;
      });
    } else {
      // Share the free width above what each text needs, by how much more each wants.
      const spare = Math.max(0, free - needed);
      const more = want.map((w, i) => Math.max(0, w - (need[i] ?? 0)));
      const moreTotal = more.reduce((sum, w) => sum + w, 0) || 1;
      textColumns.forEach((c, i) => {
        widths[c] = (need[i] ?? 0) + (spare * (more[i] ?? 0)) / moreTotal;
      });
    }
    best = { fontSize, widths };
    if (free >= needed * 1.6 || fontSize === 6) break;
  }
  // Widths handed to pdfmake exclude the padding it adds.
  return {
    fontSize: best?.fontSize ?? 7,
    widths: (best?.widths ?? []).map((w) => Math.max(4, w - 2 * CELL_PADDING.x - 0.6)),
  };
}

function headerRows(columns: readonly ReportColumn[], fontSize: number): TableCell[][] {
  const { twoLevel, groups } = headerLayout(columns);
  const style = (text: string): TableCell => ({
    text,
    bold: true,
    fontSize,
    color: TITLE_COLOR,
    fillColor: HEADER_FILL,
    alignment: "center",
  });
  if (!twoLevel) return [columns.map((column) => style(column.label))];
  const top: TableCell[] = columns.map((column) =>
    column.group ? {} : { ...style(column.label), rowSpan: 2 },
  );
  const bottom: TableCell[] = columns.map((column) => (column.group ? style(column.label) : {}));
  for (const group of groups)
    top[group.first] = { ...style(group.label), colSpan: group.last - group.first + 1 };
  return [top, bottom];
}

function rowFill(row: ReportRow, heading: boolean): string | undefined {
  if (row.kind === "total") return TOTAL_FILL;
  if (row.kind === "subtotal") return SUBTOTAL_FILL;
  if (heading) return HEADING_FILL;
  return undefined;
}

function bodyRow(
  row: ReportRow,
  columns: readonly ReportColumn[],
  locale: NumberLocale,
  fontSize: number,
  tree: boolean,
  texts: ReportTexts,
): TableCell[] {
  const span = leadingTextColumns(columns);
  const label = summaryLabel(row, columns);
  const heading = isHeading(row, columns);
  const bold =
    row.kind === "total" || row.kind === "subtotal" || heading || (tree && row.kind === "unit" && !row.depth);
  const fill = rowFill(row, heading);
  const base = (): TableCell => ({ fontSize, bold, ...(fill ? { fillColor: fill } : {}) });
  const indent = row.kind === "unit" && row.depth ? { margin: [row.depth * 8, 0, 0, 0] } : {};
  const cells: TableCell[] = [];
  if (heading) {
    // A unit heading is a band across the table; it never stays alone at the foot of a page.
    return [
      { ...base(), ...indent, text: label ?? "", colSpan: columns.length, headlineLevel: HEADING_MARK },
      ...columns.slice(1).map(() => ({})),
    ];
  }
  columns.forEach((column, c) => {
    if (label !== undefined && c < span) {
      cells.push(c === 0 ? { ...base(), ...indent, text: label, colSpan: span } : {});
      return;
    }
    const value = row.cells[column.key];
    const text = cellText(column.kind, value, locale, row, texts);
    const cell: TableCell = { ...base(), text };
    if (column.kind === "light") {
      const light = cellLight(value, row.light);
      cell.alignment = "center";
      if (light) {
        cell.fillColor = LIGHT_CELL[light].fill;
        cell.color = LIGHT_CELL[light].text;
        cell.bold = true;
      }
    } else if (column.kind === "text") {
      if (c === 0) Object.assign(cell, indent);
    } else if (column.kind === "date") cell.alignment = "center";
    else cell.alignment = "right";
    cells.push(cell);
  });
  return cells;
}

const TABLE_LAYOUT = {
  hLineWidth: (i: number, node: { table: { headerRows: number } }) =>
    i === node.table.headerRows ? 0.9 : 0.35,
  vLineWidth: () => 0.35,
  hLineColor: (i: number, node: { table: { headerRows: number } }) =>
    i === node.table.headerRows ? TITLE_COLOR : LINE_COLOR,
  vLineColor: () => LINE_COLOR,
  paddingLeft: () => CELL_PADDING.x,
  paddingRight: () => CELL_PADDING.x,
  paddingTop: () => CELL_PADDING.y,
  paddingBottom: () => CELL_PADDING.y,
};

/**
 * A section's table. With `splitTotal`, the TOTAL row (the last one) is set apart in a table of
 * its own that starts a new page under the same header: the last page then holds it with the
 * closing totals.
 */
function tableOf(
  section: ReportSection,
  locale: NumberLocale,
  markTotal: boolean,
  splitTotal: boolean,
  texts: ReportTexts,
): Content[] {
  const { fontSize, widths } = sizeTable(section, locale, CONTENT_WIDTH, texts);
  const header = headerRows(section.columns, fontSize);
  const tree = section.rows.some((row) => (row.depth ?? 0) > 0);
  const body = section.rows.map((row) => bodyRow(row, section.columns, locale, fontSize, tree, texts));
  const totalAt = section.rows.findLastIndex((row) => row.kind === "total");
  const total = body[totalAt]?.[0];
  if (markTotal && total && total.headlineLevel === undefined) total.headlineLevel = TOTAL_MARK;
  if (body.length === 0) {
    const span = Math.max(1, section.columns.length);
    body.push([
      { text: texts.writer.noRows, italics: true, colSpan: span, fontSize },
      ...Array.from({ length: span - 1 }, () => ({})),
    ]);
  }
  // pdfmake writes into the cells it lays out: each table gets header cells of its own.
  const table = (rows: TableCell[][], extra: Node = {}): Node => ({
    table: {
      headerRows: header.length,
      dontBreakRows: true,
      widths,
      body: [...headerRows(section.columns, fontSize), ...rows],
    },
    layout: TABLE_LAYOUT,
    ...extra,
  });
  if (splitTotal && totalAt === body.length - 1 && body.length > 1) {
    // A few rows go along, so the TOTAL does not stand alone under the header.
    const from = Math.max(1, body.length - SPLIT_ROWS);
    return [table(body.slice(0, from)), table(body.slice(from), { pageBreak: "before" })];
  }
  return [table(body)];
}

// ---------------------------------------------------------------------------------------------
// Title block, charts, closing block.

function lightBadge(
  light: TrafficLight | null,
  over: boolean,
  fontSize: number,
  texts: ReportTexts,
): TableCell {
  const text = lightText(light, over, texts);
  return light
    ? {
        text,
        bold: true,
        fontSize,
        alignment: "center",
        fillColor: LIGHT_CELL[light].fill,
        color: LIGHT_CELL[light].text,
      }
    : { text, fontSize, alignment: "center", color: MUTED };
}

/** Programado · Ejecutado · % · Semáforo of the whole report, as four boxes. */
function headline(report: Report, locale: NumberLocale): Content {
  const { totals, thresholds } = report;
  const texts = reportTexts(report.language);
  const { writer } = texts;
  const over = totals.executionPct !== null && totals.executionPct > thresholds.overExecutionAbove;
  const box = (label: string, value: TableCell): TableCell[] => [
    { text: label, fontSize: 7.5, color: MUTED, alignment: "center", margin: [0, 2, 0, 0] },
    { fontSize: 15, bold: true, alignment: "center", margin: [0, 0, 0, 3], ...value },
  ];
  const columns = [
    box(writer.programmed, { text: quantityText(totals.programmed, locale) }),
    box(writer.executed, { text: quantityText(totals.executed, locale) || "—" }),
    box(writer.execution, { text: pctText(totals.executionPct, locale) }),
    box(writer.light, lightBadge(totals.light, over, 13, texts)),
  ];
  return {
    table: {
      widths: [70, 70, 70, 70],
      body: [columns.map((c) => c[0] as TableCell), columns.map((c) => c[1] as TableCell)],
    },
    layout: {
      hLineWidth: (i: number) => (i === 1 ? 0 : 0.6),
      vLineWidth: () => 0.6,
      hLineColor: () => LINE_COLOR,
      vLineColor: () => LINE_COLOR,
    },
  };
}

function titleBlock(report: Report, locale: NumberLocale): Content[] {
  const lines = titleLines(report).map(({ label, value }) => ({
    text: [{ text: `${label}: `, bold: true }, value],
    fontSize: 8.5,
    margin: [0, 0, 0, 1.5],
  }));
  return [
    { text: report.title, fontSize: 16, bold: true, color: TITLE_COLOR, margin: [0, 0, 0, 4] },
    {
      columns: [
        { width: "*", stack: lines },
        { width: "auto", stack: [headline(report, locale)] },
      ],
      columnGap: 12,
    },
    {
      canvas: [
        { type: "line", x1: 0, y1: 0, x2: CONTENT_WIDTH, y2: 0, lineWidth: 0.8, lineColor: TITLE_COLOR },
      ],
      margin: [0, 6, 0, 8],
    },
  ];
}

/** Space left on page 1 under the title block, for its charts. */
const FIRST_PAGE_CHART_HEIGHT = CONTENT_HEIGHT - 120;

/** An SVG chart drawn `width` points wide; rendered 25 % larger, so its 12 px labels print at ~9.6 pt. */
function chartNode(spec: ChartSpec, report: Report, width: number, height: number): Content {
  const scale = 1.25;
  const svg = renderChartSvg(spec, {
    width: Math.round(width * scale),
    height: Math.round(height * scale),
    locale: report.institution.locale,
    thresholds: report.thresholds,
    language: report.language,
  });
  return { svg, width, height };
}

function chartsOf(section: ReportSection, report: Report, room: number): Content[] {
  const charts = section.charts ?? [];
  if (charts.length === 0) return [];
  const ranked = charts.filter((chart) => chart.kind === "units-ranked");
  const small = charts.filter((chart) => chart.kind !== "units-ranked");
  const content: Content[] = [];
  // Monthly bars and cumulative lines side by side, two per row.
  for (let i = 0; i < small.length; i += 2) {
    const pair = small.slice(i, i + 2);
    const gap = 14;
    const width = pair.length === 2 ? (CONTENT_WIDTH - gap) / 2 : CONTENT_WIDTH * 0.6;
    const height = Math.min(Math.round(width * 0.72), Math.max(180, room / Math.ceil(small.length / 2) - 8));
    content.push({
      columns: pair.map((spec) => ({ width, stack: [chartNode(spec, report, width, height)] })),
      columnGap: gap,
      margin: [0, 0, 0, 8],
      unbreakable: true,
    });
  }
  // A ranked chart takes the width; its height grows with its units, within the page.
  for (const spec of ranked) {
    const natural = chartHeight(spec, CONTENT_WIDTH) * 0.8;
    const height = Math.min(CONTENT_HEIGHT - 10, Math.max(Math.min(natural, room - 8), 150));
    content.push({ stack: [chartNode(spec, report, CONTENT_WIDTH, height)], margin: [0, 0, 0, 8] });
  }
  return content;
}

function closingBlock(report: Report, locale: NumberLocale): Content {
  const { totals } = report;
  const texts = reportTexts(report.language);
  const { writer } = texts;
  const legend = legendLines(report, locale).map((line) =>
    line.light
      ? {
          table: {
            widths: ["auto"],
            body: [[{ ...lightBadge(line.light, false, 7.5, texts), text: line.text, alignment: "left" }]],
          },
          layout: "noBorders",
          margin: [0, 0, 0, 2],
        }
      : { text: line.text, fontSize: 7.5, color: MUTED, margin: [0, 1, 0, 1] },
  );
  const summary = [
    {
      text: writer.periodTotals,
      id: CLOSING_ID,
      bold: true,
      fontSize: 9,
      color: TITLE_COLOR,
      margin: [0, 0, 0, 3],
    },
    {
      text: [
        { text: `${writer.programmed}: `, bold: true },
        quantityText(totals.programmed, locale),
        { text: `   ${writer.executed}: `, bold: true },
        quantityText(totals.executed, locale) || "—",
        { text: `   ${writer.execution}: `, bold: true },
        pctText(totals.executionPct, locale),
        { text: `   ${writer.light}: `, bold: true },
        totals.light ? texts.lights[totals.light] : "—",
      ],
      fontSize: 8.5,
    },
  ];
  const notes = report.notes.length
    ? [
        { text: writer.notes, bold: true, fontSize: 8, margin: [0, 8, 0, 2] },
        { ul: report.notes.map((note) => ({ text: note, fontSize: 7.5 })), fontSize: 7.5 },
      ]
    : [];
  return {
    unbreakable: true,
    margin: [0, 10, 0, 0],
    columns: [
      { width: "*", stack: [...summary, ...notes] },
      {
        width: 250,
        stack: [{ text: writer.light, bold: true, fontSize: 8, margin: [0, 0, 0, 3] }, ...legend],
      },
    ],
    columnGap: 18,
  };
}

// ---------------------------------------------------------------------------------------------

/** Where the last layout put the TOTAL row and the closing totals (1-based pages). */
type Probe = { totalPage?: number; closingPage?: number };

/**
 * The pdfmake document of a report. `splitTotal` moves the TOTAL row to the closing totals' page
 * (see `writePdf`); `probe` receives where the layout put them.
 */
export function pdfDefinition(report: Report, options: { splitTotal?: boolean; probe?: Probe } = {}): Node {
  const { splitTotal = false, probe = {} } = options;
  const locale = numberLocale(report.institution.locale);
  const texts = reportTexts(report.language);
  const content: Content[] = [...titleBlock(report, locale)];
  const many = report.sections.length > 1;
  report.sections.forEach((section, index) => {
    const heading = (pageBreak: boolean): Content => ({
      text: section.title,
      fontSize: 11,
      bold: true,
      color: TITLE_COLOR,
      margin: [0, index > 0 && !pageBreak ? 12 : 0, 0, 5],
      headlineLevel: HEADING_MARK,
      ...(pageBreak ? { pageBreak: "before" } : {}),
    });
    const charts = chartsOf(section, report, index === 0 ? FIRST_PAGE_CHART_HEIGHT : CONTENT_HEIGHT - 30);
    // Sections follow one another; a section with charts starts a page (charts first, then its
    // table from the top of the next page, its header in place).
    if (charts.length > 0) {
      if (index > 0 || many) content.push(heading(index > 0));
      content.push(...charts, heading(true));
    } else if (index > 0 || many) content.push(heading(false));
    const last = index === report.sections.length - 1;
    content.push(...tableOf(section, locale, last, last && splitTotal, texts));
  });
  content.push(closingBlock(report, locale));

  const running = `${report.institution.name} · ${report.title}`;
  return {
    pageSize: "A4",
    pageOrientation: "landscape",
    pageMargins: [MARGIN.left, MARGIN.top, MARGIN.right, MARGIN.bottom],
    info: {
      title: report.title,
      author: report.institution.name,
      subject: `${report.plan.title} — ${report.period.label}`,
      creator: "Avance",
      producer: "Avance",
      creationDate: issueDate(report.issuedAt),
    },
    defaultStyle: { font: "Roboto", fontSize: 8, color: INK, lineHeight: 1.05 },
    header: (page: number) =>
      page === 1
        ? ""
        : {
            columns: [
              { text: running, fontSize: 7, color: MUTED },
              {
                text: `${report.period.label} · ${texts.writer.issued} ${dateText(report.issuedAt)}`,
                fontSize: 7,
                color: MUTED,
                alignment: "right",
                width: "auto",
              },
            ],
            margin: [MARGIN.left, 12, MARGIN.right, 0],
          },
    footer: (page: number, pages: number) => ({
      columns: [
        { text: `Avance · ${report.plan.title}`, fontSize: 7, color: MUTED },
        {
          text: texts.writer.page(page, pages),
          fontSize: 7.5,
          bold: true,
          alignment: "right",
          width: "auto",
        },
      ],
      margin: [MARGIN.left, 10, MARGIN.right, 0],
    }),
    content,
    pageBreakBefore: (node: NodeInfo) => pageBreakBefore(node, probe),
  };
}

type NodeInfo = {
  id?: string;
  headlineLevel?: number;
  startPosition?: { top: number };
  pageNumbers?: number[];
};

/**
 * A unit heading or a section title at the foot of a page (no room for a row under it) moves to
 * the next page.
 * pdfmake asks in document order, and lays the document out again after each `true`; the pages of
 * the TOTAL row and of the closing totals are noted as it goes (the last layout's are final).
 */
function pageBreakBefore(node: NodeInfo, probe: Probe): boolean {
  if (node.headlineLevel === HEADING_MARK)
    return (node.startPosition?.top ?? 0) > PAGE.height - MARGIN.bottom - ORPHAN_ROOM;
  if (node.headlineLevel === TOTAL_MARK) probe.totalPage = node.pageNumbers?.[0];
  if (node.id === CLOSING_ID) probe.closingPage = node.pageNumbers?.[0];
  return false;
}

function issueDate(iso: string): Date {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? new Date(0) : date;
}

/**
 * The PDF of a report. When the closing totals do not fit under the TOTAL row (they are kept in
 * one piece), the document is laid out once more with the TOTAL row moved to their page, under
 * the table's header: the totals are never split from the TOTAL row.
 */
export async function writePdf(report: Report): Promise<Buffer> {
  const probe: Probe = {};
  const buffer = await pdfMake().createPdf(pdfDefinition(report, { probe })).getBuffer();
  if (
    probe.totalPage === undefined ||
    probe.closingPage === undefined ||
    probe.totalPage === probe.closingPage
  )
    return buffer;
  return pdfMake()
    .createPdf(pdfDefinition(report, { splitTotal: true }))
    .getBuffer();
}
