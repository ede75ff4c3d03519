/**
 * Every word a report prints, in Spanish (the source documents' words, the default) and English:
 * column headers, section and report titles, notes, chart titles and series, the legend, the
 * writers' labels. The builders and writers take the catalog of the report's language
 * (`reportTexts(report.language)`); the English catalog is typed by the Spanish one, so a text
 * missing in English fails the typecheck.
 *
 * Figures are not written here: their separators follow the institution's locale
 * (format-locale.ts) in either language.
 */
import { MONTH_NAMES, type Period, periodLabel } from "../domain/periods.js";
import { DEFAULT_REPORT_LANGUAGE, type ReportLanguage } from "../domain/report-language.js";
import { TRAFFIC_LIGHT_LABELS, type TrafficLight } from "../domain/traffic-light.js";

const ROMAN = ["I", "II", "III", "IV"];

/** `a`, `a y b`, `a, b y c` (with the language's `and`). */
function listWith(and: string): (items: readonly string[]) => string {
  return (items) =>
    items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} ${and} ${items.at(-1)}`;
}

const listEs = listWith("y");
const listEn = listWith("and");

const es = {
  /** Month columns, as the documents head them. */
  monthAbbreviations: ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"],
  /** A month as a row names it (`Marzo`). */
  monthNames: MONTH_NAMES.map((name) => name.charAt(0).toUpperCase() + name.slice(1)),
  /** "I Trimestre 2021", "Acumulado a marzo 2021". */
  periodLabel: (period: Period): string => periodLabel(period),
  /** A period as a column group: `I TRIM`, `II SEM`, `AÑO`, `ACUM. A MAR` (`month` is its abbreviation). */
  periodShort: {
    quarter: (quarter: number) => `${ROMAN[quarter - 1]} TRIM`,
    half: (half: number) => `${ROMAN[half - 1]} SEM`,
    year: "AÑO",
    ytdNone: "ACUMULADO",
    ytd: (month: string) => `ACUM. A ${month}`,
  },
  lights: { ...TRAFFIC_LIGHT_LABELS } as Record<TrafficLight, string>,
  total: "TOTAL",
  subtotal: "SUBTOTAL",
  /** The progress activities' total row, apart from the quantities' (a plan that mixes both). */
  totalProgress: "TOTAL AVANCE (%)",
  subtotalProgress: "SUBTOTAL AVANCE (%)",
  columns: {
    programmed: "PROG",
    executed: "EJEC",
    executionPct: "% EJEC.",
    light: "SEMÁFORO",
    programmedLong: "PROGRAMADO",
    executedLong: "EJECUTADO",
    unit: "UNIDAD ORGÁNICA",
    activities: "ACTIVIDADES",
    red: "EN ROJO",
    // POA (seed 000's headers)
    project: "PROYECTO",
    objective: "OBJETIVO",
    location: "ZONA DE ACCIÓN",
    startDate: "FECHA INICIAL",
    endDate: "FECHA FINAL",
    goal: "METAS",
    indicator: "INDICADOR (Porcentaje)",
    // POI (seed 004's headers)
    poiUnit: "ÓRGANO/UNIDAD ORGÁNICA",
    poiActivity: "ACTIVIDAD OPERATIVA",
    budgetActivity: "ACTIVIDAD PRESUPUESTAL-MEF",
    unitOfMeasure: "UNIDAD DE MEDIDA",
    annualTarget: "META",
    baselineProgrammed: "PROG. LÍNEA BASE",
    // Activity sheet
    field: "DATO",
    value: "VALOR",
    month: "MES",
    baseline: "LÍNEA BASE",
    current: "VIGENTE",
    budget: "PRESUPUESTO",
    comment: "COMENTARIO",
    enteredBy: "REGISTRADO POR",
    date: "FECHA",
    requestedAt: "SOLICITADA",
    status: "ESTADO",
    justification: "JUSTIFICACIÓN",
    changes: "CAMBIOS",
    annualTotal: "TOTAL ANUAL",
    before: "ANTES",
    after: "DESPUÉS",
    requestedBy: "SOLICITADA POR",
    reviewedBy: "REVISADA POR",
    reviewedAt: "REVISADA",
    reviewComment: "COMENTARIO DE REVISIÓN",
  },
  titles: {
    poi: (period: string) => `Informe de seguimiento del plan operativo — ${period}`,
    poa: (period: string) => `Plan operativo anual con indicador de avance — ${period}`,
    units: (period: string) => `Resumen por unidad orgánica — ${period}`,
    activity: (name: string, period: string) => `Ficha de actividad: ${name} — ${period}`,
  },
  sections: {
    poi: "Seguimiento POI",
    poa: "POA",
    units: "Resumen por unidad",
    sheet: "Ficha",
    months: "Meses",
    comments: "Comentarios",
    reprogrammings: "Reprogramaciones",
  },
  charts: {
    monthly: "Programado y ejecutado por mes",
    cumulative: "Programado y ejecutado acumulados",
    ranked: (period: string) => `Unidades por % de ejecución — ${period}`,
    programmed: "Programado",
    executed: "Ejecutado",
    programmedCumulative: "Programado acumulado",
    executedCumulative: "Ejecutado acumulado",
    executionPct: "% de ejecución",
    noPct: "— (sin programación)",
  },
  /** File names: `sat-piura-2021-seguimiento-poi-Q1.xlsx`. */
  fileKinds: { poi: "seguimiento-poi", poa: "poa", units: "resumen-unidades", activity: "ficha-actividad" },
  notes: {
    sumsUnits: (units: readonly string[]) =>
      `Los totales suman cantidades de distintas unidades de medida (${listEs(units)}), como lo hacen los documentos de origen: son referenciales.`,
    sums: "Los totales suman las cantidades de las actividades, como lo hacen los documentos de origen; si tienen distintas unidades de medida, son referenciales.",
    pct: "% EJEC. = ejecutado ÷ programado × 100, calculado sobre las sumas (nunca como promedio de porcentajes); «—» cuando no hay nada programado o nada reportado en el periodo.",
    lights: (green: string, amber: string, over: string) =>
      `Semáforo: verde desde ${green} %, ámbar desde ${amber} %, rojo por debajo; más de ${over} % se señala como sobreejecución (indica una programación deficiente).`,
    noClosedMonths: "No hay meses cerrados: el acumulado aún no incluye ningún mes.",
    withdrawn: (n: number) =>
      n === 1
        ? "1 actividad retirada no se incluye en las cifras."
        : `${n} actividades retiradas no se incluyen en las cifras.`,
    unit: (name: string) => `Limitado a ${name} y sus unidades dependientes.`,
    nonCumulative:
      "Las actividades no acumulativas (existencias, tasas) y las medidas en % de avance toman el último mes con dato del periodo, no la suma de sus meses.",
    indicator: "INDICADOR (Porcentaje): avance del periodo, ejecutado ÷ programado × 100 de cada actividad.",
    nothingProgrammed:
      "Ninguna actividad tiene programación en el periodo: el indicador queda sin valor («—»).",
    baseline:
      "PROG. LÍNEA BASE: lo programado en la versión aprobada inicialmente; PROG: la programación vigente (con las reprogramaciones aprobadas).",
    units: "Cada unidad incluye sus unidades dependientes; EN ROJO cuenta sus actividades con semáforo rojo.",
    withdrawnActivity: "Actividad retirada: conserva su historia, pero no cuenta en ninguna cifra.",
    closedZero:
      "En un mes cerrado, una actividad con algo programado y nada registrado cuenta 0 ejecutado (0 %, rojo), no «—»: cerrar el mes dice que su registro está completo. En un mes abierto, nada registrado sigue sin valor.",
    progressRollup:
      "Las actividades medidas en % de avance se totalizan entre sí: Σ del % ejecutado ÷ Σ del % programado de cada una en el periodo (cada actividad pesa igual).",
    mixedKinds:
      "El plan mezcla actividades medidas por cantidad y por % de avance: TOTAL reúne solo las cantidades y TOTAL AVANCE (%) las de avance, aparte; nunca se suman entre sí.",
  },
  sheet: {
    unit: "Unidad orgánica",
    code: "Código",
    activity: "Actividad",
    project: "Proyecto",
    objective: "Objetivo",
    location: "Zona de acción",
    budgetActivity: "Actividad presupuestal",
    unitOfMeasure: "Unidad de medida",
    annualTarget: "Meta anual",
    goal: "Metas",
    startDate: "Fecha inicial",
    endDate: "Fecha final",
    responsible: "Responsable",
    oei: "OEI",
    aei: "AEI",
    measure: "Medición",
    status: "Estado",
    progress: "Avance (%): cuenta el último mes con dato",
    cumulative: "Cantidad acumulativa: se suman los meses",
    nonCumulative: "Cantidad no acumulativa: cuenta el último mes con dato",
    active: "Vigente",
    withdrawn: "Retirada (no cuenta en las cifras)",
    reprogramming: { pending: "Pendiente", approved: "Aprobada", rejected: "Rechazada" },
  },
  legend: {
    green: (green: string) => `ejecución ≥ ${green}`,
    amber: (amber: string, green: string) => `≥ ${amber} y < ${green}`,
    red: (amber: string) => `< ${amber}`,
    over: (mark: string, over: string) =>
      `Sobreejecución (${mark}): más de ${over}, señal de mala programación, no de éxito`,
    none: (noValue: string) => `Sin programación en el periodo (${noValue}): sin porcentaje ni semáforo`,
  },
  /** The writers' own labels (title block, closing block, page header and footer). */
  writer: {
    institution: "Entidad",
    plan: "Plan",
    period: "Periodo",
    issuedAt: "Fecha de emisión",
    issued: "emitido",
    notes: "Notas",
    light: "Semáforo",
    programmed: "Programado",
    executed: "Ejecutado",
    execution: "Ejecución",
    periodTotals: "Totales del periodo",
    noRows: "Sin filas para este periodo.",
    sheet: "Hoja",
    report: "Informe",
    page: (page: number | string, pages: number | string) => `Página ${page} de ${pages}`,
  },
};

export type ReportTexts = typeof es;

const MONTHS_EN = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];

function periodLabelEn(period: Period): string {
  switch (period.kind) {
    case "month":
      return `${MONTHS_EN[period.month - 1]} ${period.year}`;
    case "quarter":
      return `Q${period.quarter} ${period.year}`;
    case "half":
      return `H${period.half} ${period.year}`;
    case "year":
      return `Year ${period.year}`;
    case "ytd":
      return period.through === 0
        ? `Year to date ${period.year} (no closed months)`
        : `Year to date through ${MONTHS_EN[period.through - 1]} ${period.year}`;
  }
}

const en: ReportTexts = {
  monthAbbreviations: ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"],
  monthNames: MONTHS_EN,
  periodLabel: periodLabelEn,
  periodShort: {
    quarter: (quarter) => `Q${quarter}`,
    half: (half) => `H${half}`,
    year: "YEAR",
    ytdNone: "YEAR TO DATE",
    ytd: (month) => `YTD ${month}`,
  },
  lights: { green: "Green", amber: "Amber", red: "Red" },
  total: "TOTAL",
  subtotal: "SUBTOTAL",
  totalProgress: "TOTAL PROGRESS (%)",
  subtotalProgress: "SUBTOTAL PROGRESS (%)",
  columns: {
    programmed: "PROG",
    executed: "EXEC",
    executionPct: "% EXEC.",
    light: "LIGHT",
    programmedLong: "PROGRAMMED",
    executedLong: "EXECUTED",
    unit: "ORGANIZATIONAL UNIT",
    activities: "ACTIVITIES",
    red: "IN RED",
    project: "PROJECT",
    objective: "OBJECTIVE",
    location: "AREA OF ACTION",
    startDate: "START DATE",
    endDate: "END DATE",
    goal: "TARGETS",
    indicator: "INDICATOR (Percentage)",
    poiUnit: "BODY/ORGANIZATIONAL UNIT",
    poiActivity: "OPERATIONAL ACTIVITY",
    budgetActivity: "BUDGET ACTIVITY (MEF)",
    unitOfMeasure: "UNIT OF MEASURE",
    annualTarget: "TARGET",
    baselineProgrammed: "BASELINE PROG.",
    field: "FIELD",
    value: "VALUE",
    month: "MONTH",
    baseline: "BASELINE",
    current: "CURRENT",
    budget: "BUDGET",
    comment: "COMMENT",
    enteredBy: "ENTERED BY",
    date: "DATE",
    requestedAt: "REQUESTED",
    status: "STATUS",
    justification: "JUSTIFICATION",
    changes: "CHANGES",
    annualTotal: "ANNUAL TOTAL",
    before: "BEFORE",
    after: "AFTER",
    requestedBy: "REQUESTED BY",
    reviewedBy: "REVIEWED BY",
    reviewedAt: "REVIEWED",
    reviewComment: "REVIEW COMMENT",
  },
  titles: {
    poi: (period) => `Operational plan monitoring report — ${period}`,
    poa: (period) => `Annual operational plan with progress indicator — ${period}`,
    units: (period) => `Summary by organizational unit — ${period}`,
    activity: (name, period) => `Activity sheet: ${name} — ${period}`,
  },
  sections: {
    poi: "POI monitoring",
    poa: "POA",
    units: "Summary by unit",
    sheet: "Sheet",
    months: "Months",
    comments: "Comments",
    reprogrammings: "Reprogrammings",
  },
  charts: {
    monthly: "Programmed and executed by month",
    cumulative: "Cumulative programmed and executed",
    ranked: (period) => `Units by execution % — ${period}`,
    programmed: "Programmed",
    executed: "Executed",
    programmedCumulative: "Cumulative programmed",
    executedCumulative: "Cumulative executed",
    executionPct: "Execution %",
    noPct: "— (nothing programmed)",
  },
  fileKinds: { poi: "poi-monitoring", poa: "poa", units: "units-summary", activity: "activity-sheet" },
  notes: {
    sumsUnits: (units) =>
      `Totals add up quantities of different units of measure (${listEn(units)}), as the source documents do: they are for reference only.`,
    sums: "Totals add up the activities' quantities, as the source documents do; where their units of measure differ, they are for reference only.",
    pct: "% EXEC. = executed ÷ programmed × 100, computed on the sums (never as an average of percentages); “—” when nothing was programmed or nothing reported in the period.",
    lights: (green, amber, over) =>
      `Traffic light: green from ${green} %, amber from ${amber} %, red below; more than ${over} % is flagged as over-execution (a sign of poor programming).`,
    noClosedMonths: "No month is closed: the year to date does not include any month yet.",
    withdrawn: (n) =>
      n === 1
        ? "1 withdrawn activity is not included in the figures."
        : `${n} withdrawn activities are not included in the figures.`,
    unit: (name) => `Restricted to ${name} and its sub-units.`,
    nonCumulative:
      "Non-cumulative activities (stocks, rates) and those measured as % progress take the last month with data in the period, not the sum of its months.",
    indicator:
      "INDICATOR (Percentage): progress in the period, executed ÷ programmed × 100 of each activity.",
    nothingProgrammed: "No activity has anything programmed in the period: the indicator has no value (“—”).",
    baseline:
      "BASELINE PROG.: what the initially approved version programmed; PROG: the current programming (with the approved reprogrammings).",
    units: "Each unit includes its sub-units; IN RED counts its activities with a red light.",
    withdrawnActivity: "Withdrawn activity: its history is kept, but it counts in no figure.",
    closedZero:
      "In a closed month, an activity with something programmed and nothing recorded counts as 0 executed (0 %, red), not “—”: closing the month says its record is complete. In an open month, nothing recorded still has no value.",
    progressRollup:
      "Activities measured as % progress are totalled among themselves: Σ of the executed % ÷ Σ of the programmed % of each in the period (every activity weighs the same).",
    mixedKinds:
      "The plan mixes activities measured by quantity and by % progress: TOTAL gathers the quantities only and TOTAL PROGRESS (%) the progress ones, apart; they are never added together.",
  },
  sheet: {
    unit: "Organizational unit",
    code: "Code",
    activity: "Activity",
    project: "Project",
    objective: "Objective",
    location: "Area of action",
    budgetActivity: "Budget activity",
    unitOfMeasure: "Unit of measure",
    annualTarget: "Annual target",
    goal: "Targets",
    startDate: "Start date",
    endDate: "End date",
    responsible: "Responsible",
    oei: "OEI",
    aei: "AEI",
    measure: "Measurement",
    status: "Status",
    progress: "Progress (%): the last month with data counts",
    cumulative: "Cumulative quantity: the months are added up",
    nonCumulative: "Non-cumulative quantity: the last month with data counts",
    active: "Active",
    withdrawn: "Withdrawn (not counted in the figures)",
    reprogramming: { pending: "Pending", approved: "Approved", rejected: "Rejected" },
  },
  legend: {
    green: (green) => `execution ≥ ${green}`,
    amber: (amber, green) => `≥ ${amber} and < ${green}`,
    red: (amber) => `< ${amber}`,
    over: (mark, over) =>
      `Over-execution (${mark}): more than ${over}, a sign of poor programming, not of success`,
    none: (noValue) => `Nothing programmed in the period (${noValue}): no percentage and no light`,
  },
  writer: {
    institution: "Institution",
    plan: "Plan",
    period: "Period",
    issuedAt: "Date of issue",
    issued: "issued",
    notes: "Notes",
    light: "Traffic light",
    programmed: "Programmed",
    executed: "Executed",
    execution: "Execution",
    periodTotals: "Totals for the period",
    noRows: "No rows for this period.",
    sheet: "Sheet",
    report: "Report",
    page: (page, pages) => `Page ${page} of ${pages}`,
  },
};

const catalogs: Record<ReportLanguage, ReportTexts> = { es, en };

/** The texts of a report's language; Spanish when none is given (every report before `lang`). */
export function reportTexts(language: ReportLanguage | undefined = DEFAULT_REPORT_LANGUAGE): ReportTexts {
  return catalogs[language];
}
