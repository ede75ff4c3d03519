/** Runs the `avance` CLI in-process, on an embedded database of the test file's own. */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, vi } from "vitest";
import { main } from "../../src/cli/main.js";

/** Points the CLI at a fresh PGlite directory for this file; returns a getter for its path. */
export function cliDataDirForFile(prefix: string): () => string {
  let root = "";
  const saved = { ...process.env };
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), prefix));
    process.env.AVANCE_DATA_DIR = root;
    process.env.DATABASE_URL = "";
  });
  afterAll(async () => {
    process.env = saved;
    await rm(root, { recursive: true, force: true });
  });
  return () => root;
}

/** What the user sees: standard output, standard error and the exit code. */
export async function runCli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const log = vi.spyOn(console, "log").mockImplementation((...parts) => void out.push(parts.join(" ")));
  const error = vi.spyOn(console, "error").mockImplementation((...parts) => void err.push(parts.join(" ")));
  process.exitCode = undefined;
  try {
    await main(["node", "avance", ...args]);
  } finally {
    log.mockRestore();
    error.mockRestore();
  }
  const exitCode = process.exitCode ?? 0;
  process.exitCode = undefined;
  return { out: out.join("\n"), err: err.join("\n"), exitCode };
}
