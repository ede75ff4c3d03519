/**
 * The layer rules of .dependency-cruiser.cjs (run by `npm run check`) refuse what they promise:
 * a tree built here with one forbidden import per rule, checked with the project's own config.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const tree = mkdtempSync(join(tmpdir(), "avance-layers-"));
afterAll(() => rmSync(tree, { recursive: true, force: true }));

function write(path: string, text: string) {
  mkdirSync(dirname(join(tree, path)), { recursive: true });
  writeFileSync(join(tree, path), text);
}

write(
  "tsconfig.json",
  JSON.stringify({ compilerOptions: { module: "NodeNext", moduleResolution: "NodeNext" } }),
);
write("src/domain/months.ts", "export const MONTHS = 12;\n");
write("src/server/app.ts", 'import { MONTHS } from "../domain/months.js";\nexport const app = MONTHS;\n');
write(
  "src/server/routes/plans.ts",
  'import { rows } from "../../db/plans.js";\nexport const plans = rows;\n',
);
write("src/db/plans.ts", 'import { app } from "../server/app.js";\nexport const rows = app;\n');
write("src/report/build.ts", 'import { rows } from "../db/plans.js";\nexport const report = rows;\n');
write("src/domain/a.ts", 'import { b } from "./b.js";\nexport const a = () => b;\n');
write("src/domain/b.ts", 'import { a } from "./a.js";\nexport const b = () => a;\n');
write(
  "src/domain/clock.ts",
  'import { plans } from "../server/routes/plans.js";\nexport const now = plans;\n',
);
write("web/src/page.ts", 'import { rows } from "../../src/db/plans.js";\nexport const page = rows;\n');

type Violation = { from: string; to: string; rule: { name: string } };

function violations(): Violation[] {
  const bin = join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
  const config = join(root, ".dependency-cruiser.cjs");
  let output: string;
  try {
    output = execFileSync(
      process.execPath,
      [bin, "src", "web", "--config", config, "--output-type", "json"],
      {
        cwd: tree,
        encoding: "utf8",
      },
    );
  } catch (error) {
    // It exits non-zero when it finds violations, which is the point here.
    output = (error as { stdout: string }).stdout;
  }
  return (JSON.parse(output) as { summary: { violations: Violation[] } }).summary.violations;
}

describe("npm run check's layer rules", () => {
  const found = violations();
  const named = (rule: string) =>
    found.filter((violation) => violation.rule.name === rule).map(({ from, to }) => `${from} → ${to}`);

  it("refuses src/db importing the server", () => {
    expect(named("db-is-queries")).toEqual(["src/db/plans.ts → src/server/app.ts"]);
  });

  it("refuses a route reaching into src/db, a report querying, the web bundling db code", () => {
    expect(named("server-through-services")).toEqual(["src/server/routes/plans.ts → src/db/plans.ts"]);
    expect(named("report-writes-documents")).toEqual(["src/report/build.ts → src/db/plans.ts"]);
    expect(named("web-browser-safe")).toEqual(["web/src/page.ts → src/db/plans.ts"]);
  });

  it("refuses the domain importing anything of the project, and circles", () => {
    expect(named("domain-is-pure")).toEqual(["src/domain/clock.ts → src/server/routes/plans.ts"]);
    // A circle is reported once, at the import that closes it.
    expect(named("no-circular")).toEqual(["src/domain/a.ts → src/domain/b.ts"]);
  });

  it("lets an allowed import through", () => {
    expect(found.some((violation) => violation.from === "src/server/app.ts")).toBe(false);
  });
});
