/** Builders for rows a test needs, each in a fresh institution so tests never collide. */
import { randomBytes } from "node:crypto";
import type { Db } from "../../src/db/connection.js";
import { activities, institutions, orgUnits, plans } from "../../src/db/schema.js";

function one<T>(rows: T[]): T {
  const [row] = rows;
  if (!row) throw new Error("insert returned nothing");
  return row;
}

export async function buildInstitution(db: Db, values: Partial<typeof institutions.$inferInsert> = {}) {
  const suffix = randomBytes(4).toString("hex");
  return one(
    await db
      .insert(institutions)
      .values({ name: `Institución ${suffix}`, slug: `inst-${suffix}`, ...values })
      .returning(),
  );
}

export async function buildUnit(
  db: Db,
  institutionId: string,
  values: Partial<typeof orgUnits.$inferInsert> = {},
) {
  return one(
    await db
      .insert(orgUnits)
      .values({ institutionId, name: "GERENCIA DE FINANZAS", ...values })
      .returning(),
  );
}

export async function buildPlan(
  db: Db,
  institutionId: string,
  values: Partial<typeof plans.$inferInsert> = {},
) {
  return one(
    await db
      .insert(plans)
      .values({
        institutionId,
        year: 2021,
        kind: "POI",
        title: "PLAN OPERATIVO INSTITUCIONAL 2021",
        ...values,
      })
      .returning(),
  );
}

export async function buildActivity(
  db: Db,
  ids: { institutionId: string; planId: string; unitId: string },
  values: Partial<typeof activities.$inferInsert> = {},
) {
  return one(
    await db
      .insert(activities)
      .values({ ...ids, name: "ADMINISTRACIÓN DE LOS RECURSOS FINANCIEROS", annualTarget: "96", ...values })
      .returning(),
  );
}
