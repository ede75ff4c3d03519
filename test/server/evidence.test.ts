import { and, eq } from "drizzle-orm";
import ExcelJS from "exceljs";
import { beforeAll, describe, expect, it } from "vitest";
import { auditLog, closedMonths, evidenceFiles } from "../../src/db/schema.js";
import { sanitizeFileName } from "../../src/services/evidence/evidence-file.js";
import { buildExecutionWorld, call, type ExecutionWorld } from "../helpers/execution-world.js";
import { type Client, setUpTestServer } from "../helpers/server.js";

const server = setUpTestServer();
let world: ExecutionWorld;

beforeAll(async () => {
  world = await buildExecutionWorld(server.app, server.database.db);
});

const PDF = Buffer.from(
  "%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n",
);
const PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==",
  "base64",
);
const HTML = Buffer.from("<html><body><script>alert('hola')</script></body></html>");

const upload = (month: number) => `${world.base}/activities/${world.activity.id}/execution/${month}/evidence`;

function send(client: Client | undefined, month: number, bytes: Buffer, fileName: string, type: string) {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(bytes)], { type }), fileName);
  return server.app.inject({
    method: "POST",
    url: upload(month),
    payload: form,
    headers: client?.headers ?? {},
    cookies: client?.cookies ?? {},
  });
}

async function storedFiles() {
  return server.database.db
    .select({ id: evidenceFiles.id, fileName: evidenceFiles.fileName, month: evidenceFiles.month })
    .from(evidenceFiles)
    .where(eq(evidenceFiles.institutionId, world.institution.id))
    .orderBy(evidenceFiles.uploadedAt);
}

describe("file names", () => {
  it("drops directories and control characters, keeps accents, cuts at 120 keeping the extension", () => {
    expect(sanitizeFileName("../../etc/passwd.txt")).toBe("passwd.txt");
    expect(sanitizeFileName("C:\\Users\\ana\\Informe de gestión – abril.pdf")).toBe(
      "Informe de gestión – abril.pdf",
    );
    expect(sanitizeFileName("acta\u0000\u0007 de\u202Efdp.exe")).toBe("acta defdp.exe");
    expect(sanitizeFileName("...oculto.csv")).toBe("oculto.csv");
    expect(sanitizeFileName("///")).toBe("evidencia");
    const long = sanitizeFileName(`${"Ñ".repeat(200)}.pdf`);
    expect(long).toHaveLength(120);
    expect(long.endsWith("Ñ.pdf")).toBe(true);
  });
});

