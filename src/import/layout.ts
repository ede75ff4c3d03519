/**
 * Layout recognition: which row(s) hold the table header, and what each column means, judged
 * by its words (accents and case ignored, synonyms accepted), never by its position. A header
 * may span several rows: a group (`PROGRAMADO`, `EJECUTADO`, `I TRIM`) covers the empty cells
 * to its right that have a label below them (`ENE`, `FEB`, `PROG`).
 */
import { fold } from "../domain/normalize.js";
import { cleanCell, monthOfWord } from "./values.js";

export type Kind = "prog" | "exec";

export type Field =
  | "unit"
  | "name"
  | "code"
  | "ordinal"
  | "project"
  | "objective"
  | "location"
  | "budgetActivity"
  | "unitOfMeasure"
  | "annualTarget"
  | "startDate"
  | "endDate"
  | "goal"
  | "indicator"
  | "responsible"
  | "priority"
  | "oeiCode"
  | "oeiName"
  | "aeiCode"
  | "aeiName";

type Base = { col: number; label: string };
export type Column =
  | (Base & { type: "field"; field: Field })
  | (Base & { type: "month"; kind: Kind; month: number })
  /** A quarter, half or year total: the sum of `months` of `kind`. */
  | (Base & { type: "period"; kind: Kind; months: number[] })
  /** Months marked with `X` (a schedule, not quantities). */
  | (Base & { type: "schedule"; month: number })
  | (Base & { type: "unknown" });
export type PeriodColumn = Extract<Column, { type: "period" }>;

export type Layout = {
  /** 0-based rows of the header block, top to bottom. */
  headerRows: number[];
  columns: Column[];
  fields: Partial<Record<Field, Column>>;
  /** Month columns by kind, index 0 = January. */
  months: Record<Kind, (Column | undefined)[]>;
  periods: PeriodColumn[];
};

const SYNONYMS: Record<Field, string[]> = {
  unit: [
    "ORGANO",
    "ORGANO UNIDAD ORGANICA",
    "UNIDAD ORGANICA",
    "UNIDAD",
    "UNIDAD RESPONSABLE",
    "DEPENDENCIA",
    "AREA",
    "AREA RESPONSABLE",
    "DEPARTAMENTO",
    "CENTRO DE COSTO",
    "CENTRO DE COSTOS",
    "OFICINA",
    "GERENCIA",
    "SUBGERENCIA",
    "DIRECCION",
  ],
  name: [
    "ACTIVIDAD",
    "ACTIVIDADES",
    "ACTIVIDAD OPERATIVA",
    "ACTIVIDADES OPERATIVAS",
    "TAREA",
    "TAREAS",
    "NOMBRE DE LA ACTIVIDAD",
    "DESCRIPCION DE LA ACTIVIDAD",
    "DESCRIPCION",
    "ACCIONES A REALIZAR",
    "ACCIONES A DESARROLLAR",
  ],
  code: ["CODIGO", "COD", "CODIGO DE ACTIVIDAD", "CODIGO AO"],
  ordinal: ["N", "NO", "NRO", "NUM", "NUMERO", "ITEM"],
  project: ["PROYECTO", "PROYECTOS", "PROGRAMA", "PROGRAMA PROYECTO"],
  objective: ["OBJETIVO", "OBJETIVOS", "OBJETIVO ESPECIFICO", "OBJETIVOS ESPECIFICOS", "OBJETIVO OPERATIVO"],
  location: ["ZONA DE ACCION", "ZONA", "UBICACION", "LUGAR", "LOCALIZACION", "AMBITO", "UBIGEO"],
  budgetActivity: ["ACTIVIDAD PRESUPUESTAL", "ACTIVIDAD PRESUPUESTARIA", "ACTIVIDAD PRESUPUESTAL MEF"],
  unitOfMeasure: ["UNIDAD DE MEDIDA", "UNIDAD MEDIDA", "U M", "UM", "MEDIDA"],
  annualTarget: [
    "META",
    "META ANUAL",
    "META FISICA",
    "META FISICA ANUAL",
    "META TOTAL",
    "META PROGRAMADA",
    "META ANUAL PROGRAMADA",
    "CANTIDAD",
  ],
  startDate: ["FECHA INICIAL", "FECHA DE INICIO", "FECHA INICIO", "INICIO", "DESDE"],
  endDate: [
    "FECHA FINAL",
    "FECHA FIN",
    "FECHA DE FIN",
    "FECHA DE FINALIZACION",
    "FECHA DE TERMINO",
    "FECHA TERMINO",
    "FIN",
    "FINAL",
    "TERMINO",
    "FINALIZACION",
    "HASTA",
  ],
  goal: ["METAS", "RESULTADO ESPERADO", "RESULTADOS ESPERADOS", "LOGRO ESPERADO", "PRODUCTO ESPERADO"],
  indicator: ["INDICADOR", "INDICADORES", "INDICADOR DE DESEMPENO"],
  responsible: ["RESPONSABLE", "RESPONSABLES", "ENCARGADO", "RESPONSABLE DE EJECUCION"],
  priority: ["PRIORIDAD"],
  oeiCode: ["CODIGO OEI", "COD OEI"],
  oeiName: ["OEI", "OBJETIVO ESTRATEGICO INSTITUCIONAL"],
  aeiCode: ["CODIGO AEI", "COD AEI"],
  aeiName: ["AEI", "ACCION ESTRATEGICA INSTITUCIONAL"],
};

