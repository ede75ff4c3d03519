/**
 * `avance serve`: open the database, serve the app, and shut down without losing data.
 * PGlite loses writes if the process dies mid-write, so SIGINT/SIGTERM close the HTTP server
 * first (in-flight requests finish and are answered), then snapshot, then close the database.
 */
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { type Database, openDatabase, optionsFromEnv, redactUrl } from "../db/connection.js";
import { AppError } from "../domain/errors.js";
import { takeSnapshot } from "../services/backup/take-snapshot.js";
import { DEFAULT_IMPORT_MEMORY_MB } from "../services/imports/import-previews.js";
import { countUsers } from "../services/users/count-users.js";
import { ensureFirstAdmin } from "../services/users/ensure-first-admin.js";
import { buildApp } from "./app.js";
import { FirstRunSetup } from "./first-run.js";
import { packageVersion } from "./version.js";

export type ServeOptions = { port: number; host: string; env?: NodeJS.ProcessEnv };

const DAY = 24 * 60 * 60 * 1000;

export async function serve({
  port,
  host,
  env = process.env,
}: ServeOptions): Promise<{ app: FastifyInstance; database: Database }> {
  const dbOptions = optionsFromEnv(env);
  // Read before the database opens: a bad value must not leave it open (and locked).
  const importMemory = importMemoryMb(env);
  const database = await openDatabase(dbOptions);
  const setup = new FirstRunSetup();
  const app = await buildApp({
    database,
    logger: loggerOptions(env),
    version: packageVersion(),
    setup,
    importMemoryMb: importMemory,
  });

  const admin = await ensureFirstAdmin(database.db, env);
  if (admin) app.log.info({ email: admin }, "primer administrador creado desde AVANCE_ADMIN_EMAIL");

  const backups = backupsDir(database, env);
  const keep = Number(env.AVANCE_BACKUP_KEEP ?? 7);
  /** The daily one only when the newest snapshot is a day old. */
  const snapshot = async (why: "diaria" | "cierre") => {
    if (!database.pglite || !backups) return;
    const ifOlderThanMs = why === "diaria" ? DAY : undefined;
    const path = await takeSnapshot(database.pglite, { dir: backups, keep, ifOlderThanMs });
    if (path) app.log.info({ path, why }, "copia automática de la base embebida");
  };
  // Checked hourly so a server that runs for weeks still gets its daily snapshot.
  const timer = setInterval(
    () => {
      snapshot("diaria").catch((error) => app.log.error({ err: error }, "la copia automática falló"));
    },
    60 * 60 * 1000,
  );
  timer.unref();

  let closing: Promise<void> | undefined;
  const shutdown = (signal: string) => {
    closing ??= (async () => {
      app.log.info({ signal }, "cerrando: se terminan las solicitudes en curso y se cierra la base de datos");
      clearInterval(timer);
      await app.close();
      await snapshot("cierre").catch((error) => app.log.error({ err: error }, "la copia de cierre falló"));
      await database.close();
      app.log.info("cerrado limpiamente");
    })();
    closing.then(
      () => process.exit(0),
      (error) => {
        app.log.fatal({ err: error }, "el cierre falló");
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => shutdown("SIGINT"));
  process.on("SIGTERM", () => shutdown("SIGTERM"));

  await app.listen({ port, host });
  await snapshot("diaria");

  const where =
    "url" in dbOptions
      ? `PostgreSQL (${redactUrl(dbOptions.url)})`
      : `PGlite embebido en ${database.dataDir}`;
  const users = await countUsers(database.db);
  const shownHost = host === "0.0.0.0" || host === "::" ? "localhost" : host;
  const address = app.server.address();
  const shownPort = typeof address === "object" && address ? address.port : port;
  const lines = [
    "",
    `  Avance ${packageVersion()} está en marcha: http://${shownHost}:${shownPort}`,
    `  Base de datos: ${where}`,
    `  API: http://${shownHost}:${shownPort}/api/docs`,
    users === 0
      ? "  No hay usuarios todavía. Cree el primer administrador en este enlace (sirve una sola vez,\n" +
        "  mientras este proceso siga en marcha):\n" +
        `    http://${shownHost}:${shownPort}/setup?token=${setup.issue()}\n` +
        "  (o arranque con AVANCE_ADMIN_EMAIL y AVANCE_ADMIN_PASSWORD definidos)."
      : `  Inicie sesión con su correo y contraseña (${users} usuario${users === 1 ? "" : "s"} registrados).`,
    "",
  ];
  process.stdout.write(`${lines.join("\n")}\n`);
  return { app, database };
}

function backupsDir(database: Database, env: NodeJS.ProcessEnv): string | undefined {
  if (database.kind !== "pglite" || !database.dataDir) return undefined;
  return join(env.AVANCE_DATA_DIR ?? "data", "backups");
}

/** AVANCE_IMPORT_MEMORY_MB: megabytes for import previews; refused at start when it is no number. */
export function importMemoryMb(env: NodeJS.ProcessEnv): number {
  const text = env.AVANCE_IMPORT_MEMORY_MB?.trim();
  if (!text) return DEFAULT_IMPORT_MEMORY_MB;
  const megabytes = Number(text);
  if (!Number.isFinite(megabytes) || megabytes <= 0) {
    throw new AppError(
      "validation",
      `AVANCE_IMPORT_MEMORY_MB debe ser un número de megabytes mayor que 0 (por ejemplo 256), no «${text}».`,
      "AVANCE_IMPORT_MEMORY_MB",
      { code: "invalid_setting", params: { setting: "AVANCE_IMPORT_MEMORY_MB", value: text } },
    );
  }
  return megabytes;
}

function loggerOptions(env: NodeJS.ProcessEnv) {
  const level = env.LOG_LEVEL ?? "info";
  if (process.stdout.isTTY && env.NODE_ENV !== "production") {
    return {
      level,
      transport: {
        target: "pino-pretty",
        options: { translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" },
      },
    };
  }
  return { level };
}