describe("evidence upload", () => {
  it("stores a PDF for the unit's editor, lists it with the month, serves it only as a download", async () => {
    const response = await send(
      world.clients.editor,
      1,
      PDF,
      "Informe de gestión enero.pdf",
      "application/pdf",
    );
    expect(response.statusCode).toBe(201);
    const stored = response.json();
    expect(stored).toMatchObject({
      month: 1,
      fileName: "Informe de gestión enero.pdf",
      size: PDF.length,
      contentType: "application/pdf",
    });
    const months = (
      await call(
        server.app,
        world.clients.viewer,
        "GET",
        `${world.base}/activities/${world.activity.id}/execution`,
      )
    ).json().months;
    expect(months[0].evidence).toEqual([
      {
        id: stored.id,
        fileName: "Informe de gestión enero.pdf",
        size: PDF.length,
        contentType: "application/pdf",
      },
    ]);
    const [record] = await server.database.db.select().from(auditLog).where(eq(auditLog.entityId, stored.id));
    expect(record).toMatchObject({
      action: "upload",
      entity: "evidence",
      userId: world.clients.editor.userId,
      after: { fileName: "Informe de gestión enero.pdf", size: PDF.length, month: 1 },
    });

    const download = await call(
      server.app,
      world.clients.viewer,
      "GET",
      `${world.base}/evidence/${stored.id}`,
    );
    expect(download.statusCode).toBe(200);
    expect(download.headers["content-type"]).toBe("application/pdf");
    expect(download.headers["x-content-type-options"]).toBe("nosniff");
    expect(download.headers["content-disposition"]).toBe(
      `attachment; filename="Informe de gestion enero.pdf"; filename*=UTF-8''Informe%20de%20gesti%C3%B3n%20enero.pdf`,
    );
    expect(download.rawPayload.equals(PDF)).toBe(true);

    expect((await call(server.app, undefined, "GET", `${world.base}/evidence/${stored.id}`)).statusCode).toBe(
      401,
    );
    expect(
      (await call(server.app, world.clients.stranger, "GET", `${world.base}/evidence/${stored.id}`))
        .statusCode,
    ).toBe(404);
    const crossed = await call(
      server.app,
      world.clients.stranger,
      "GET",
      `/api/institutions/${world.other.id}/evidence/${stored.id}`,
    );
    expect(crossed.statusCode).toBe(404);
  });

  it("accepts PNG, XLSX and CSV whose content is what they say", async () => {
    const workbook = new ExcelJS.Workbook();
    workbook.addWorksheet("Enero").addRow(["Expedientes", 7]);
    const xlsx = Buffer.from(await workbook.xlsx.writeBuffer());
    const cases = [
      [PNG, "foto.png", "image/png", "image/png"],
      [
        xlsx,
        "detalle.xlsx",
        "application/octet-stream",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      ],
      [Buffer.from("mes;valor\nenero;7\n"), "resumen.csv", "text/csv", "text/csv"],
    ] as const;
    for (const [bytes, name, declared, stored] of cases) {
      const response = await send(world.clients.editor, 2, bytes, name, declared);
      expect(response.statusCode, name).toBe(201);
      expect(response.json().contentType, name).toBe(stored);
    }
  });

  it("refuses a lying content type, an unknown type and an empty file, storing nothing", async () => {
    const before = (await storedFiles()).length;
    const html = await send(world.clients.editor, 3, HTML, "informe.pdf", "application/pdf");
    expect(html.statusCode).toBe(400);
    expect(html.json()).toMatchObject({ field: "file" });
    expect(html.json().detail).toBe(
      "El archivo «informe.pdf» dice ser PDF pero su contenido es texto o un formato no reconocido.",
    );
    const png = await send(world.clients.editor, 3, PNG, "acta.pdf", "application/pdf");
    expect(png.json().detail).toBe("El archivo «acta.pdf» dice ser PDF pero su contenido es PNG.");
    const pdfAsText = await send(world.clients.editor, 3, PDF, "datos.csv", "text/csv");
    expect(pdfAsText.json().detail).toBe("El archivo «datos.csv» dice ser CSV pero su contenido es PDF.");
    const declared = await send(world.clients.editor, 3, PDF, "acta.pdf", "text/html");
    expect(declared.json().detail).toBe("El archivo «acta.pdf» dice ser PDF pero se envió como text/html.");
    const exe = await send(
      world.clients.editor,
      3,
      Buffer.from("MZ\u0090\u0000"),
      "programa.exe",
      "application/octet-stream",
    );
    expect(exe.statusCode).toBe(400);
    expect(exe.json().detail).toContain("no es de un tipo admitido (.exe)");
    const empty = await send(world.clients.editor, 3, Buffer.alloc(0), "vacío.pdf", "application/pdf");
    expect(empty.json()).toMatchObject({ status: 400, detail: "El archivo está vacío." });
    expect(await storedFiles()).toHaveLength(before);
  });

  it("takes exactly one file, in the field «file»", async () => {
    const before = (await storedFiles()).length;
    const post = (form: FormData) =>
      server.app.inject({
        method: "POST",
        url: upload(3),
        payload: form,
        headers: world.clients.editor.headers,
        cookies: world.clients.editor.cookies,
      });
    const pdf = () => new Blob([new Uint8Array(PDF)], { type: "application/pdf" });
    const withField = new FormData();
    withField.append("nota", "hola");
    withField.append("file", pdf(), "a.pdf");
    const otherName = new FormData();
    otherName.append("documento", pdf(), "a.pdf");
    // A second file, or a field after the file, was once dropped unread and the first file stored.
    const two = new FormData();
    two.append("file", pdf(), "a.pdf");
    two.append("file", pdf(), "b.pdf");
    const fieldAfter = new FormData();
    fieldAfter.append("file", pdf(), "a.pdf");
    fieldAfter.append("nota", "hola");
    for (const form of [withField, otherName, two, fieldAfter]) {
      const response = await post(form);
      expect(response.statusCode).toBe(400);
      expect(response.json()).toMatchObject({ field: "file" });
      expect(response.json().detail).toBe(
        "Envíe un solo archivo, en el campo «file» de un formulario multipart/form-data, sin otros campos.",
      );
    }
    expect(await storedFiles()).toHaveLength(before);
    const notMultipart = await call(server.app, world.clients.editor, "POST", upload(3), { file: "a.pdf" });
    expect(notMultipart.json()).toMatchObject({ status: 400, field: "file" });
  });

  it("refuses files over 10 MB with 413", async () => {
    const before = (await storedFiles()).length;
    const big = Buffer.concat([PDF, Buffer.alloc(10 * 1024 * 1024)]);
    const response = await send(world.clients.editor, 3, big, "grande.pdf", "application/pdf");
    expect(response.statusCode).toBe(413);
    expect(response.json().detail).toBe("El archivo supera el máximo de 10 MB.");
    expect(await storedFiles()).toHaveLength(before);
  });

  it("answers 401, 404 and 403 as the rule says, and 409 in a closed month", async () => {
    const before = (await storedFiles()).length;
    expect((await send(undefined, 3, PDF, "a.pdf", "application/pdf")).statusCode).toBe(401);
    expect((await send(world.clients.stranger, 3, PDF, "a.pdf", "application/pdf")).statusCode).toBe(404);
    for (const role of ["viewer", "otherEditor", "planner"] as const) {
      expect((await send(world.clients[role], 3, PDF, "a.pdf", "application/pdf")).statusCode, role).toBe(
        403,
      );
    }
    await server.database.db
      .insert(closedMonths)
      .values({ institutionId: world.institution.id, planId: world.plan.id, month: 12 });
    const closed = await send(world.clients.editor, 12, PDF, "a.pdf", "application/pdf");
    expect(closed.statusCode).toBe(409);
    expect(closed.json().detail).toBe("El mes de diciembre está cerrado: pida reabrirlo.");
    expect(await storedFiles()).toHaveLength(before);
  });
});