const SYNONYM_FIELD = new Map<string, Field>();
for (const [field, words] of Object.entries(SYNONYMS) as [Field, string[]][]) {
  for (const word of words) SYNONYM_FIELD.set(word, field);
}

const GROUP: Record<string, Kind> = {};
for (const word of "PROG PROGR PROGRAM PROGRAMADO PROGRAMADA PROGRAMADOS PROGRAMADAS PROGRAMACION".split(" "))
  GROUP[word] = "prog";
for (const word of "EJEC EJE EJECUT EJECUTADO EJECUTADA EJECUTADOS EJECUCION REAL REALIZADO LOGRADO LOGRO LOGROS AVANCE ALCANZADO".split(
  " ",
))
  GROUP[word] = "exec";
/** Words that may sit around a month or period name without changing its meaning. */
const FILLER = new Set("DE DEL LA EL AL A MES MESES META METAS FISICA FISICO MENSUAL CANTIDAD".split(" "));
const ORDINAL: Record<string, number> = {};
for (const [n, words] of [
  "I 1 1ER 1RO 1ERO PRIMER PRIMERO",
  "II 2 2DO SEGUNDO",
  "III 3 3ER 3RO TERCER TERCERO",
  "IV 4 4TO CUARTO",
].entries())
  for (const word of words.split(" ")) ORDINAL[word] = n + 1;
const QUARTER = new Set(["TRIM", "TRIMESTRE", "TRIMESTRAL", "TRIMEST"]);
const HALF = new Set(["SEM", "SEMESTRE", "SEMESTRAL"]);
const YEAR = new Set(["TOTAL", "ANUAL"]);

/** Words of a label, folded: `I° TRIM` → `I TRIM`. */
function words(text: string): string[] {
  return fold(text)
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/** A label as compared with synonyms: folded, without parenthesised remarks or punctuation. */
export function labelKey(text: string): string {
  return fold(text)
    .replace(/\([^)]*\)/g, " ")
    .split(/[^A-Z0-9]+/)
    .filter(Boolean)
    .join(" ");
}

function fieldOf(text: string): Field | undefined {
  const key = labelKey(text);
  const exact = SYNONYM_FIELD.get(key);
  if (exact) return exact;
  let best: { field: Field; length: number } | undefined;
  for (const [word, field] of SYNONYM_FIELD) {
    if (word.length > 2 && key.startsWith(`${word} `) && word.length > (best?.length ?? 0))
      best = { field, length: word.length };
  }
  return best?.field;
}

function groupOf(parts: readonly string[]): Kind | undefined {
  const kinds = new Set(parts.flatMap(words).flatMap((w) => GROUP[w] ?? []));
  return kinds.has("exec") ? "exec" : kinds.has("prog") ? "prog" : undefined;
}

/** The words of a label that name something other than a group, filler or a year. */
function meaningful(text: string): string[] {
  return words(text).filter((w) => !GROUP[w] && !FILLER.has(w) && !/^(19|20)\d\d$/.test(w));
}

function monthOf(text: string): number | undefined {
  const [word, ...rest] = meaningful(text);
  return word && rest.length === 0 ? monthOfWord(word) : undefined;
}

