/** The role of a member, as requests send it and answers name it. */
import { z } from "zod";
import { roles } from "../domain/roles.js";

export const Role = z.enum(roles, { error: `Rol desconocido: use ${roles.join(", ")}.` });
export type Role = z.infer<typeof Role>;
