/**
 * Import previews waiting for their commit, in this process's memory, under a byte budget: a
 * preview of a large document weighs hundreds of megabytes (a 24 MiB CSV of 469,831 rows: about
 * 350 MB), and eleven of them put the server out of memory. A preview counts its estimated
 * size; documents being read count what reading them may take. Past the budget the oldest
 * previews go; a preview bigger than the whole budget is refused (413), and a document that
 * cannot be read while others are being read is refused for now (503).
 *
 * A token commits once: `claim` marks it synchronously, before any await, so of simultaneous
 * commits one imports and the others get a 409. An imported preview stays as a tombstone (its
 * owner, not its data) until its time is up, so a late commit hears «ya se importó», not 404.
 */
import { randomBytes } from "node:crypto";
import { AppError, notFound } from "../../domain/errors.js";
import type { Preview } from "./preview-document.js";

export type PreviewOwner = { fileName: string; institutionId: string; userId: string };

export type StoredPreview = PreviewOwner & { preview: Preview };

type Entry = PreviewOwner & {
  /** Dropped once imported: the tombstone keeps only who it was. */
  preview: Preview | undefined;
  bytes: number;
  expiresAt: number;
  state: "ready" | "importing" | "imported";
};

export type PreviewStoreOptions = { budgetBytes: number; ttlMs?: number; now?: () => number };

export const DEFAULT_IMPORT_MEMORY_MB = 256;
const MB = 1024 * 1024;
const TTL_MS = 30 * 60 * 1000;
/** What a tombstone (an entry with no preview) costs: its token, names and ids. */
const TOMBSTONE_BYTES = 512;

/**
 * Memory a document takes while it is read, at its peak (the process's RSS, `npm run bench
 * import-memory`): text about 2.4 KB a line (100,000 activities: 193 MB; 199,000 short CSV rows:
 * 461 MB) and never less than 16 times its bytes (long lines, HTML); an xlsx 34 times its bytes
 * (100,000 activities: 11 MB read in 374 MB; a zip expands). Reads in flight reserve this much,
 * at most the whole budget: such a read runs alone.
 */
const READ = { line: 2400, textByte: 16, zipByte: 34 };

const previewGone = () =>
  notFound("La vista previa no existe o caducó; vuelva a subir el archivo.", { code: "preview_gone" });

export class ImportPreviews {
  readonly budgetBytes: number;
  private readonly ttlMs: number;
  private readonly now: () => number;
  /** In insertion order: the first ones are the oldest. */
  private readonly entries = new Map<string, Entry>();
  private reading = 0;

  constructor({ budgetBytes, ttlMs = TTL_MS, now = Date.now }: PreviewStoreOptions) {
    this.budgetBytes = budgetBytes;
    this.ttlMs = ttlMs;
    this.now = now;
  }

  /**
   * Room to read a document of these bytes into a preview; call the answer once the read is
   * over, whatever its outcome. 503 while other reads and commits hold the budget.
   */
  startReading(bytes: Uint8Array): () => void {
    const need = Math.min(this.budgetBytes, readBytes(bytes));
    this.makeRoom(need);
    this.reading += need;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.reading -= need;
    };
  }

  /** Keeps a preview for its commit; answers its token. */
  put(owner: PreviewOwner, preview: Preview): string {
    const bytes = previewBytes(preview);
    if (bytes > this.budgetBytes) {
      throw new AppError(
        "payload_too_large",
        `${owner.fileName}: la vista previa ocupa unos ${megabytes(bytes)} MB de memoria, más que los ` +
          `${megabytes(this.budgetBytes)} MB que el servidor reserva para importar (AVANCE_IMPORT_MEMORY_MB). ` +
          "Divida el documento o pida al administrador que amplíe ese límite.",
        undefined,
        {
          code: "preview_too_large",
          params: { file: owner.fileName, megabytes: megabytes(bytes), budget: megabytes(this.budgetBytes) },
        },
      );
    }
    this.makeRoom(bytes);
    const token = randomBytes(24).toString("base64url");
    this.entries.set(token, {
      ...owner,
      preview,
      bytes,
      expiresAt: this.now() + this.ttlMs,
      state: "ready",
    });
    return token;
  }

  /**
   * The preview of this token for its commit, marked as being imported: until `release` or
   * `imported`, every other claim is a 409. Someone else's preview is as unknown as an expired one.
   */
  claim(token: string, userId: string): StoredPreview {
    this.sweep();
    const entry = this.entries.get(token);
    if (!entry || entry.userId !== userId) throw previewGone();
    if (entry.state === "importing") {
      throw new AppError(
        "conflict",
        `${entry.fileName}: esta vista previa ya se está importando en otra solicitud; espere su resultado.`,
        undefined,
        { code: "preview_importing", params: { file: entry.fileName } },
      );
    }
    if (entry.state === "imported" || !entry.preview) {
      throw new AppError(
        "conflict",
        `${entry.fileName}: esta vista previa ya se importó; para importar el archivo otra vez, vuelva a subirlo.`,
        undefined,
        { code: "preview_imported", params: { file: entry.fileName } },
      );
    }
    entry.state = "importing";
    const { fileName, institutionId, preview } = entry;
    return { fileName, institutionId, userId, preview };
  }

  /** A commit that failed: the preview can be committed again. */
  release(token: string): void {
    const entry = this.entries.get(token);
    if (entry?.state === "importing") entry.state = "ready";
  }

  /** A commit that succeeded: the preview's memory goes, its token stays used until its time is up. */
  imported(token: string): void {
    const entry = this.entries.get(token);
    if (!entry) return;
    entry.state = "imported";
    entry.preview = undefined;
    entry.bytes = TOMBSTONE_BYTES;
  }

  /** Bytes held: previews and tombstones, and reads in flight. */
  get usedBytes(): number {
    let used = this.reading;
    for (const entry of this.entries.values()) used += entry.bytes;
    return used;
  }

  /**
   * Evicts the oldest previews (of anyone) until `bytes` more fit in the budget. Previews being
   * imported and reads in flight cannot go: when they alone leave no room, nothing is evicted.
   */
  private makeRoom(bytes: number) {
    this.sweep();
    let held = this.reading;
    for (const entry of this.entries.values()) if (entry.state === "importing") held += entry.bytes;
    if (held + bytes > this.budgetBytes) {
      throw new AppError(
        "server_busy",
        "El servidor está leyendo otros documentos; vuelva a intentarlo en unos minutos.",
        undefined,
        { code: "server_busy" },
      );
    }
    let used = this.usedBytes;
    for (const [token, entry] of this.entries) {
      if (used + bytes <= this.budgetBytes) break;
      if (entry.state === "importing") continue;
      this.entries.delete(token);
      used -= entry.bytes;
    }
  }

  private sweep() {
    const now = this.now();
    for (const [token, entry] of this.entries) {
      if (entry.expiresAt < now && entry.state !== "importing") this.entries.delete(token);
    }
  }
}