function periodOf(text: string): number[] | undefined {
  const rest = meaningful(text);
  const range = (from: number, count: number) => Array.from({ length: count }, (_, i) => from + i);
  if (rest.length > 0 && rest.every((w) => YEAR.has(w))) return range(0, 12);
  if (rest.length === 1) {
    const compact = /^([TS])([1-4])$|^([1-4])([TS])$/.exec(rest[0] ?? "");
    if (compact) {
      const n = Number(compact[2] ?? compact[3]);
      const quarter = (compact[1] ?? compact[4]) === "T";
      return quarter ? range((n - 1) * 3, 3) : n <= 2 ? range((n - 1) * 6, 6) : undefined;
    }
  }
  if (rest.length !== 2) return;
  const n = ORDINAL[rest[0] ?? ""] ?? ORDINAL[rest[1] ?? ""];
  if (!n) return;
  if (rest.some((w) => QUARTER.has(w))) return range((n - 1) * 3, 3);
  if (rest.some((w) => HALF.has(w)) && n <= 2) return range((n - 1) * 6, 6);
}

type CellClass = "field" | "name" | "month" | "period" | "group" | "other";

function classify(text: string): CellClass {
  const field = fieldOf(text);
  if (field) return field === "name" ? "name" : "field";
  if (monthOf(text) !== undefined) return "month";
  if (periodOf(text)) return "period";
  const all = words(text);
  return all.length > 0 && all.every((w) => GROUP[w] || FILLER.has(w)) ? "group" : "other";
}

function nonEmpty(row: readonly string[] | undefined): { col: number; text: string }[] {
  return (row ?? []).flatMap((text, col) => {
    const clean = cleanCell(text);
    return clean ? [{ col, text: clean }] : [];
  });
}

/** A row that names the activity column and is mostly made of known column names. */
function isMainHeader(row: readonly string[]): boolean {
  const cells = nonEmpty(row);
  const classes = cells.map((c) => classify(c.text));
  const known = classes.filter((c) => c !== "other").length;
  return classes.includes("name") && known >= 2 && known >= cells.length * 0.6;
}

/** A row below the main header: month names, `PROG`/`EJEC`, periods. */
function isSubHeader(row: readonly string[] | undefined): boolean {
  const classes = nonEmpty(row).map((c) => classify(c.text));
  return classes.some((c) => c === "month" || c === "period" || c === "group") && !classes.includes("other");
}

/** A row above the main header: group names, each over labelled cells. */
function isGroupRow(row: readonly string[] | undefined, below: readonly string[]): boolean {
  const cells = nonEmpty(row);
  const classes = cells.map((c) => classify(c.text));
  return (
    classes.some((c) => c === "group" || c === "period") &&
    cells.every((c, i) => classes[i] !== "other" || cleanCell(below[c.col] ?? "") !== "")
  );
}

/** Each column's header texts, top to bottom; a group covers the empty cells to its right. */
function columnParts(header: readonly (readonly string[])[]): string[][] {
  const width = Math.max(0, ...header.map((row) => row.length));
  const filled = (h: number, col: number) => cleanCell(header[h]?.[col] ?? "") !== "";
  const hasBelow = (h: number, col: number) => header.slice(h + 1).some((_, k) => filled(h + 1 + k, col));
  const parts: string[][] = Array.from({ length: width }, () => []);
  header.forEach((row, h) => {
    let group: string | undefined;
    for (let col = 0; col < width; col++) {
      const text = cleanCell(row[col] ?? "");
      if (text) {
        group = hasBelow(h, col) ? text : undefined;
        parts[col]?.push(text);
      } else if (group && hasBelow(h, col)) parts[col]?.push(group);
      else group = undefined;
    }
  });
  return parts.map((p) => p.filter((text, i) => i === 0 || labelKey(text) !== labelKey(p[i - 1] ?? "")));
}

