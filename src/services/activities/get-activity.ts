/** One activity with its twelve current programmed and executed months, or the tenant 404. */
import type { ActivityView } from "../../db/activities.js";
import type { Db } from "../../db/connection.js";
import { requireActivityView } from "./activity-rules.js";

export async function getActivity(db: Db, institutionId: string, activityId: string): Promise<ActivityView> {
  return requireActivityView(db, institutionId, activityId);
}
