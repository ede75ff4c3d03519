/**
 * Org units of an institution (a tree): the list's filter, the bodies that create and change a
 * unit, and a unit as the routes answer it (in the list, with its depth in the tree).
 */
import { z } from "zod";
import { idParam, institutionParam, pageOf, pageQuery } from "./common.js";
import { optionalText, strictBody, text } from "./fields.js";

export const unitParams = z.object({ ...institutionParam, unitId: idParam("Unit id") });

export const UnitListQuery = z.object({
  ...pageQuery,
  active: z
    .enum(["true", "false"], { error: "Use true o false." })
    .optional()
    .describe("Solo activas (true) o solo retiradas (false)"),
});
export type UnitListQuery = z.infer<typeof UnitListQuery>;

const parentId = z
  .string({ error: "Debe ser el id de una unidad o null." })
  .min(1, "Debe ser el id de una unidad o null (en la raíz).")
  .max(100)
  .transform((id) => id.toLowerCase())
  .nullable()
  .describe("Unidad superior; null = en la raíz");

export const CreateUnitBody = strictBody({
  name: text(300),
  parentId: parentId.optional(),
  code: optionalText(50),
  responsible: optionalText(200),
});
export type CreateUnitBody = z.infer<typeof CreateUnitBody>;

export const PatchUnitBody = strictBody({
  name: text(300).optional(),
  parentId: parentId.optional(),
  code: optionalText(50),
  responsible: optionalText(200),
  position: z
    .number({ error: "Debe ser un número entero desde 0." })
    .int("Debe ser un número entero desde 0.")
    .min(0, "Debe ser un número entero desde 0.")
    .max(100_000, "Admite como máximo 100000.")
    .optional()
    .describe("Lugar entre sus hermanas: 0 = la primera (las demás se corren)"),
});
export type PatchUnitBody = z.infer<typeof PatchUnitBody>;

export const Unit = z.object({
  id: z.string(),
  parentId: z.string().nullable(),
  code: z.string().nullable(),
  name: z.string(),
  responsible: z.string().nullable(),
  active: z.boolean(),
  position: z.number().int(),
});
export type Unit = z.infer<typeof Unit>;

/** A unit of the list, in the tree's order (parents first). */
export const UnitNode = Unit.extend({ depth: z.number().int().describe("0 = en la raíz") });
export type UnitNode = z.infer<typeof UnitNode>;

export const UnitPage = pageOf(UnitNode);
export type UnitPage = z.infer<typeof UnitPage>;
