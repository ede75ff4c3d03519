/**
 * One activity row of a CEPLAN export → an activity draft: its own columns, its phases as
 * programming versions, the monitoring (`SE`) as executed values with the monthly `Motivo` as
 * comments, every other column as an attribute. A row with an error (unreadable or negative
 * number, no ID, no name, no unit, a repeated ID) is reported and not imported.
 */
import { emptyMonthly } from "../domain/months.js";
import { fold } from "../domain/normalize.js";
import type { ActivityDraft } from "../domain/plan-draft.js";
import { where } from "../domain/plan-draft.js";
import {
  type CeplanTable,
  EXECUTED_PHASE,
  FIELDS,
  type PhaseColumns,
  PROGRAMMING_PHASES,
  type ProgrammingPhase,
  stripApostrophe,
} from "./ceplan-columns.js";
import {
  hasValue,
  type ReadCell,
  type SeriesValues,
  seriesValues,
  totalMismatch,
  yearFigure,
} from "./ceplan-figures.js";
import { type NumberStyle, readNumber } from "./values.js";

export type ActivityContext = {
  table: CeplanTable;
  style: NumberStyle;
  /** The phase whose Total is the annual target (`RE`, else the latest present). */
  current?: ProgrammingPhase;
  unitOf(row: number): string | undefined;
  /** First row of each activity ID read so far, to refuse a repeated one. */
  seen: Map<string, number>;
};

/** `SI` / `NO` (also `S`/`N`, `SÍ`, `TRUE`…); `undefined` when the cell says neither. */
function yesNo(value: string): boolean | undefined {
  const folded = fold(value);
  if (["SI", "S", "TRUE", "VERDADERO", "1"].includes(folded)) return true;
  if (["NO", "N", "FALSE", "FALSO", "0"].includes(folded)) return false;
}

type PhaseValues = { quantity?: SeriesValues; money?: SeriesValues };

function readPhase(phase: PhaseColumns, read: ReadCell): PhaseValues {
  return {
    ...(phase.quantity ? { quantity: seriesValues(phase.quantity, read) } : {}),
    ...(phase.money ? { money: seriesValues(phase.money, read) } : {}),
  };
}

const anyValue = (values: PhaseValues | undefined) => hasValue(values?.quantity) || hasValue(values?.money);

