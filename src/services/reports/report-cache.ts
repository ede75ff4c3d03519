/**
 * Rendered reports kept in memory, so a dashboard read is one indexed lookup instead of the
 * whole report (≈ 20 ms of SQL and rendering for 1,000 activities).
 *
 * Correctness rests on the change marker of `src/db/figure-versions.ts`: triggers bump an
 * institution's version in the same transaction as any write to its figures, so it becomes
 * visible exactly when the write does, to every server instance over the database. A read takes
 * the version first and the figures after, so a report cached at version v holds figures at least
 * as new as v: a write racing the build can make the entry older than the data only together with
 * a newer version, which the next read sees and rebuilds. Nothing is ever served for a version
 * other than the current one. Entries are keyed by plan and the full query (report, period,
 * format, unit, ...), hold only the newest version and are evicted least-recently-used once they
 * pass `maxBytes` (AVANCE_REPORT_CACHE_MB, 64 by default; 0 turns the cache off). The issue time
 * printed in a cached report is when its figures were computed.
 */
import type { RenderedReport } from "./render-report.js";

type Entry = { version: number; file: RenderedReport };

export type ReportCache = {
  /** The report of `key` at `version`: cached, built by a concurrent request, or built now. */
  get(key: string, version: number, build: () => Promise<RenderedReport>): Promise<RenderedReport>;
};

export function reportCacheBytes(env: NodeJS.ProcessEnv = process.env): number {
  const megabytes = Number(env.AVANCE_REPORT_CACHE_MB ?? 64);
  return Number.isFinite(megabytes) && megabytes > 0 ? megabytes * 1024 * 1024 : 0;
}

export function createReportCache(maxBytes = reportCacheBytes()): ReportCache {
  const entries = new Map<string, Entry>(); // in use order: the first is the least recently used
  // Several requests missing the same entry at once (a dashboard after a write) build it once.
  const building = new Map<string, Promise<RenderedReport>>();
  let bytes = 0;

  const remove = (key: string) => {
    const entry = entries.get(key);
    if (!entry) return;
    entries.delete(key);
    bytes -= entry.file.body.length;
  };

  const store = (key: string, entry: Entry) => {
    remove(key);
    if (entry.file.body.length > maxBytes) return;
    entries.set(key, entry);
    bytes += entry.file.body.length;
    for (const oldest of entries.keys()) {
      if (bytes <= maxBytes) break;
      remove(oldest);
    }
  };

  return {
    async get(key, version, build) {
      if (maxBytes === 0) return build();
      const entry = entries.get(key);
      if (entry?.version === version) {
        entries.delete(key);
        entries.set(key, entry);
        return entry.file;
      }
      const flight = `${version} ${key}`;
      const pending = building.get(flight);
      if (pending) return pending;
      const promise = build().then((file) => {
        // A slower build of an older version never replaces a newer entry.
        if ((entries.get(key)?.version ?? -1) < version) store(key, { version, file });
        return file;
      });
      building.set(flight, promise);
      try {
        return await promise;
      } finally {
        building.delete(flight);
      }
    },
  };
}
