import { describe, expect, it } from "vitest";
import type { Problem } from "../../src/contract/common.js";
import { en } from "../../web/src/i18n/en.js";
import { es } from "../../web/src/i18n/es.js";
import { translator } from "../../web/src/i18n/translate.js";
import { problemText } from "../../web/src/problem-text.js";

const english = translator(en);
const spanish = translator(es);

const approvedAgain: Problem = {
  type: "conflict",
  title: "Conflicto",
  status: 409,
  detail: "No se puede aprobar el plan: está aprobado (se requiere que esté en borrador).",
  field: "status",
  code: "plan_wrong_status",
  params: { transition: "approve", status: "approved", required: "draft" },
};

describe("the text of a refusal", () => {
  it("words a known code in English, with its values worded too", () => {
    expect(problemText(approvedAgain, english, "en")).toBe(
      "Cannot approve the plan: it is approved (it must be a draft).",
    );
    expect(
      problemText(
        {
          ...approvedAgain,
          detail: "El mes de abril está cerrado: pida reabrirlo.",
          code: "month_closed",
          params: { month: 4 },
        },
        english,
        "en",
      ),
    ).toBe("April is closed: ask for it to be reopened.");
  });

  it("words it in Spanish as the server does", () => {
    expect(problemText(approvedAgain, spanish, "es")).toBe(approvedAgain.detail);
  });

  it("falls back to the detail for a code the web does not know, or a value the refusal does not carry", () => {
    const unknown = { ...approvedAgain, code: "a_code_of_a_newer_server", params: {} };
    expect(problemText(unknown, english, "en")).toBe(approvedAgain.detail);
    const withoutParams = { ...approvedAgain, code: "plan_not_draft", params: {} };
    expect(problemText(withoutParams, english, "en")).toBe(approvedAgain.detail);
  });

  it("names the field of an invalid value in English and keeps the validator's reason in Spanish", () => {
    const invalid: Problem = {
      type: "validation",
      title: "Solicitud no válida",
      status: 400,
      detail: "Dato no válido en «greenFrom»: Admite como máximo 1000 %.",
      field: "greenFrom",
      code: "invalid_field",
      params: { field: "greenFrom" },
    };
    expect(problemText(invalid, english, "en")).toBe("The value of «greenFrom» is not valid.");
    expect(problemText(invalid, spanish, "es")).toBe(invalid.detail);
  });
});
