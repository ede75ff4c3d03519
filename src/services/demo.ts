/**
 * "Cargar ejemplo": the two sample documents imported as the demo institution's plans through
 * the ordinary import, the POI reported through March (its last reported quarter, Q1 2021:
 * 96.8 %), the caller a member. All in one transaction: a failure leaves nothing half-made.
 * A second call changes nothing and answers the same plan, but only to a caller who may join the
 * demo institution (`mayJoin`: a super-admin, or one of its admins): anyone else would become an
 * admin of an institution that is not theirs, so they get the 403 of a caller who may not load it.
 */
import { readFile } from "node:fs/promises";
import type { Db } from "../db/connection.js";
import { ensureMembership, findPlan, markReportedThrough } from "../db/demo.js";
import { findInstitution } from "../db/institutions.js";
import type { Actor } from "../domain/actor.js";
import { AppError, messages } from "../domain/errors.js";
import { commitPreview } from "./imports/commit-preview.js";
import { previewDocument } from "./imports/preview-document.js";

export const DEMO_INSTITUTION = "SAT Piura (ejemplo)";

const samples = new URL("../../samples/", import.meta.url);
const POI_FILE = "004_72e0f0e913d1a590.txt";
const POA_FILE = "000_c5fe3fe587ede302.txt";
const POI_YEAR = 2021;
/** The sample POI reports January to March. */
const REPORTED_THROUGH = 3;

export type DemoAnswer = { institutionId: string; planId: string; period: "Q1"; created: boolean };

async function preview(fileName: string) {
  const bytes = new Uint8Array(await readFile(new URL(fileName, samples)));
  return { fileName, preview: await previewDocument({ fileName, bytes }) };
}

/** May the caller become (or stay) an admin of this existing institution? */
export type MayJoin = (institutionId: string) => boolean;

const refused = () => new AppError("forbidden", messages.forbidden);

export async function loadDemo(
  db: Db,
  actor: Actor & { userId: string },
  mayJoin: MayJoin,
): Promise<DemoAnswer> {
  const existing = await findInstitution(db, DEMO_INSTITUTION);
  if (existing && !mayJoin(existing.id)) throw refused();
  const existingPlan = existing && (await findPlan(db, existing.id, "POI", POI_YEAR));
  if (existing && existingPlan) {
    await db.transaction((tx) =>
      ensureMembership(tx, { institutionId: existing.id, userId: actor.userId, role: "admin" }, actor),
    );
    return { institutionId: existing.id, planId: existingPlan.id, period: "Q1", created: false };
  }
  const [poi, poa] = await Promise.all([preview(POI_FILE), preview(POA_FILE)]);
  return db.transaction(async (tx) => {
    const first = await commitPreview(tx, poi.preview, {
      fileName: poi.fileName,
      institution: DEMO_INSTITUTION,
      actor,
    });
    const institutionId = first.institution?.id as string;
    // Made by another caller since the check above: the same rule, and this import rolls back.
    if (!first.institution?.created && !mayJoin(institutionId)) throw refused();
    const planId = first.commit?.planId as string;
    await commitPreview(tx, poa.preview, { fileName: poa.fileName, institutionId, actor });
    await markReportedThrough(tx, { institutionId, planId, through: REPORTED_THROUGH }, actor);
    await ensureMembership(tx, { institutionId, userId: actor.userId, role: "admin" }, actor);
    return { institutionId, planId, period: "Q1" as const, created: true };
  });
}
