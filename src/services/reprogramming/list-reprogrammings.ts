/** Reprogramming requests of an institution, a page at a time, old values beside the new. */
import type { Db } from "../../db/connection.js";
import { type Reprogramming, reprogrammingPage } from "../../db/reprogrammings.js";
import type { ReprogrammingStatus } from "../../domain/reprogramming.js";

export async function listReprogrammings(
  db: Db,
  input: {
    institutionId: string;
    status?: ReprogrammingStatus;
    planId?: string;
    page: number;
    pageSize: number;
  },
): Promise<{ items: Reprogramming[]; total: number; page: number; pageSize: number }> {
  const { institutionId, status, planId, page, pageSize } = input;
  const { items, total } = await reprogrammingPage(
    db,
    institutionId,
    { ...(status ? { status } : {}), ...(planId ? { planId } : {}) },
    { page, pageSize },
  );
  return { items, total, page, pageSize };
}
