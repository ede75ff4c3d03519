/**
 * dist/web built once and again only when its sources changed, for the browser tests and
 * `npm run bench web`; one build at a time across test files running in parallel.
 */
import { execFileSync } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";

const root = new URL("../", import.meta.url).pathname;
export const webRoot = join(root, "dist/web");
const sources = ["web", "vite.config.ts", "src/report", "src/domain"];

function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export async function ensureWebBuilt(): Promise<void> {
  const lock = join(root, "dist/.web-build-lock");
  mkdirSync(join(root, "dist"), { recursive: true });
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      const since = statSync(lock, { throwIfNoEntry: false })?.mtimeMs ?? Date.now();
      if (Date.now() - since > 120_000) rmSync(lock, { recursive: true, force: true });
      await sleep(250);
    }
  }
  try {
    const index = join(webRoot, "index.html");
    const built = existsSync(index) ? statSync(index).mtimeMs : 0;
    if (built < Math.max(...sources.map((source) => newest(join(root, source))))) {
      execFileSync(
        process.execPath,
        [join(root, "node_modules/vite/bin/vite.js"), "build", "--logLevel", "warn"],
        { cwd: root, stdio: "inherit" },
      );
    }
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}
