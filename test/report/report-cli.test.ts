/** `avance report`, through the CLI's `main()`, on an embedded database of its own. */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { buildCli } from "../../src/cli/main.js";
import { cliDataDirForFile, runCli } from "../helpers/cli.js";
import { SEED_POI } from "./report-fixtures.js";

const dataDir = cliDataDirForFile("avance-report-cli-");

const base = ["report", "--institution", "SAT Piura", "--year", "2021"];

describe("avance report", () => {
  beforeAll(async () => {
    const imported = await runCli("import", `samples/${SEED_POI}`, "--institution", "SAT Piura");
    expect(imported.exitCode).toBe(0);
  });

  it("is listed in --help", () => {
    expect(buildCli().helpInformation()).toContain("report");
  });

  it("prints the POI report as JSON: TOTAL 1,543 · 1,494 · 96.82 %", async () => {
    const { out, err, exitCode } = await runCli(...base, "--period", "Q1", "--format", "json");
    expect([exitCode, err]).toEqual([0, ""]);
    const json = JSON.parse(out);
    expect(json.totals).toEqual({
      programmed: 1543,
      executed: 1494,
      executionPct: 96.82,
      light: "green",
      overExecution: false,
    });
    expect(json.rows).toHaveLength(79);
    expect(json.rows.at(-1)).toMatchObject({ kind: "total", annualTarget: 6350, executionPct: 96.82 });
  });

  it("writes the unit summary as CSV and the POI as xlsx", async () => {
    const csvFile = join(dataDir(), "unidades.csv");
    const csv = await runCli(
      ...base,
      "--period",
      "Q1",
      "--report",
      "units",
      "--format",
      "csv",
      "-o",
      csvFile,
    );
    expect(csv.exitCode).toBe(0);
    expect(csv.out).toContain(`Informe escrito en ${csvFile}`);
    const text = await readFile(csvFile, "utf8");
    expect(text.charCodeAt(0)).toBe(0xfeff);
    expect(text).toContain("ORGANO DE CONTROL INSTITUCIONAL,1,8,5,62.5 %,Rojo,1");
    expect(text).toContain("GERENCIA DE SERVICIOS AL ADMINISTRADO,6,125,104,83.2 %,Ámbar,2");

    const xlsxFile = join(dataDir(), "poi.xlsx");
    // The format follows the file's extension when --format is left out.
    const xlsx = await runCli(...base, "--period", "YTD-M03", "--subtotals", "-o", xlsxFile);
    expect(xlsx.exitCode).toBe(0);
    expect((await readFile(xlsxFile)).subarray(0, 2).toString("latin1")).toBe("PK");
  });

  it("writes the unit summary in English with --lang en, with the same figures", async () => {
    const { out, exitCode } = await runCli(
      ...base,
      "--period",
      "Q1",
      "--report",
      "units",
      "--format",
      "csv",
      "--lang",
      "en",
    );
    expect(exitCode).toBe(0);
    expect(out).toContain("ORGANO DE CONTROL INSTITUCIONAL,1,8,5,62.5 %,Red,1");
    expect(out).toContain("GERENCIA DE SERVICIOS AL ADMINISTRADO,6,125,104,83.2 %,Amber,2");
  });

  it("prints an activity sheet found by its name", async () => {
    const { out, exitCode } = await runCli(
      ...base,
      "--period",
      "Q1",
      "--report",
      "activity",
      "--activity",
      "EJECUCIÓN DEL CONTROL GUBERNAMENTAL",
    );
    expect(exitCode).toBe(0);
    expect(JSON.parse(out).totals).toMatchObject({
      programmed: 8,
      executed: 5,
      executionPct: 62.5,
      light: "red",
    });
  });

  it.each([
    [["--institution", "SAT Lima", "--period", "Q1"], "--institution: No existe la institución «SAT Lima»."],
    [
      ["--institution", "SAT Piura", "--year", "2020", "--period", "Q1"],
      "--year: La institución «SAT Piura» no tiene un plan del año 2020",
    ],
    [["--institution", "SAT Piura", "--year", "dos mil", "--period", "Q1"], "--year: debe ser un año"],
    [["--institution", "SAT Piura", "--period", "Q5"], '--period: Periodo no válido: "Q5"'],
    [["--institution", "SAT Piura"], "--period: indique el periodo"],
    [
      ["--institution", "SAT Piura", "--period", "Q1", "--format", "docx"],
      "--format: formato desconocido «docx»",
    ],
    [
      ["--institution", "SAT Piura", "--period", "Q1", "--lang", "fr"],
      "--lang: idioma desconocido «fr». Use es, en.",
    ],
    [
      ["--institution", "SAT Piura", "--period", "Q1", "--report", "anual"],
      "--report: informe desconocido «anual»",
    ],
    [
      ["--institution", "SAT Piura", "--period", "Q1", "--report", "activity"],
      "--activity: la ficha de actividad",
    ],
    [
      ["--institution", "SAT Piura", "--period", "Q1", "--unit", "GERENCIA X"],
      "--unit: No existe la unidad orgánica «GERENCIA X»",
    ],
  ])("refuses %j in Spanish, naming the option", async (args, message) => {
    const { err, exitCode, out } = await runCli("report", ...args);
    expect(exitCode).toBe(1);
    expect(out).toBe("");
    expect(err).toContain(`Error: ${message}`);
  });
});
