/**
 * The API client: JSON in and out, the session cookie, and the CSRF header on every write
 * (`x-csrf-token`, from the login answer or `GET /api/auth/me`). A failed call throws an
 * `ApiError` carrying the server's problem details: a Spanish `detail` and the stable `code`
 * the web words in the user's language (problem-text.ts).
 */

import type { Problem } from "../../src/contract/common.js";
import type { TrafficLight as Light } from "../../src/domain/traffic-light.js";
import type { CellValue, ChartSpec, ReportColumn } from "../../src/report/model.js";

export type { Problem };

export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem | undefined;
  constructor(status: number, problem: Problem | undefined) {
    super(problem?.detail ?? `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

/** Thrown when the server cannot be reached at all (no answer, not an error answer). */
export class NetworkError extends Error {}

let csrfToken: string | null = null;

export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type RequestOptions = {
  method?: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** A JSON body, raw bytes (a file to import) or a form with a file (evidence). */
  body?: unknown;
  signal?: AbortSignal;
};

export async function api<T>(
  path: string,
  { method = "GET", body, signal }: RequestOptions = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: "application/json" };
  if (method !== "GET" && csrfToken) headers["x-csrf-token"] = csrfToken;
  let payload: RequestInit["body"];
  if (body instanceof FormData) {
    // A multipart upload (evidence): the browser writes its content type with the boundary.
    payload = body;
  } else if (body instanceof Blob || body instanceof ArrayBuffer) {
    headers["content-type"] = "application/octet-stream";
    payload = body;
  } else if (body !== undefined) {
    headers["content-type"] = "application/json";
    payload = JSON.stringify(body);
  }
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      credentials: "same-origin",
      ...(payload === undefined ? {} : { body: payload }),
      ...(signal ? { signal } : {}),
    });
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    throw new NetworkError((error as Error).message);
  }
  const type = response.headers.get("content-type") ?? "";
  const json = type.includes("json") ? await response.json().catch(() => undefined) : undefined;
  if (!response.ok) throw new ApiError(response.status, json as Problem | undefined);
  return json as T;
}

/** A query string from the defined values (`undefined` left out). */
export function query(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(values)) if (value !== undefined) params.set(key, String(value));
  const text = params.toString();
  return text ? `?${text}` : "";
}

// ---- The answers the app reads (the server's zod schemas are the reference; see /api/docs).

export type Role = "admin" | "planner" | "editor" | "viewer";

export type Membership = {
  institution: { id: string; name: string; slug: string };
  role: Role;
  unitIds: string[];
};

export type User = {
  id: string;
  email: string;
  name: string;
  superAdmin: boolean;
  memberships: Membership[];
};

/** An invitation waiting for the user's answer (`GET /api/auth/me`). */
export type PendingInvitation = {
  id: string;
  institution: { id: string; name: string };
  role: Role;
  expiresAt: string;
};

export type Me = { user: User; csrfToken: string | null; invitations: PendingInvitation[] };

/** An invitation as its admin sees it (`POST …/users`, `GET …/invitations`). */
export type Invitation = {
  id: string;
  email: string;
  name: string;
  role: Role;
  unitIds: string[];
  createdAt: string;
  expiresAt: string;
};

/** What an invitation link invites to (`GET /api/invitations/{token}`). */
export type InvitationOfLink = {
  id: string;
  institution: { id: string; name: string };
  email: string;
  name: string;
  role: Role;
  expiresAt: string;
};

export type { Light };

/**
 * The report JSON (`format=json`), as src/report/build-json.ts writes it; that file's own type
 * is not imported because it sits beside Node-only code.
 */
export type ReportRow = {
  kind: "activity" | "unit" | "subtotal" | "total";
  depth?: number;
  activityId?: string;
  programmed: number | null;
  executed: number | null;
  executionPct: number | null;
  light: Light | null;
  overExecution: boolean;
  /** Activity rows of the POI and POA: closed months of the period programmed with no entry. */
  missingClosedMonths?: number[];
  /** Activity rows of the POI and POA: red, or `missingClosedMonths` not empty. */
  atRisk?: boolean;
  [key: string]: CellValue | boolean | number[] | undefined;
};

export type ReportJson = {
  report: "poi" | "poa" | "units" | "activity";
  title: string;
  institution: { name: string; locale: string };
  plan: { id: string; title: string; year: number; kind: "POI" | "POA" };
  period: { code: string; label: string };
  thresholds: { greenFrom: number; amberFrom: number; overExecutionAbove: number };
  totals: {
    programmed: number;
    executed: number | null;
    executionPct: number | null;
    light: Light | null;
    overExecution: boolean;
  };
  notes: string[];
  columns: ReportColumn[];
  rows: ReportRow[];
  charts?: ChartSpec[];
};

export type ImportProblem = {
  severity: "error" | "warning";
  code: string;
  message: string;
  file: string;
  line?: number;
  row?: number;
  sheet?: string;
  cell?: string;
  column?: string;
};

export type ImportPreview = {
  token: string;
  fileName: string;
  importable: boolean;
  skippable: number;
  summary: {
    kind: "POI" | "POA";
    year: number;
    title: string;
    institution: string | null;
    units: number;
    activities: number;
    withdrawn: number;
    annualTarget: number;
    programmed: (number | null)[];
    executed: (number | null)[];
    errors: number;
    warnings: number;
  };
  problems: ImportProblem[];
  units: { key: string; name: string; parentKey?: string }[];
};

export type ImportCommit = {
  status: string;
  skipped: number;
  planId: string;
  created: boolean;
  units: { created: number };
  activities: { created: number; updated: number; unchanged: number };
};

export type Demo = { institutionId: string; planId: string; period: string; created: boolean };
