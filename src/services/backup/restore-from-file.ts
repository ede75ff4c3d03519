import { once } from "node:events";
import { createReadStream } from "node:fs";
import { createGunzip } from "node:zlib";
import {
  BACKUP_VERSION,
  type BackupDamage,
  type BackupHeader,
  type BackupProblem,
  BackupRefused,
  type BackupSummary,
  restoreBackup,
} from "../../db/backup.js";
import type { Db } from "../../db/connection.js";
import { AppError } from "../../domain/errors.js";

/** `avance restore FILE`: an `avance backup` file into an empty database (PGlite or PostgreSQL). */
export async function restoreFromFile(
  db: Db,
  file: string,
): Promise<BackupSummary & { header: BackupHeader }> {
  const input = createReadStream(file);
  await once(input, "open").catch(() => {
    throw new AppError("not_found", `No se puede leer el archivo ${file}.`, undefined, {
      code: "file_unreadable",
      params: { file },
    });
  });
  const gunzip = createGunzip();
  input.on("error", (error) => gunzip.destroy(error));
  // Errors reach the restore through its line reader; this keeps a late one from going unhandled.
  gunzip.on("error", () => undefined);
  input.pipe(gunzip);
  try {
    return await restoreBackup(db, gunzip).catch((error: unknown) => {
      throw error instanceof BackupRefused ? refusal(error.problem) : error;
    });
  } finally {
    input.destroy();
    gunzip.destroy();
  }
}

function refusal(problem: BackupProblem): AppError {
  switch (problem.kind) {
    case "not_empty":
      return new AppError(
        "conflict",
        `La base de datos de destino no está vacía (la tabla ${problem.table} tiene filas): restaure en una base nueva y vacía. No se cambió nada.`,
        undefined,
        { code: "restore_target_not_empty", params: { table: problem.table } },
      );
    case "not_a_backup":
      return new AppError(
        "validation",
        "El archivo no es una copia de seguridad de Avance (hecha con «avance backup»): no se restauró nada.",
        undefined,
        { code: "not_a_backup" },
      );
    case "format_version":
      return new AppError(
        "validation",
        `La copia usa la versión ${problem.version} del formato y esta versión de Avance lee la ${BACKUP_VERSION}: actualice Avance.`,
        undefined,
        {
          code: "backup_format_version",
          params: { version: String(problem.version), supported: BACKUP_VERSION },
        },
      );
    case "newer_migration":
      return new AppError(
        "validation",
        `La copia viene de una versión más nueva de Avance (migración ${problem.migration}; esta llega a ${problem.known}): actualice Avance antes de restaurarla.`,
        undefined,
        { code: "backup_newer_migration", params: { migration: problem.migration, known: problem.known } },
      );
    case "damaged":
      return new AppError(
        "validation",
        `La copia de seguridad está dañada o incompleta (${damage(problem.damage)}): no se restauró nada.`,
        undefined,
        { code: "backup_damaged" },
      );
  }
}

function damage(found: BackupDamage): string {
  switch (found.what) {
    case "after_end":
      return `hay datos después del final, línea ${found.line}`;
    case "not_json":
      return `la línea ${found.line} no es JSON`;
    case "row_without_table":
      return `fila sin tabla en la línea ${found.line}`;
    case "value_count":
      return `la línea ${found.line} no tiene ${found.expected} valores`;
    case "unknown_line":
      return `línea ${found.line} desconocida`;
    case "unreadable_gzip":
      return "el archivo comprimido no se puede leer";
    case "empty":
      return "el archivo está vacío";
    case "truncated":
      return "falta el final del archivo: se cortó";
    case "row_count":
      return `la tabla ${found.table} debía tener ${found.expected} filas y tiene ${found.found}`;
    case "unknown_table":
      return `tabla desconocida «${found.table}»`;
    case "unknown_column":
      return `columna desconocida «${found.column}» en ${found.table}`;
  }
}
