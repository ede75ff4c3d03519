/** The plans, units and activities a report is asked about by name, code or id. */
import { sql } from "drizzle-orm";
import { type Db, queryRows } from "../connection.js";

export type PlanSummary = { id: string; year: number; kind: "POI" | "POA"; title: string };

/** The plans of an institution, newest year first. */
export async function listPlans(db: Db, institutionId: string): Promise<PlanSummary[]> {
  return queryRows<PlanSummary>(
    db,
    sql`select id, year, kind, title from plans where institution_id = ${institutionId}
      order by year desc, kind, title, id`,
  );
}

export type UnitRef = { id: string; parentId: string | null; code: string | null; name: string };

export async function listUnits(db: Db, institutionId: string): Promise<UnitRef[]> {
  return queryRows<UnitRef>(
    db,
    sql`select id, parent_id as "parentId", code, name from org_units
      where institution_id = ${institutionId} order by position, name, id`,
  );
}

export type ActivityRef = {
  id: string;
  code: string | null;
  name: string;
  unitName: string;
  active: boolean;
};

export async function listActivities(db: Db, institutionId: string, planId: string): Promise<ActivityRef[]> {
  return queryRows<ActivityRef>(
    db,
    sql`select a.id, a.code, a.name, u.name as "unitName", a.active
      from activities a join org_units u on u.institution_id = a.institution_id and u.id = a.unit_id
      where a.institution_id = ${institutionId} and a.plan_id = ${planId}
      order by a.position, a.name, a.id`,
  );
}
