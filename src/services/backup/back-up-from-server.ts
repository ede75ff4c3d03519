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
      { code: "invalid_server_address", params: { server } },
    );
  }
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } }).catch(
    (error: Error) => {
      throw new AppError(
        "database_unreachable",
        `No se pudo conectar con ${url.origin}: ${error.message}`,
        undefined,
        {
          code: "server_unreachable",
          params: { server: url.origin },
        },
      );
    },
  );
  if (!response.ok || !response.body) {
    const problem = (await response.json().catch(() => ({}))) as { detail?: string };
    const message = `El servidor rechazó la copia (${response.status}): ${problem.detail ?? response.statusText}`;
    if (response.status === 401)
      throw new AppError("unauthorized", message, undefined, { code: "invalid_api_token" });
    if (response.status === 403) throw new AppError("forbidden", message, undefined, { code: "forbidden" });
    throw new AppError("database_unreachable", message, undefined, {
      code: "backup_refused",
      params: { status: response.status },
    });
  }
  const body = Readable.fromWeb(response.body as ReadableStream);
  return { bytes: await writeAtomically(file, body) };
}
