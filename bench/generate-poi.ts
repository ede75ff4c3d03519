/**
 * A POI monitoring document of any size in the layout of seed 004 (tab-separated text or xlsx),
 * with consistent figures: META = sum of the programmed months, I TRIM = sum of Q1.
 */
import ExcelJS from "exceljs";

const MONTHS = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SEP", "OCT", "NOV", "DIC"];
const HEADER_1 = [
  "ORGANÓ/UNIDAD ORGÁNICA",
  "ACTIVIDAD OPERATIVA",
  "ACTIVIDAD PRESUPUESTAL-MEF",
  "UNIDAD DE MEDIDA",
  "META",
  "PROGRAMADO",
  ...Array(11).fill(""),
  "EJECUTADO",
  "",
  "",
  "I TRIM",
  "",
];
const HEADER_2 = ["", "", "", "", "", ...MONTHS, "ENE", "FEB", "MAR", "PROG", "EJEC"];

export function poiRows(activities: number, units = Math.max(1, Math.ceil(activities / 40))): string[][] {
  const rows: string[][] = [];
  for (let n = 0; n < activities; n++) {
    const programmed = MONTHS.map((_, month) => ((n * 7 + month * 3) % 17) + 1);
    const executed = programmed.slice(0, 3).map((value, month) => Math.max(0, value - ((n + month) % 3)));
    const q1 = programmed.slice(0, 3).reduce((a, b) => a + b, 0);
    const e1 = executed.reduce((a, b) => a + b, 0);
    rows.push([
      `UNIDAD ORGÁNICA ${String(n % units).padStart(4, "0")}`,
      `ACTIVIDAD OPERATIVA NÚMERO ${n + 1}`,
      "GESTIÓN ADMINISTRATIVA",
      "ACCIONES",
      String(programmed.reduce((a, b) => a + b, 0)),
      ...programmed.map(String),
      ...executed.map(String),
      String(q1),
      String(e1),
    ]);
  }
  return rows;
}

export function poiText(activities: number): string {
  const lines = [
    "PLAN OPERATIVO INSTITUCIONAL 2021 - I° TRIMESTRE",
    "",
    HEADER_1.join("\t"),
    HEADER_2.join("\t"),
  ];
  for (const row of poiRows(activities)) lines.push(row.join("\t"));
  return `${lines.join("\n")}\n`;
}

/** The xlsx, written row by row (ExcelJS's streaming writer): the bench measures the import, not this. */
export async function writePoiXlsx(activities: number, path: string): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true });
  const sheet = workbook.addWorksheet("POI 2021");
  sheet.addRow(["PLAN OPERATIVO INSTITUCIONAL 2021 - I° TRIMESTRE"]).commit();
  sheet.addRow(HEADER_1).commit();
  sheet.addRow(HEADER_2).commit();
  for (const row of poiRows(activities))
    sheet.addRow(row.map((cell, col) => (col >= 4 ? Number(cell) : cell))).commit();
  sheet.commit();
  await workbook.commit();
}
