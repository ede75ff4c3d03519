/**
 * The Fastify application: routes, schemas (zod → validation and OpenAPI), error shape.
 * It receives an open database and never opens or closes one itself.
 */
import swagger from "@fastify/swagger";
import swaggerUi from "@fastify/swagger-ui";
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyServerOptions } from "fastify";
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Problem } from "../contract/common.js";
import type { Database } from "../db/connection.js";
import { AppError, errorStatus, type ProblemCode } from "../domain/errors.js";
import { DEFAULT_IMPORT_MEMORY_MB, ImportPreviews } from "../services/imports/import-previews.js";
import { registerAuth, trustProxyFromEnv } from "./auth/plugin.js";
import { FirstRunSetup } from "./first-run.js";
import { loggableError } from "./log-redaction.js";
import { activityRoutes } from "./routes/activities.js";
import { auditRoutes } from "./routes/audit.js";
import { backupRoutes } from "./routes/backup.js";
import { demoRoutes } from "./routes/demo.js";
import { evidenceRoutes } from "./routes/evidence.js";
import { executionRoutes } from "./routes/execution.js";
import { healthRoutes } from "./routes/health.js";
import { importRoutes } from "./routes/imports.js";
import { institutionRoutes } from "./routes/institutions.js";
import { planRoutes } from "./routes/plans.js";
import { reportRoutes } from "./routes/reports.js";
import { reprogrammingRoutes } from "./routes/reprogrammings.js";
import { setupRoutes } from "./routes/setup.js";
import { unitRoutes } from "./routes/units.js";
import { userRoutes } from "./routes/users.js";
import { webAppRoutes } from "./routes/web-app.js";
import { schemaErrorFormatter, textSafeValidatorCompiler } from "./validation.js";

export type AppOptions = {
  database: Database;
  logger?: FastifyServerOptions["logger"];
  version: string;
  /** The one-time first-run link `serve` prints (`first-run.ts`); tests pass their own. */
  setup?: FirstRunSetup;
  /** The built web app to serve at `/` (default: dist/web). */
  webRoot?: string;
  /** Memory for import previews and the documents being read (AVANCE_IMPORT_MEMORY_MB; default 256). */
  importMemoryMb?: number;
};

export async function buildApp({
  database,
  logger = false,
  version,
  webRoot,
  setup = new FirstRunSetup(),
  importMemoryMb = DEFAULT_IMPORT_MEMORY_MB,
}: AppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      logger === false ? false : { ...(logger === true ? {} : logger), serializers: { err: loggableError } },
    bodyLimit: 1024 * 1024,
    // Request ids in every log line, so one user's complaint can be traced.
    genReqId: () => crypto.randomUUID(),
    // Behind a reverse proxy (AVANCE_TRUST_PROXY): client IP and HTTPS from X-Forwarded-*.
    trustProxy: trustProxyFromEnv(),
    // A URL the router cannot read (broken percent-encoding, a parameter over 100 characters)
    // gets the same problem document as any other refusal.
    frameworkErrors: (error, _request, reply: FastifyReply) => {
      const status = error.statusCode ?? 400;
      const [code, detail]: [ProblemCode, string] =
        status === 414
          ? ["parameter_too_long", "La dirección tiene un parámetro demasiado largo."]
          : ["invalid_url_encoding", "La dirección no es válida (codificación % incorrecta)."];
      const problem: Problem = {
        type: "http",
        title: titles[status] ?? (titles[400] as string),
        status,
        detail,
        code,
      };
      return reply.status(status).type("application/problem+json").send(problem);
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(textSafeValidatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  // Validation errors become AppErrors with Spanish text and the offending field.
  app.setSchemaErrorFormatter(schemaErrorFormatter);

  await app.register(swagger, {
    openapi: {
      info: {
        title: "Avance API",
        version,
        description: "Plan operativo y seguimiento de instituciones públicas.",
      },
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: "/api/docs" });

  app.setErrorHandler((error, request, reply) => {
    const problem = toProblem(error);
    if (problem.status >= 500) request.log.error({ err: error }, "request failed");
    return reply.status(problem.status).type("application/problem+json").send(problem);
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .type("application/problem+json")
      .send({
        type: "not_found",
        title: "No encontrado",
        status: 404,
        detail: `No existe ${request.method} ${request.url}`,
        code: "route_not_found",
        params: { method: request.method, url: request.url },
      } satisfies Problem),
  );

  // Before every other route: fills request.auth, checks CSRF, serves /api/auth/*.
  const limiter = await registerAuth(app, { database });
  await app.register(healthRoutes, { database, version });
  const previews = new ImportPreviews({ budgetBytes: importMemoryMb * 1024 * 1024 });
  await app.register(importRoutes, { database, previews });
  await app.register(reportRoutes, { database });
  await app.register(institutionRoutes, { database });
  await app.register(unitRoutes, { database });
  await app.register(planRoutes, { database });
  await app.register(activityRoutes, { database });
  await app.register(userRoutes, { database, limiter });
  await app.register(executionRoutes, { database });
  await app.register(reprogrammingRoutes, { database });
  await app.register(evidenceRoutes, { database });
  await app.register(demoRoutes, { database });
  await app.register(webAppRoutes, webRoot ? { root: webRoot } : {});
  await app.register(auditRoutes, { database });
  await app.register(setupRoutes, { database, setup });
  await app.register(backupRoutes, { database });
  return app;
}

const titles: Record<number, string> = {
  400: "Solicitud no válida",
  401: "Sesión requerida",
  403: "Sin permiso",
  404: "No encontrado",
  409: "Conflicto",
  413: "Demasiado grande",
  414: "Dirección demasiado larga",
  429: "Demasiados intentos",
  500: "Error interno",
  503: "Servicio no disponible",
};

/** Fastify's own request errors, in the language and with the codes of every other error. */
const fastifyProblems: Record<string, { code: ProblemCode; detail: string }> = {
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: "body_too_large",
    detail: "La solicitud es demasiado grande para esta operación.",
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: "empty_json_body",
    detail: "El cuerpo JSON está vacío: envíe {} o no envíe Content-Type.",
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: "invalid_json", detail: "El cuerpo no es JSON válido." },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: "unsupported_media_type",
    detail: "Tipo de contenido (Content-Type) no admitido por esta operación.",
  },
};

/** JSON problem details (RFC 9457): Spanish text, and the stable code the web words itself. */
export function toProblem(error: unknown): Problem {
  if (error instanceof AppError) {
    const status = errorStatus[error.code];
    return {
      type: error.code,
      title: titles[status] ?? "Error",
      status,
      detail: error.message,
      ...(error.field ? { field: error.field } : {}),
      code: error.reason?.code ?? error.code,
      ...(error.reason?.params ? { params: error.reason.params } : {}),
    };
  }
  const { statusCode: status, code } = error as { statusCode?: number; code?: string };
  if (status && status >= 400 && status < 500) {
    const known = code ? fastifyProblems[code] : undefined;
    return {
      type: "http",
      title: titles[status] ?? "Error",
      status,
      detail: known?.detail ?? (error as Error).message,
      code: known?.code ?? "request_refused",
    };
  }
  return {
    type: "internal",
    title: titles[500] as string,
    status: 500,
    detail: "Error interno del servidor.",
    code: "internal_error",
  };
}
