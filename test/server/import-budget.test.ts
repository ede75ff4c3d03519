/**
 * Import previews under a memory budget: the oldest previews go when a new one needs room, a
 * preview bigger than the whole budget is refused (413), a read that finds the budget held by
 * other reads is refused for now (503), and a token commits once. Counted in bytes, not timed.
 */
import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { poiText } from "../../bench/generate-poi.js";
import { AppError } from "../../src/domain/errors.js";
import { importMemoryMb } from "../../src/server/serve.js";
import { ImportPreviews, previewBytes, readBytes } from "../../src/services/imports/import-previews.js";
import { type Preview, previewDocument } from "../../src/services/imports/preview-document.js";
import { setUpPlanner, setUpTestServer } from "../helpers/server.js";

const seed = new Uint8Array(readFileSync("samples/004_72e0f0e913d1a590.txt"));
const MB = 1024 * 1024;

let seedPreview: Preview;
beforeAll(async () => {
  seedPreview = await previewDocument({ fileName: "004.txt", bytes: seed });
});

const owner = (userId = "u1") => ({ fileName: "004.txt", institutionId: "i1", userId });

/** The error a call throws, to assert on its code and Spanish text. */
function thrown(call: () => unknown): AppError {
  try {
    call();
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error("no error thrown");
}

describe("the preview store", () => {
  it("estimates seed 004's preview at tens of kilobytes, and 5,000 activities at megabytes", async () => {
    // Measured retained heap: 85 KB (bench/import-memory.ts); the estimate must be of that order.
    expect(previewBytes(seedPreview)).toBeGreaterThan(50 * 1024);
    expect(previewBytes(seedPreview)).toBeLessThan(200 * 1024);
    const large = await previewDocument({
      fileName: "poi.txt",
      bytes: new TextEncoder().encode(poiText(5000)),
    });
    expect(previewBytes(large) / 5000).toBeGreaterThan(600);
  });

  it("evicts the oldest previews, of anyone, to make room for a new one", () => {
    const size = previewBytes(seedPreview);
    const store = new ImportPreviews({ budgetBytes: 3 * size + 100 });
    const tokens = ["a", "b", "c", "d"].map((user) => store.put(owner(user), seedPreview));
    expect(thrown(() => store.claim(tokens[0] as string, "a"))).toMatchObject({
      code: "not_found",
      message: "La vista previa no existe o caducó; vuelva a subir el archivo.",
    });
    expect(store.claim(tokens[1] as string, "b").preview).toBe(seedPreview);
    expect(store.usedBytes).toBeLessThanOrEqual(store.budgetBytes);
  });

  it("never evicts a preview being imported; refuses for now when those fill the budget", () => {
    const size = previewBytes(seedPreview);
    const store = new ImportPreviews({ budgetBytes: 2 * size + 100 });
    const first = store.put(owner(), seedPreview);
    const second = store.put(owner(), seedPreview);
    store.claim(first, "u1");
    store.claim(second, "u1");
    expect(thrown(() => store.put(owner(), seedPreview))).toMatchObject({
      code: "server_busy",
      message: "El servidor está leyendo otros documentos; vuelva a intentarlo en unos minutos.",
    });
    // Once imported, a preview's memory is free: its tombstone is all that stays.
    store.imported(first);
    expect(thrown(() => store.claim(first, "u1"))).toMatchObject({
      code: "conflict",
      message:
        "004.txt: esta vista previa ya se importó; para importar el archivo otra vez, vuelva a subirlo.",
    });
    expect(store.put(owner(), seedPreview)).toEqual(expect.any(String));
  });

  it("counts reads in flight: past the budget the next read is refused with 503 until one ends", () => {
    // A 24 MiB document: eleven of them read at once put the server out of memory.
    const document = new Uint8Array(24 * MB);
    const store = new ImportPreviews({ budgetBytes: 256 * MB });
    expect(readBytes(document)).toBeGreaterThan(256 * MB);
    const reads = [store.startReading(document)];
    const refused = thrown(() => store.startReading(document));
    expect(refused).toMatchObject({
      code: "server_busy",
      message: "El servidor está leyendo otros documentos; vuelva a intentarlo en unos minutos.",
    });
    expect(thrown(() => store.startReading(seed)).code).toBe("server_busy");
    (reads[0] as () => void)();
    // Released once, whatever how many times it is called.
    (reads[0] as () => void)();
    expect(store.usedBytes).toBe(0);
    const small = Array.from({ length: 5 }, () => store.startReading(seed));
    expect(store.usedBytes).toBe(5 * readBytes(seed));
    for (const done of small) done();
    expect(store.usedBytes).toBe(0);
  });

  it("a failed commit releases its claim; a second simultaneous claim is a 409", () => {
    const store = new ImportPreviews({ budgetBytes: MB });
    const token = store.put(owner(), seedPreview);
    store.claim(token, "u1");
    expect(thrown(() => store.claim(token, "u1"))).toMatchObject({
      code: "conflict",
      message: "004.txt: esta vista previa ya se está importando en otra solicitud; espere su resultado.",
    });
    store.release(token);
    expect(store.claim(token, "u1").fileName).toBe("004.txt");
    // Someone else's token is as unknown as an expired one.
    store.release(token);
    expect(thrown(() => store.claim(token, "u2")).code).toBe("not_found");
  });

  it("forgets previews and tombstones when their time is up", () => {
    let now = 0;
    const store = new ImportPreviews({ budgetBytes: MB, ttlMs: 1000, now: () => now });
    const token = store.put(owner(), seedPreview);
    const used = store.put(owner(), seedPreview);
    store.claim(used, "u1");
    store.imported(used);
    now = 1001;
    expect(thrown(() => store.claim(token, "u1")).code).toBe("not_found");
    expect(thrown(() => store.claim(used, "u1")).code).toBe("not_found");
    expect(store.usedBytes).toBe(0);
  });

  it("reads AVANCE_IMPORT_MEMORY_MB, 256 by default, and refuses what is not a size", () => {
    expect(importMemoryMb({})).toBe(256);
    expect(importMemoryMb({ AVANCE_IMPORT_MEMORY_MB: "512" })).toBe(512);
    expect(thrown(() => importMemoryMb({ AVANCE_IMPORT_MEMORY_MB: "mucho" })).message).toBe(
      "AVANCE_IMPORT_MEMORY_MB debe ser un número de megabytes mayor que 0 (por ejemplo 256), no «mucho».",
    );
    expect(thrown(() => importMemoryMb({ AVANCE_IMPORT_MEMORY_MB: "0" })).code).toBe("validation");
  });
});

describe("the import API under a 1 MB budget", () => {
  const server = setUpTestServer({ app: { importMemoryMb: 1 } });
  const sat = setUpPlanner(server, "SAT Piura");

  const preview = (bytes: Uint8Array, fileName = "004.txt") =>
    server.app.inject({
      method: "POST",
      url: `/api/imports?institutionId=${sat.institution.id}&fileName=${fileName}`,
      payload: Buffer.from(bytes),
      headers: { "content-type": "text/plain", ...sat.planner.headers },
      cookies: sat.planner.cookies,
    });
  const commit = (token: string) =>
    server.app.inject({
      method: "POST",
      url: `/api/imports/${token}/commit`,
      payload: {},
      headers: sat.planner.headers,
      cookies: sat.planner.cookies,
    });

  it("evicts the oldest preview: its commit answers 404 «caducó», the newest imports", async () => {
    // 20 previews of seed 004 (about 85 KB each) do not fit in 1 MB together.
    const tokens: string[] = [];
    for (let n = 0; n < 20; n++) {
      const response = await preview(seed);
      expect(response.statusCode).toBe(200);
      tokens.push(response.json().token);
    }
    const oldest = await commit(tokens[0] as string);
    expect(oldest.statusCode).toBe(404);
    expect(oldest.json().detail).toBe("La vista previa no existe o caducó; vuelva a subir el archivo.");
    const newest = await commit(tokens.at(-1) as string);
    expect(newest.statusCode).toBe(200);
    expect(newest.json()).toMatchObject({ status: "imported", activities: { created: 78 } });
  });

  it("refuses a preview bigger than the whole budget with 413, naming the file and the budget", async () => {
    const response = await preview(new TextEncoder().encode(poiText(5000)), "poi-5000.txt");
    expect(response.statusCode).toBe(413);
    expect(response.json().detail).toMatch(
      /^poi-5000\.txt: la vista previa ocupa unos [\d.]+ MB de memoria, más que los 1 MB que el servidor reserva para importar \(AVANCE_IMPORT_MEMORY_MB\)\. Divida el documento o pida al administrador que amplíe ese límite\.$/,
    );
    // The refusal left room for the next one.
    expect((await preview(seed)).statusCode).toBe(200);
  });
});
