/**
 * PGlite is one process's database: a second process opening the same directory would corrupt
 * it. A lock file with the owner's PID keeps `avance` commands from running beside a server.
 */
import { open, readFile, rm } from "node:fs/promises";
import { join } from "node:path";
import { AppError } from "../domain/errors.js";

export type DataDirLock = { release(): Promise<void> };

export async function acquireDataDirLock(dataRoot: string): Promise<DataDirLock> {
  const path = join(dataRoot, "avance.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(path, "wx");
      await handle.writeFile(String(process.pid));
      await handle.close();
      return { release: () => rm(path, { force: true }) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number((await readFile(path, "utf8").catch(() => "")).trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new AppError(
          "database_locked",
          `La base de datos embebida en ${dataRoot} está en uso por el proceso ${owner} (¿hay un "avance serve" en marcha?). ` +
            "Deténgalo antes, o use PostgreSQL (DATABASE_URL) para trabajar con varios procesos.",
          undefined,
          { code: "database_locked", params: { process: owner } },
        );
      }
      // The owner died without cleaning up: the lock is stale.
      await rm(path, { force: true });
    }
  }
  throw new AppError("database_locked", `No se pudo bloquear ${path}.`, undefined, {
    code: "database_locked",
  });
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}