function classifyColumn(col: number, parts: string[]): Column {
  const label = parts.join(" ");
  const lowest = parts[parts.length - 1] ?? "";
  const kind = groupOf(parts);
  const month = monthOf(lowest);
  if (month !== undefined) return { col, label, type: "month", kind: kind ?? "prog", month };
  const field = SYNONYM_FIELD.get(labelKey(lowest)) ?? SYNONYM_FIELD.get(labelKey(label));
  if (field) return { col, label, type: "field", field };
  // The most specific period any part names: TOTAL under "I TRIMESTRE" is the quarter's total.
  const readings = [...parts, parts.join(" ")].map(periodOf).filter((m) => m !== undefined);
  const months = readings.sort((a, b) => a.length - b.length)[0];
  if (months) return { col, label, type: "period", kind: kind ?? "prog", months };
  const loose = fieldOf(lowest) ?? fieldOf(label);
  if (loose) return { col, label, type: "field", field: loose };
  return { col, label, type: "unknown" };
}

/** Indexes columns by meaning; a second column with the same meaning is kept as unknown. */
function indexColumns(headerRows: number[], columns: Column[]): Layout {
  const layout: Layout = { headerRows, columns: [], fields: {}, months: { prog: [], exec: [] }, periods: [] };
  for (let column of columns) {
    if (column.type === "month") {
      if (layout.months[column.kind][column.month])
        column = { col: column.col, label: column.label, type: "unknown" };
      else layout.months[column.kind][column.month] = column;
    } else if (column.type === "field") {
      if (layout.fields[column.field]) column = { col: column.col, label: column.label, type: "unknown" };
      else layout.fields[column.field] = column;
    } else if (column.type === "period") layout.periods.push(column);
    layout.columns.push(column);
  }
  return layout;
}

/** Finds the header block and the meaning of every labelled column, or undefined. */
export function findLayout(rows: readonly (readonly string[])[]): Layout | undefined {
  const main = rows.findIndex((row, index) => index < 500 && isMainHeader(row));
  if (main < 0) return;
  const headerRows = [main];
  const above = rows[main - 1];
  if (main > 0 && isGroupRow(above, rows[main] ?? [])) headerRows.unshift(main - 1);
  for (let r = main + 1; r <= main + 2 && isSubHeader(rows[r]); r++) headerRows.push(r);
  const parts = columnParts(headerRows.map((r) => rows[r] ?? []));
  // Months without a group word: the first run is programmed, a second one executed.
  const programmed = new Set<number>();
  const columns = parts.flatMap((p, col): Column[] => {
    if (p.length === 0) return [];
    const column = classifyColumn(col, p);
    if (column.type !== "month" || groupOf(p)) return [column];
    const kind = programmed.has(column.month) ? "exec" : "prog";
    programmed.add(column.month);
    return [{ ...column, kind }];
  });
  return indexColumns(headerRows, columns);
}

const NUMERIC = /^[-−(]?\s*[\d.,\s]+\s*%?\)?$/;
const MARK = /^[xX✓✔•*]$/;

/** Up to `limit` non-empty values of a column. */
function sample(rows: readonly (readonly string[])[], col: number, limit: number): string[] {
  const values: string[] = [];
  for (const row of rows) {
    const value = row[col];
    if (value) values.push(value);
    if (values.length >= limit) break;
  }
  return values;
}

/**
 * Second look, at the values (of the first rows): a META column of sentences is a goal, a METAS
 * column of numbers is the annual target, months holding only `X` marks are a schedule.
 */
export function refineLayout(layout: Layout, rows: readonly (readonly string[])[]): Layout {
  const months = layout.columns.filter((c) => c.type === "month");
  const marks = months.flatMap((c) => sample(rows, c.col, 50));
  const schedule = marks.length > 0 && marks.every((v) => MARK.test(v));
  let changed = false;
  const columns = layout.columns.map((column): Column => {
    let refined: Column = column;
    if (column.type === "month" && schedule)
      refined = { col: column.col, label: column.label, type: "schedule", month: column.month };
    else if (column.type === "field" && (column.field === "annualTarget" || column.field === "goal")) {
      const values = sample(rows, column.col, 200);
      const numeric = values.filter((v) => NUMERIC.test(v)).length;
      if (column.field === "annualTarget" && numeric < values.length / 2)
        refined = { ...column, field: "goal" };
      if (column.field === "goal" && values.length > 0 && numeric === values.length)
        refined = { ...column, field: "annualTarget" };
    }
    changed ||= refined !== column;
    return refined;
  });
  return changed ? indexColumns(layout.headerRows, columns) : layout;
}
