import type { Problem } from "../domain/plan-draft.js";
import type { ImportOutcome } from "../services/imports/commit-preview.js";

const MONTHS = ["ENE", "FEB", "MAR", "ABR", "MAY", "JUN", "JUL", "AGO", "SET", "OCT", "NOV", "DIC"];
const number = new Intl.NumberFormat("es-PE", { maximumFractionDigits: 4 });
const show = (value: number | null) => (value === null ? "—" : number.format(value));

export function printImport(outcome: ImportOutcome, options: { json: boolean; dryRun: boolean }): void {
  const { summary, problems } = outcome;
  if (options.json) {
    console.log(
      JSON.stringify(
        {
          status: outcome.status,
          dryRun: options.dryRun,
          kind: summary.kind,
          year: summary.year,
          title: summary.title,
          institution: outcome.institution?.name ?? summary.institution,
          units: summary.units,
          activities: summary.activities,
          withdrawn: summary.withdrawn,
          skipped: outcome.skipped,
          annualTarget: summary.annualTarget,
          programmed: summary.programmed,
          executed: summary.executed,
          ...(outcome.commit ? { planId: outcome.commit.planId, changes: outcome.commit.activities } : {}),
          problems,
        },
        null,
        2,
      ),
    );
    return;
  }
  if (outcome.status === "refused" && summary.activities === 0) {
    // Not a plan at all (an image, an empty file, any text): one clear sentence, no summary.
    const reasons = problems
      .filter((problem) => problem.severity === "error")
      .map((problem) => problem.message);
    console.log(
      `${problems[0]?.file ?? "El archivo"}: ${reasons.join("; ") || "no tiene actividades"}. No se importó nada.`,
    );
    return;
  }
  const lines = [
    `Plan: ${summary.kind} ${summary.year} — ${summary.title}`,
    `Institución: ${outcome.institution?.name ?? summary.institution ?? "(indíquela con --institution)"}${outcome.institution?.created ? " (creada)" : ""}`,
    `Unidades: ${summary.units} · Actividades: ${summary.activities}${summary.withdrawn ? ` (${summary.withdrawn} retiradas, fuera de las cifras)` : ""}${outcome.skipped ? ` · omitidas por errores: ${outcome.skipped}` : ""}`,
    `Meta anual: ${show(summary.annualTarget)}`,
    `Programado: ${summary.programmed.map((value, i) => `${MONTHS[i]} ${show(value)}`).join(" · ")}`,
    `Ejecutado:  ${summary.executed.map((value, i) => `${MONTHS[i]} ${show(value)}`).join(" · ")}`,
    `Problemas: ${summary.errors} error${summary.errors === 1 ? "" : "es"}, ${summary.warnings} aviso${summary.warnings === 1 ? "" : "s"}`,
    ...problems.map((problem) => `  ${problemLine(problem)}`),
  ];
  if (outcome.status === "refused") {
    lines.push("No se importó nada: corrija los errores, o use --skip-errors para importar el resto.");
  } else if (options.dryRun) {
    lines.push("Revisión sin escribir (--dry-run): el documento se puede importar.");
  } else if (outcome.commit) {
    const { created, updated, unchanged } = outcome.commit.activities;
    lines.push(
      `Importado: ${created} actividades nuevas, ${updated} actualizadas, ${unchanged} sin cambios.`,
    );
  }
  console.log(lines.join("\n"));
}

function problemLine(problem: Problem): string {
  const where = [
    problem.file,
    problem.sheet && `hoja ${problem.sheet}`,
    problem.cell && `celda ${problem.cell}`,
    problem.line !== undefined && `línea ${problem.line}`,
    problem.row !== undefined && `fila ${problem.row}`,
    problem.column && `columna ${problem.column}`,
  ]
    .filter(Boolean)
    .join(", ");
  return `${problem.severity === "error" ? "ERROR" : "aviso"} (${where}): ${problem.message}`;
}
