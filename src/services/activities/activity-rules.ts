/**
 * The rules the activity use cases share: the activity or the tenant 404, a unit that may
 * receive activities, dates in order, and no two activities of a unit with the same name in a
 * plan (the import recognizes an activity by unit and name).
 */
import {
  type ActivityRow,
  type ActivityView,
  activitiesOfUnit,
  findActivity,
  findActivityView,
} from "../../db/activities.js";
import type { Db } from "../../db/connection.js";
import { AppError, notFound } from "../../domain/errors.js";
import { isUuid } from "../../domain/ids.js";
import { fold } from "../../domain/normalize.js";
import { findUnitOf } from "../units/unit-rules.js";

/** The activity (institution, id) with its plan's status, or the same 404 as another institution's. */
export async function requireActivity(db: Pick<Db, "select">, institutionId: string, activityId: string) {
  if (!isUuid(activityId)) throw notFound();
  const activity = await findActivity(db, institutionId, activityId);
  if (!activity) throw notFound();
  return activity;
}

/** The activity as the API shows it, or the tenant 404. */
export async function requireActivityView(
  db: Db,
  institutionId: string,
  activityId: string,
): Promise<ActivityView> {
  const activity = await requireActivity(db, institutionId, activityId);
  const view = await findActivityView(db, institutionId, activity.planId, activityId);
  if (!view) throw notFound();
  return view;
}

export async function refuseTwinActivity(
  tx: Pick<Db, "select">,
  institutionId: string,
  planId: string,
  activity: Pick<ActivityRow, "id" | "unitId" | "name">,
): Promise<void> {
  const siblings = await activitiesOfUnit(tx, institutionId, planId, activity.unitId);
  const twin = siblings.find((other) => other.id !== activity.id && fold(other.name) === fold(activity.name));
  if (twin)
    throw new AppError("conflict", `La unidad ya tiene la actividad «${twin.name}» en este plan.`, "name", {
      code: "activity_name_taken",
      params: { activity: twin.name },
    });
}

export async function checkUnit(
  tx: Pick<Db, "select">,
  institutionId: string,
  unitId: string,
): Promise<void> {
  const unit = await findUnitOf(tx, institutionId, unitId);
  if (!unit)
    throw new AppError("validation", "La unidad orgánica no existe en esta institución.", "unitId", {
      code: "unknown_unit",
    });
  if (!unit.active) {
    throw new AppError(
      "validation",
      `La unidad «${unit.name}» está retirada: no recibe actividades.`,
      "unitId",
      { code: "unit_retired", params: { unit: unit.name } },
    );
  }
}

export function checkDates(activity: { startDate?: string | null; endDate?: string | null }): void {
  if (activity.startDate && activity.endDate && activity.endDate < activity.startDate) {
    throw new AppError(
      "validation",
      `La fecha final (${activity.endDate}) es anterior a la inicial (${activity.startDate}).`,
      "endDate",
      { code: "end_before_start", params: { start: activity.startDate, end: activity.endDate } },
    );
  }
}
