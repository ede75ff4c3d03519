/** Ids for bulk writes: valid UUIDs of version 7, ascending in the order they are made. */
import { describe, expect, it } from "vitest";
import { orderedIds } from "../../src/db/ordered-ids.js";

describe("orderedIds", () => {
  it("makes version-7 UUIDs that ascend and never repeat", () => {
    const next = orderedIds(Date.UTC(2026, 11, 1));
    const ids = Array.from({ length: 5000 }, next);
    for (const id of ids)
      expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(5000);
    // The first 48 bits are the start time in milliseconds.
    expect(Number.parseInt(ids[0]?.replace(/-/g, "").slice(0, 12) ?? "", 16)).toBe(Date.UTC(2026, 11, 1));
  });

  it("starts at the given millisecond with sequence 0", () => {
    const next = orderedIds(1000);
    expect(next()).toMatch(/^00000000-03e8-7000-8000-[0-9a-f]{12}$/);
    expect(next()).toMatch(/^00000000-03e8-7000-8001-[0-9a-f]{12}$/);
  });
});
