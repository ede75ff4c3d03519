import { type Role, roles } from "../../domain/roles.js";

/** The roles `avance user add` gives: one of an institution, or the deployment's super-admin. */
export type UserRole = Role | "super-admin";
export const userRoles: readonly UserRole[] = [...roles, "super-admin"];
