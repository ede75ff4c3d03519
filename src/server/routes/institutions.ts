/**
 * Institutions and their settings.
 * - `GET /api/institutions`: the caller's institutions (every one for a super-admin), paginated.
 * - `POST /api/institutions`: a super-admin creates one.
 * - `GET /api/institutions/:institutionId`: any member.
 * - `PATCH /api/institutions/:institutionId`: an admin changes name, locale and traffic-light thresholds.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { institutionParam, Problem, pageQuery } from "../../contract/common.js";
import {
  Institution,
  InstitutionChangeBody,
  InstitutionPage,
  NewInstitutionBody,
} from "../../contract/institutions.js";
import type { Database } from "../../db/connection.js";
import { addInstitution } from "../../services/institutions/add-institution.js";
import { getInstitution } from "../../services/institutions/get-institution.js";
import { listInstitutions } from "../../services/institutions/list-institutions.js";
import { updateInstitution } from "../../services/institutions/update-institution.js";
import { requireSuperAdmin, requireUser } from "../auth/permissions.js";
import { changesOf, FORM_BODY_LIMIT } from "../fields.js";
import { callerFirst, requireInstitutionAccess } from "../tenant.js";
import { actorOf } from "./caller.js";

type InstitutionRow = Awaited<ReturnType<typeof getInstitution>>;

function view(institution: InstitutionRow): Institution {
  return {
    id: institution.id,
    name: institution.name,
    slug: institution.slug,
    code: institution.code,
    country: institution.country,
    locale: institution.locale,
    thresholds: {
      greenFrom: Number(institution.greenFrom),
      amberFrom: Number(institution.amberFrom),
      overExecutionAbove: Number(institution.overExecutionAbove),
    },
    createdAt: institution.createdAt.toISOString(),
  };
}

export const institutionRoutes: FastifyPluginAsyncZod<{ database: Database }> = async (app, { database }) => {
  const { db } = database;
  app.addHook("preValidation", callerFirst);

  app.get(
    "/api/institutions",
    {
      schema: {
        summary: "Instituciones del usuario (todas, para un super-administrador)",
        querystring: z.object(pageQuery),
        response: { 200: InstitutionPage },
      },
    },
    async (request) => {
      const auth = requireUser(request);
      const page = await listInstitutions(
        db,
        { userId: auth.user.id, superAdmin: auth.user.superAdmin },
        request.query,
      );
      return { ...page, items: page.items.map(view) };
    },
  );

  app.post(
    "/api/institutions",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Crea una institución (super-administrador)",
        body: NewInstitutionBody,
        response: { 201: Institution, 409: Problem.describe("An institution has this slug already") },
      },
    },
    async (request, reply) => {
      const auth = requireSuperAdmin(request);
      const { name, slug, code, country, locale: chosen } = request.body;
      const created = await addInstitution(
        db,
        {
          name,
          ...(slug ? { slug } : {}),
          ...(code ? { code } : {}),
          ...(country ? { country } : {}),
          ...(chosen ? { locale: chosen } : {}),
        },
        actorOf(auth, request),
      );
      return reply.status(201).send(view(created));
    },
  );

  app.get(
    "/api/institutions/:institutionId",
    {
      schema: {
        summary: "Una institución y su configuración",
        params: z.object(institutionParam),
        response: { 200: Institution },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      await requireInstitutionAccess(request, db, institutionId);
      return view(await getInstitution(db, institutionId));
    },
  );

  app.patch(
    "/api/institutions/:institutionId",
    {
      bodyLimit: FORM_BODY_LIMIT,
      schema: {
        summary: "Cambia nombre, idioma y umbrales del semáforo (administrador)",
        params: z.object(institutionParam),
        body: InstitutionChangeBody,
        response: { 200: Institution },
      },
    },
    async (request) => {
      const { institutionId } = request.params;
      const auth = await requireInstitutionAccess(request, db, institutionId, ["admin"]);
      const { greenFrom, amberFrom, overExecutionAbove, ...rest } = changesOf(request.body);
      // Thresholds are numeric(6,2): stored as exact decimal text.
      const thresholds = changesOf({ greenFrom, amberFrom, overExecutionAbove }, { allowEmpty: true });
      const updated = await updateInstitution(db, actorOf(auth, request), institutionId, {
        ...rest,
        ...Object.fromEntries(Object.entries(thresholds).map(([key, value]) => [key, String(value)])),
      });
      return view(updated);
    },
  );
};
