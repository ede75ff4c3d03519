/**
 * `avance backup FILE` and `avance restore FILE`, for PGlite and PostgreSQL alike (the database
 * of DATABASE_URL, else the embedded one). While `avance serve` runs on the embedded database,
 * its data is locked: `--server URL --token avk_…` takes the backup through that server.
 */
import type { Command } from "commander";
import { openDatabase, optionsFromEnv } from "../db/connection.js";
import { AppError } from "../domain/errors.js";
import { backupFromServer } from "../services/backup/back-up-from-server.js";
import { backupToFile } from "../services/backup/back-up-to-file.js";
import { restoreFromFile } from "../services/backup/restore-from-file.js";

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export function registerBackupCommands(program: Command): void {
  program
    .command("backup <archivo>")
    .description(
      "copia de seguridad de toda la base (una instantánea coherente, aunque el servidor esté en marcha)",
    )
    .option("--server <url>", "tomarla a través de un servidor en marcha (p. ej. http://localhost:3000)")
    .option("--token <token>", "token de API de un super-admin para --server (o la variable AVANCE_TOKEN)")
    .action(async (file: string, options: { server?: string; token?: string }) => {
      const token = options.token ?? process.env.AVANCE_TOKEN;
      if (options.server) {
        if (!token)
          throw new AppError(
            "validation",
            "--server necesita --token avk_… (un token de API de super-admin).",
            "token",
            { code: "token_required" },
          );
        const { bytes } = await backupFromServer(options.server, token, file);
        console.log(`Copia guardada en ${file} (${megabytes(bytes)}), tomada a través de ${options.server}.`);
        return;
      }
      const database = await openDatabase(optionsFromEnv()).catch((error: unknown) => {
        if (error instanceof AppError && error.code === "database_locked") {
          throw error.restated(
            `${error.message}\nPara copiar sin detenerlo, tome la copia a través del servidor con un token de API de super-admin:\n` +
              `  avance backup ${file} --server http://localhost:3000 --token avk_…`,
          );
        }
        throw error;
      });
      try {
        const summary = await backupToFile(database, file);
        console.log(
          `Copia guardada en ${file}: ${summary.rows} filas de ${summary.tables} tablas (${megabytes(summary.bytes)}).`,
        );
      } finally {
        await database.close();
      }
    });

  program
    .command("restore <archivo>")
    .description("restaura una copia de «avance backup» en una base vacía (PGlite o la de DATABASE_URL)")
    .action(async (file: string) => {
      const database = await openDatabase(optionsFromEnv());
      try {
        const restored = await restoreFromFile(database.db, file);
        console.log(
          `Base ${database.kind} restaurada desde ${file} (copia de ${restored.header.engine} del ${restored.header.createdAt}): ` +
            `${restored.rows} filas en ${restored.tables} tablas.`,
        );
      } finally {
        await database.close();
      }
    });
}
