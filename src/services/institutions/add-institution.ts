/**
 * A new institution; its slug (the URL and CLI name) comes from the name unless given, and is
 * unique. The CLI creates one with no actor. `db` may be a transaction already open (the import's, which names the institution).
 */
import { audit } from "../../db/audit.js";
import type { Db } from "../../db/connection.js";
import { findInstitution, type Institution, insertInstitution, slugify } from "../../db/institutions.js";
import type { Actor } from "../../domain/actor.js";
import { AppError } from "../../domain/errors.js";

export async function addInstitution(
  db: Db,
  input: { name: string; slug?: string; code?: string; country?: string; locale?: string },
  actor: Actor = {},
): Promise<Institution> {
  const slug = input.slug ?? slugify(input.name);
  if (!slug)
    throw new AppError("validation", "El nombre de la institución no puede estar vacío.", "name", {
      code: "institution_name_empty",
    });
  if (await findInstitution(db, slug)) {
    throw new AppError("conflict", `Ya existe una institución con el identificador «${slug}».`, "slug", {
      code: "institution_slug_taken",
      params: { slug },
    });
  }
  return db.transaction(async (tx) => {
    const created = await insertInstitution(tx, { ...input, slug });
    await audit(tx, {
      institutionId: created.id,
      action: "create",
      entity: "institution",
      entityId: created.id,
      after: created,
      ...actor,
    });
    return created;
  });
}
