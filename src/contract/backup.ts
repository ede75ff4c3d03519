/** `GET /api/backup`: the whole database as the file `avance backup` writes and `avance restore` reads. */
import { z } from "zod";

/** Unknown, not a string: the server streams the file's bytes, which are no text. */
export const BackupFile = z.unknown().describe("Gzip-compressed JSON lines: every table of the database");
