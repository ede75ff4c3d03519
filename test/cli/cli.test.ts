import { eq } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { openDatabase } from "../../src/db/connection.js";
import { auditLog, memberships, users } from "../../src/db/schema.js";
import { verifyPassword } from "../../src/security/passwords.js";
import { cliDataDirForFile, runCli } from "../helpers/cli.js";

const dataDir = cliDataDirForFile("avance-cli-");

describe("avance CLI", () => {
  it("lists its commands in --help", async () => {
    const { buildCli } = await import("../../src/cli/main.js");
    const help = buildCli().helpInformation();
    for (const command of ["serve", "migrate", "institution", "user", "snapshot"])
      expect(help).toContain(command);
  });

  it("creates an institution and a planner with a one-time password, audited", async () => {
    expect(
      await runCli("institution", "add", "Municipalidad de San Juan Nonualco", "--country", "SV"),
    ).toMatchObject({
      out: "Institución creada: Municipalidad de San Juan Nonualco (identificador: municipalidad-de-san-juan-nonualco).",
      exitCode: 0,
    });
    const result = await runCli(
      "user",
      "add",
      "--email",
      "Planificacion@SanJuan.gob.sv",
      "--role",
      "planner",
      "--institution",
      "Municipalidad de San Juan Nonualco",
    );
    expect(result.exitCode).toBe(0);
    expect(result.out).toContain("Usuario creado: planificacion@sanjuan.gob.sv (planner).");
    const password = /se muestra una sola vez\): (\S+)/.exec(result.out)?.[1] as string;
    expect(password.length).toBeGreaterThanOrEqual(16);

    const database = await openDatabase({ dataDir: dataDir() });
    try {
      const [user] = await database.db
        .select()
        .from(users)
        .where(eq(users.email, "planificacion@sanjuan.gob.sv"));
      expect(user?.passwordHash).toMatch(/^\$argon2id\$/);
      expect(await verifyPassword(user?.passwordHash as string, password)).toBe(true);
      const [membership] = await database.db
        .select()
        .from(memberships)
        .where(eq(memberships.userId, user?.id as string));
      expect(membership?.role).toBe("planner");
      const actions = (await database.db.select().from(auditLog)).map((row) => `${row.action} ${row.entity}`);
      expect(actions).toEqual(["create institution", "create user", "grant membership"]);
    } finally {
      await database.close();
    }
  });

  it("refuses an unknown institution in Spanish and changes nothing", async () => {
    const result = await runCli(
      "user",
      "add",
      "--email",
      "x@y.org",
      "--role",
      "viewer",
      "--institution",
      "Nadie",
    );
    expect(result).toMatchObject({
      exitCode: 1,
      err: 'Error: No existe la institución «Nadie». Créela con: npx avance institution add "Nadie"',
    });
    const short = await runCli("user", "add", "--email", "bad-email", "--role", "super-admin");
    expect(short.err).toBe("Error: «bad-email» no es un correo válido.");
    const database = await openDatabase({ dataDir: dataDir() });
    const emails = (await database.db.select().from(users)).map((row) => row.email);
    await database.close();
    expect(emails).toEqual(["planificacion@sanjuan.gob.sv"]);
  });

  it("imports seed 004 with --json and the golden totals", async () => {
    const result = await runCli(
      "import",
      "samples/004_72e0f0e913d1a590.txt",
      "--institution",
      "SAT Piura",
      "--json",
    );
    expect(result.exitCode).toBe(0);
    const json = JSON.parse(result.out);
    expect(json).toMatchObject({
      status: "imported",
      kind: "POI",
      year: 2021,
      units: 24,
      activities: 78,
      annualTarget: 6350,
    });
    expect(json.programmed.slice(0, 3).reduce((a: number, b: number) => a + b, 0)).toBe(1543);
    expect(json.executed.slice(0, 3).reduce((a: number, b: number) => a + b, 0)).toBe(1494);
    expect(json.executed.slice(3)).toEqual(Array(9).fill(null));
    expect(json.problems).toEqual([]);
  });

  it("reviews without writing (--dry-run) and refuses a file that is not a plan with exit 2", async () => {
    const dry = await runCli("import", "samples/000_c5fe3fe587ede302.txt", "--dry-run");
    expect(dry.exitCode).toBe(0);
    expect(dry.out).toContain("Plan: POA 2023");
    expect(dry.out).toContain("Revisión sin escribir (--dry-run): el documento se puede importar.");
    const notAPlan = await runCli("import", "package.json", "--dry-run");
    expect(notAPlan.exitCode).toBe(2);
    expect(notAPlan.out.split("\n")).toHaveLength(1);
    expect(notAPlan.out).toMatch(/^package\.json: .+\. No se importó nada\.$/);
    const missing = await runCli("import", "no-existe.xlsx");
    expect(missing).toMatchObject({ exitCode: 2, err: "Error: No se puede leer el archivo no-existe.xlsx." });
  });
});
