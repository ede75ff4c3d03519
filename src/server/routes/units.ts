/**
 * Org units of an institution (a tree). Any member reads; an admin or a planner writes.
 * - `GET /api/institutions/:institutionId/units`: tree order (parents first), paginated.
 * - `POST …/units`: create (`parentId` null = at the top).
 * - `PATCH …/units/:unitId`: rename, recode, responsible, move (`parentId`).
 * - `POST …/units/:unitId/retire`: active = false (409 while it still has work running).
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { institutionParam, Problem } from "../../contract/common.js";
import {
  CreateUnitBody,
  PatchUnitBody,
  Unit,
  UnitListQuery,
  UnitPage,
  unitParams,
} from "../../contract/units.js";
import type { Database } from "../../db/connection.js";
import { createUnit } from "../../services/units/create-unit.js";
import { listUnits } from "../../services/units/list-units.js";
import { retireUnit } from "../../services/units/retire-unit.js";
import { updateUnit } from "../../services/units/update-unit.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { actorOf } from "./caller.js";

const WRITERS = ["admin", "planner"] as const;

function view(unit: Awaited<ReturnType<typeof createUnit>>): Unit {
  return {
    id: unit.id,
    parentId: unit.parentId,
    code: unit.code,
    name: unit.name,
    responsible: unit.responsible,
    active: unit.active,
    position: unit.position,
  };
}

export const unitRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;
  app.addHook("preValidation", callerFirst);

  app.get(
    "/api/institutions/:institutionId/units",
    {
      schema: {
        summary: "Unidades orgánicas en orden del árbol",
        params: z.object(institutionParam),
        querystring: UnitListQuery,
        response: { 200: UnitPage },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      const { active, page, pageSize } = request.query;
      const result = await listUnits(
        db,
        institutionId,
        active === undefined ? {} : { active: active === "true" },
        { page, pageSize },
      );
      return { ...result, items: result.items.map((unit) => ({ ...view(unit), depth: unit.depth })) };
    },
  );

  app.post(
    "/api/institutions/:institutionId/units",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Crea una unidad orgánica",
        params: z.object(institutionParam),
        body: CreateUnitBody,
        response: { 201: Unit, 409: Problem },
      },
    },
    async (request, reply) => {
      const { institutionId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, WRITERS);
      const created = await createUnit(db, actorOf(auth, request), institutionId, request.body);
      return reply.status(201).send(view(created));
    },
  );

  app.patch(
    "/api/institutions/:institutionId/units/:unitId",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Renombra o mueve una unidad orgánica",
        params: unitParams,
        body: PatchUnitBody,
        response: { 200: Unit, 409: Problem },
      },
    },
    async (request) => {
      const { institutionId, unitId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, WRITERS);
      const updated = await updateUnit(
        db,
        actorOf(auth, request),
        institutionId,
        unitId,
        changesOf(request.body),
      );
      return view(updated);
    },
  );

  app.post(
    "/api/institutions/:institutionId/units/:unitId/retire",
    {
      schema: {
        summary: "Retira una unidad orgánica (queda en la historia)",
        params: unitParams,
        response: { 200: Unit, 409: Problem },
      },
    },
    async (request) => {
      const { institutionId, unitId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, WRITERS);
      return view(await retireUnit(db, actorOf(auth, request), institutionId, unitId));
    },
  );
};