describe("evidence removal", () => {
  it("lets the uploader or a planner remove it while the month is open, audited", async () => {
    const [first, second] = await storedFiles();
    const remove = (client: Client, id: string) =>
      call(server.app, client, "DELETE", `${world.base}/evidence/${id}`);
    expect((await remove(world.clients.otherEditor, first?.id as string)).statusCode).toBe(403);
    expect((await remove(world.clients.viewer, first?.id as string)).statusCode).toBe(403);
    expect((await remove(world.clients.stranger, first?.id as string)).statusCode).toBe(404);

    expect((await remove(world.clients.editor, first?.id as string)).statusCode).toBe(204);
    expect((await remove(world.clients.planner, second?.id as string)).statusCode).toBe(204);
    const left = (await storedFiles()).map((file) => file.id);
    expect(left).not.toContain(first?.id);
    expect(left).not.toContain(second?.id);
    const [record] = await server.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.entityId, second?.id as string), eq(auditLog.action, "delete")));
    expect(record).toMatchObject({ userId: world.clients.planner.userId, before: { month: second?.month } });

    // Month 2 closes (January first): its files stay.
    const [third] = await storedFiles();
    for (const month of [1, 2]) {
      await server.database.db
        .insert(closedMonths)
        .values({ institutionId: world.institution.id, planId: world.plan.id, month });
    }
    const closed = await remove(world.clients.planner, third?.id as string);
    expect(closed.statusCode).toBe(409);
    expect((await storedFiles()).map((file) => file.id)).toContain(third?.id);
    expect((await remove(world.clients.planner, third?.id as string)).json().detail).toBe(
      "El mes de febrero está cerrado: pida reabrirlo.",
    );
  });
});
