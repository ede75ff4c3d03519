/**
 * The lines above a plan's table: its title (`PLAN OPERATIVO ANUAL 2023`), the institution, and
 * `LABEL: value` fields (`DEPARTAMENTO DE:`, `FECHA:`, `RESPONSABLE:`, `OBJETIVO GENERAL:`), the
 * value in the same cell or in the next one.
 */

import { fold } from "../domain/normalize.js";
import { labelKey } from "./layout.js";
import { cleanCell } from "./values.js";

export type Preamble = {
  title?: string;
  /** The year the title (or an `AÑO:` field) names. */
  year?: number;
  institution?: string;
  department?: string;
  /** The document date as written (`03/02/2023`). */
  date?: string;
  responsible?: string;
  generalObjective?: string;
};

type Label = Exclude<keyof Preamble, "title">;

const LABELS = new Map<string, Label>();
for (const [label, words] of [
  ["generalObjective", "OBJETIVO GENERAL|OBJETIVO"],
  [
    "department",
    "DEPARTAMENTO DE|DEPARTAMENTO|UNIDAD|UNIDAD ORGANICA|UNIDAD RESPONSABLE|AREA|DEPENDENCIA|GERENCIA|OFICINA|DIRECCION",
  ],
  ["date", "FECHA|FECHA DE ELABORACION|FECHA DE APROBACION|FECHA DE PRESENTACION"],
  [
    "responsible",
    "RESPONSABLE|JEFE|JEFE DE UNIDAD|JEFE DEL DEPARTAMENTO|JEFA|ENCARGADO|ENCARGADA|ELABORADO POR",
  ],
  ["institution", "ENTIDAD|INSTITUCION|MUNICIPALIDAD|UNIDAD EJECUTORA|PLIEGO|ALCALDIA"],
  ["year", "ANO|EJERCICIO|ANO FISCAL|PERIODO"],
] as const) {
  for (const word of words.split("|")) LABELS.set(word, label);
}

const INSTITUTION =
  /^(GOBIERNO|MUNICIPALIDAD|ALCALDIA|MINISTERIO|INSTITUTO|SUPERINTENDENCIA|SERVICIO DE|HOSPITAL|UNIVERSIDAD|GOBERNACION|CONSEJO|CORTE|SECRETARIA|ASAMBLEA|AUTORIDAD|AGENCIA|CONTRALORIA|DEFENSORIA|PROCURADURIA|FISCALIA|REGISTRO NACIONAL)\b/;

/** A plan's title line, also when it repeats at the top of every page. */
export function isTitle(text: string): boolean {
  const key = fold(text);
  return /\bPLAN OPERATIVO\b|^PLAN (ANUAL|DE TRABAJO)\b|^(POA|POI)\b/.test(key);
}

/** `LABEL: value` split, when LABEL is a known header field. */
export function labelled(text: string): { label: Label; value: string } | undefined {
  const match = /^([^:]{2,40}):\s*(.*)$/s.exec(text);
  const label = match && LABELS.get(labelKey(match[1] ?? ""));
  return label ? { label, value: (match[2] ?? "").trim() } : undefined;
}

function yearIn(text: string): number | undefined {
  const match = /\b(19|20)\d\d\b/.exec(text);
  return match ? Number(match[0]) : undefined;
}

export function readPreamble(rows: readonly (readonly string[])[]): Preamble {
  const preamble: Preamble = {};
  const fields: Partial<Record<Label, string>> = {};
  for (const row of rows) {
    const cells = row.map(cleanCell);
    cells.forEach((text, i) => {
      if (!text) return;
      const field = labelled(text);
      if (field) {
        const next = cells.slice(i + 1).find((c) => c !== "");
        const value = field.value || (next && !labelled(next) ? next : "");
        if (value) fields[field.label] ??= value;
      } else if (!preamble.title && isTitle(text)) preamble.title = text.replace(/[.\s]+$/, "");
      else if (!fields.institution && INSTITUTION.test(fold(text))) fields.institution = text;
    });
  }
  const { year, ...rest } = fields;
  const titleYear = preamble.title ? yearIn(preamble.title) : undefined;
  const found = titleYear ?? (year ? yearIn(year) : undefined);
  return { ...preamble, ...rest, ...(found ? { year: found } : {}) };
}
