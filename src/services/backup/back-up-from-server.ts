import { Readable } from "node:stream";
import type { ReadableStream } from "node:stream/web";
import { AppError } from "../../domain/errors.js";
import { writeAtomically } from "./backup-files.js";

/**
 * `avance backup FILE --server URL --token avk_…`: the backup taken through a running server
 * (`GET /api/backup`), for when the embedded data is locked by that server.
 */
export async function backupFromServer(
  server: string,
  token: string,
  file: string,
): Promise<{ bytes: number }> {
  let url: URL;
  try {
    url = new URL("/api/backup", server);
  } catch {
    throw new AppError(
      "validation",
      `--server debe ser una dirección como http://localhost:3000 (recibido «${server}»).`,
      "server",
    );
  }
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(
    (error: Error) => {
      throw new AppError("database_unreachable", `No se pudo conectar con ${url.origin}: ${error.message}`);
    },
  );
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    throw new AppError(
      response.status === 401
        ? "unauthorized"
        : response.status === 403
          ? "forbidden"
          : "database_unreachable",
      `El servidor rechazó la copia (${response.status}): ${problem.detail ?? response.statusText}`,
    );
  }
  const body = Readable.fromWeb(response.body as ReadableStream);
  return { bytes: await writeAtomically(file, body) };
}
