import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { AppError, errorStatus, problemCodes } from "./errors.js";

describe("problem codes", () => {
  it("are all in the table of docs/api.md, each with its status", () => {
    const docs = readFileSync(new URL("../../docs/api.md", import.meta.url), "utf8");
    for (const [code, kind] of Object.entries(problemCodes)) {
      const status = code === "request_refused" ? "4xx" : String(errorStatus[kind]);
      expect(docs, code).toMatch(new RegExp(`^\\| \`${code}\` +\\| ${status} +\\|`, "m"));
    }
  });

  it("restate a refusal with its reason", () => {
    const refusal = new AppError("validation", "Muy corta.", "password", {
      code: "password_too_short",
      params: { min: 10 },
    });
    const restated = refusal.restated("--password: Muy corta.", "newPassword");
    expect([restated.code, restated.message, restated.field, restated.reason]).toEqual([
      "validation",
      "--password: Muy corta.",
      "newPassword",
      { code: "password_too_short", params: { min: 10 } },
    ]);
  });
});
