/**
 * What a user reads for a refusal: the web's own text for the problem's code, in the user's
 * language, with the values the problem names (months, plan statuses and transitions worded in
 * that language too). A code the web does not know yet keeps the server's Spanish `detail`.
 */
import type { Problem } from "../../src/contract/common.js";
import { type ProblemCode, type ProblemParams, problemCodes } from "../../src/domain/errors.js";
import {
  type PlanStatus,
  type PlanTransition,
  planStatuses,
  planTransitions,
} from "../../src/domain/plan-status.js";
import type { Language } from "./i18n/format.js";
import type { Translate } from "./i18n/translate.js";

const isProblemCode = (code: string): code is ProblemCode => Object.hasOwn(problemCodes, code);
const isPlanStatus = (value: unknown): value is PlanStatus => planStatuses.includes(value as PlanStatus);
const isTransition = (value: unknown): value is PlanTransition =>
  typeof value === "string" && Object.hasOwn(planTransitions, value);

function worded(name: string, value: string | number, t: Translate): string | number {
  if (name === "month" && typeof value === "number")
    return t("problem.months").split(",")[value - 1] ?? value;
  if ((name === "status" || name === "required") && isPlanStatus(value))
    return t(`problem.planStatus.${value}`);
  if (name === "transition" && isTransition(value)) return t(`problem.transition.${value}`);
  return value;
}

export function problemText(problem: Problem, t: Translate, language: Language): string {
  // The validator's reasons come worded in Spanish from the contract: in Spanish they stay.
  if (!isProblemCode(problem.code) || (problem.code === "invalid_field" && language === "es"))
    return problem.detail;
  const params: ProblemParams = Object.fromEntries(
    Object.entries(problem.params ?? {}).map(([name, value]) => [name, worded(name, value, t)]),
  );
  const text = t(`problem.${problem.code}`, params);
  // A text naming a value this refusal does not carry would show its placeholder: the detail says more.
  return /\{\w+\}/.test(text) ? problem.detail : text;
}
