/**
 * "Cargar ejemplo": the two sample documents imported as the demo institution's plans through
 * the ordinary import, the POI approved (its baseline frozen) and started through the plan's own
 * transitions and reported through March (its last reported quarter, Q1 2021: 96.8 %), the
 * caller a member. All in one transaction: a failure leaves nothing half-made.
 * A second call changes nothing and answers the same plan, but only to a caller who may join the
 * demo institution (`mayJoin`: a super-admin, or one of its admins): anyone else would become an
 * admin of an institution that is not theirs, so they get the 403 of a caller who may not load it.
 */
import { readFile } from "node:fs/promises";
import type { Demo } from "../../contract/demo.js";
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { insertClosedMonth, insertMembershipIfMissing } from "../../db/demo.js";
import { findInstitution } from "../../db/institutions.js";
import { findPlanOfYear } from "../../db/plans.js";
import type { Actor } from "../../domain/actor.js";
import { forbidden } from "../../domain/errors.js";
import type { Role } from "../../domain/roles.js";
import { commitPreview } from "../imports/commit-preview.js";
import { previewDocument } from "../imports/preview-document.js";
import { transitionPlan } from "../plans/transition-plan.js";

export const DEMO_INSTITUTION = "SAT Piura (ejemplo)";

const samples = new URL("../../../samples/", import.meta.url);
const POI_FILE = "004_72e0f0e913d1a590.txt";
const POA_FILE = "000_c5fe3fe587ede302.txt";
const POI_YEAR = 2021;
/** The sample POI reports January to March. */
const REPORTED_THROUGH = 3;

async function preview(fileName: string) {
  const bytes = new Uint8Array(await readFile(new URL(fileName, samples)));
  return { fileName, preview: await previewDocument({ fileName, bytes }) };
}

/** May the caller become (or stay) an admin of this existing institution? */
export type MayJoin = (institutionId: string) => boolean;

/** Puts the plan in execution as any plan gets there, then closes January…`through`. */
async function reportThrough(
  tx: Db,
  actor: Actor,
  { institutionId, planId, through }: { institutionId: string; planId: string; through: number },
): Promise<void> {
  await transitionPlan(tx, actor, institutionId, planId, "approve");
  await transitionPlan(tx, actor, institutionId, planId, "start");
  for (let month = 1; month <= through; month++) {
    await insertClosedMonth(tx, { institutionId, planId, month, closedBy: actor.userId ?? null });
    await audit(tx, {
      institutionId,
      planId,
      action: "close",
      entity: "month",
      entityId: String(month),
      after: { month },
      ...actor,
    });
  }
}

/** Makes the user a member with `role`, unless they already are one (their role is kept). */
async function ensureMembership(
  tx: Db,
  actor: Actor,
  membership: { institutionId: string; userId: string; role: Role },
): Promise<void> {
  if (!(await insertMembershipIfMissing(tx, membership))) return;
  await audit(tx, {
    institutionId: membership.institutionId,
    action: "grant",
    entity: "membership",
    entityId: membership.userId,
    after: { role: membership.role },
    ...actor,
  });
}

export async function loadDemo(db: Db, actor: Actor & { userId: string }, mayJoin: MayJoin): Promise<Demo> {
  const existing = await findInstitution(db, DEMO_INSTITUTION);
  if (existing && !mayJoin(existing.id)) throw forbidden();
  const existingPlan = existing && (await findPlanOfYear(db, existing.id, "POI", POI_YEAR));
  if (existing && existingPlan) {
    await db.transaction((tx) =>
      ensureMembership(tx, actor, { institutionId: existing.id, userId: actor.userId, role: "admin" }),
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
    if (!first.institution?.created && !mayJoin(institutionId)) throw forbidden();
    const planId = first.commit?.planId as string;
    await commitPreview(tx, poa.preview, { fileName: poa.fileName, institutionId, actor });
    await reportThrough(tx, actor, { institutionId, planId, through: REPORTED_THROUGH });
    await ensureMembership(tx, actor, { institutionId, userId: actor.userId, role: "admin" });
    return { institutionId, planId, period: "Q1" as const, created: true };
  });
}