const megabytes = (bytes: number) =>
  (bytes / MB).toLocaleString("es-PE", { maximumFractionDigits: bytes < 10 * MB ? 1 : 0 });

/** What reading these bytes may take at its peak: a zip (xlsx) expands more than text. */
export function readBytes(bytes: Uint8Array): number {
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return bytes.length * READ.zipByte;
  return Math.max(bytes.length * READ.textByte, lineCount(bytes) * READ.line);
}

function lineCount(bytes: Uint8Array): number {
  let lines = 1;
  for (let at = bytes.indexOf(0x0a); at !== -1; at = bytes.indexOf(0x0a, at + 1)) lines++;
  return lines;
}

/**
 * The heap a preview holds, estimated by walking it with V8's sizes on 64 bits (an object's
 * header and a slot per property, an array's slots, a string's characters) and a measured
 * factor for what the walk cannot see (objects' spare slots, the strings' own structures).
 * Against the heap a stored preview really retains (`npm run bench import-memory`): seed 004
 * 85 KB, 100,000 activities 92 MB as text and 84 MB as xlsx, 199,000 short CSV rows 145 MB,
 * each estimated at 0.97 to 1.17 times that.
 */
export function previewBytes(preview: Preview): number {
  return Math.ceil(UNSEEN * (walk(preview.draft) + walk(preview.problems) + walk(preview.summary)));
}

/**
 * Recursive: a draft is a few levels deep. A long array (a large plan's activities or problems)
 * is weighed by an even sample of its items: 100,000 activities in a few milliseconds.
 */
function walk(value: unknown): number {
  if (typeof value === "string") return STRING_HEADER + (WIDE.test(value) ? 2 : 1) * value.length;
  if (typeof value === "number") return Number.isInteger(value) ? 0 : HEAP_NUMBER;
  if (value === null || typeof value !== "object") return 0;
  if (Array.isArray(value)) {
    const step = Math.max(1, Math.floor(value.length / SAMPLE));
    let items = 0;
    let sampled = 0;
    for (let i = 0; i < value.length; i += step, sampled++) items += walk(value[i]);
    return ARRAY_HEADER + SLOT * value.length + (sampled ? (items * value.length) / sampled : 0);
  }
  let bytes = OBJECT_HEADER;
  for (const key in value) bytes += SLOT + walk((value as Record<string, unknown>)[key]);
  return bytes;
}

/** Items of an array walked at most (about): past it, every n-th. */
const SAMPLE = 5000;
/** Retained heap over the walk's count: 1.06 (xlsx) to 1.28 (seed 004), measured. */
const UNSEEN = 1.25;
const SLOT = 8;
const OBJECT_HEADER = 24;
/** The JSArray and the header of its backing store. */
const ARRAY_HEADER = 48;
const STRING_HEADER = 16;
const HEAP_NUMBER = 16;

/** Latin-1 strings take a byte a character in V8, others two. */
const WIDE = /[\u0100-\uffff]/;
