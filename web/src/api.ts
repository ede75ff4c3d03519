/**
 * The API client: JSON in and out, the session cookie, and the CSRF header on every write
 * (`x-csrf-token`, from the login answer or `GET /api/auth/me`). A failed call throws an
 * `ApiError` carrying the server's problem details: a Spanish `detail` and the stable `code`
 * the web words in the user's language (problem-text.ts).
 */

import type { Problem } from "../../src/contract/common.js";

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