export function readActivity(context: ActivityContext, row: number): ActivityDraft | undefined {
  const { table, style, seen } = context;
  const { sheet, text, report } = table;
  const { fields, labels } = table.columns;
  const cells = sheet.rows[row] ?? [];
  let refused = false;
  const refuse = (col: number, code: string, message: string) => {
    report(row, col, "error", code, message);
    refused = true;
  };

  const code = text(row, "code");
  const name = text(row, "name");
  if (!code) refuse(fields.code ?? 0, "missing_code", `Falta ${FIELDS.code} de la actividad`);
  if (!name) refuse(fields.name ?? 0, "missing_name", `Falta el nombre de la actividad (${FIELDS.name})`);
  const unitKey = context.unitOf(row);
  if (!unitKey)
    refuse(
      fields.costCentre ?? fields.responsible ?? 0,
      "missing_unit",
      `Falta la unidad de la actividad (${FIELDS.costCentre} o ${FIELDS.responsible})`,
    );
  const first = seen.get(code);
  if (code && first !== undefined)
    refuse(
      fields.code ?? 0,
      "duplicate_activity",
      `${FIELDS.code} «${code}» repetido: ya figura en ${where(sheet.locate(first, fields.code ?? 0))}; esta fila no se importa`,
    );
  else if (code) seen.set(code, row);

  const flag = (field: "cumulative" | "active", meaning: string) => {
    const value = text(row, field);
    const read = value ? yesNo(value) : true;
    if (read === undefined)
      report(
        row,
        fields[field] ?? 0,
        "warning",
        "unknown_flag",
        `${FIELDS[field]} «${value}» no es SI ni NO; se toma como ${meaning}`,
      );
    return read ?? true;
  };
  const cumulative = flag("cumulative", "acumulativa (SI)");
  const active = flag("active", "activa (SI)");

  const read: ReadCell = (col) => {
    const cell = (cells[col] ?? "").trim();
    const value = sheet.numberAt?.(row, col) ?? readNumber(cell, style);
    if (value === undefined)
      refuse(col, "unreadable_number", `No se puede leer el número «${cell}» en ${labels[col]}`);
    else if (value !== null && value < 0)
      refuse(col, "negative_number", `Número negativo en ${labels[col]}: ${cell}`);
    return value;
  };
  // Every known phase, read and checked: the export's Total against its months.
  const phases = new Map<string, PhaseValues>();
  for (const [phase, columns] of table.columns.phases) {
    const values = readPhase(columns, read);
    phases.set(phase, values);
    for (const kind of ["quantity", "money"] as const) {
      const total = columns[kind]?.total;
      const got = values[kind];
      if (!got || total === undefined) continue;
      // Money (soles) always adds up; a quantity only when it is cumulative.
      const mismatch = totalMismatch(labels[total] ?? "", got, kind === "money" || cumulative);
      if (mismatch) report(row, total, "warning", "total_mismatch", mismatch);
    }
  }
  if (refused) return;

  if (!active && [...phases.values()].some(anyValue))
    report(
      row,
      fields.active ?? 0,
      "warning",
      "withdrawn_with_figures",
      `Actividad retirada (${FIELDS.active} = NO) con valores registrados: se conservan, pero queda fuera de todas las cifras`,
    );

  const programmed: ActivityDraft["programmed"] = {};
  for (const phase of PROGRAMMING_PHASES) {
    const values = phases.get(phase);
    // No cell at all in a phase (incorporated later, or withdrawn): no programming in that version.
    if (!values || !anyValue(values)) continue;
    programmed[phase] = {
      quantity: values.quantity?.months ?? emptyMonthly(),
      ...(values.money ? { money: values.money.months } : {}),
    };
  }
  const monitoring = phases.get(EXECUTED_PHASE);
  const executed: ActivityDraft["executed"] = {
    quantity: monitoring?.quantity?.months ?? emptyMonthly(),
    ...(monitoring?.money ? { money: monitoring.money.months } : {}),
  };
  const { motives } = table.columns;
  if (motives)
    executed.comments = motives.map((col) => (col === undefined ? "" : (cells[col] ?? "").trim()) || null);

  const target = context.current ? phases.get(context.current)?.quantity : undefined;
  const activity: ActivityDraft = {
    unitKey: unitKey ?? "",
    name,
    code,
    annualTarget: target ? (target.total ?? yearFigure(target.months, cumulative)) : null,
    measureKind: "quantity",
    cumulative,
    active,
    attributes: attributesOf(table, cells),
    programmed,
    executed,
    source: table.at(row, fields.code ?? 0),
  };
  const optional = {
    budgetActivity: text(row, "budgetActivity"),
    unitOfMeasure: text(row, "unitOfMeasure"),
    oeiCode: text(row, "oeiCode"),
    oeiName: text(row, "oeiName"),
    aeiCode: text(row, "aeiCode"),
    aeiName: text(row, "aeiName"),
  };
  for (const [key, value] of Object.entries(optional)) if (value) Object.assign(activity, { [key]: value });
  // `1 : Muy Alta`: the number is the priority; the wording is kept as an attribute.
  const priorityText = text(row, "priority");
  const priority = /^\d+/.exec(priorityText)?.[0];
  if (priority) activity.priority = Number(priority);
  if (priorityText && priorityText !== priority) activity.attributes[FIELDS.priority] = priorityText;
  return activity;
}

/** Every column with no place of its own (sector, budget structure, UBIGEO, axes…), by its header. */
function attributesOf(table: CeplanTable, cells: readonly string[]): Record<string, string> {
  const { labels, attributes: columns } = table.columns;
  const attributes: Record<string, string> = {};
  for (const col of columns) {
    const value = stripApostrophe(cells[col] ?? "");
    const label = labels[col] || `Columna ${col + 1}`;
    // A header written twice keeps both values apart.
    if (value) attributes[label in attributes ? `${label} (${col + 1})` : label] = value;
  }
  // A value under no header (data rows carry one cell more than the header) is kept by position.
  for (let col = labels.length; col < cells.length; col++) {
    const value = stripApostrophe(cells[col] ?? "");
    if (value) attributes[`Columna ${col + 1}`] = value;
  }
  return attributes;
}
