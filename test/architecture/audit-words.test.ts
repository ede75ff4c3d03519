/**
 * Every action and entity type the server writes to the audit log has its words: the audit CSV's
 * Spanish (`src/domain/audit-words.ts`) and the web's, in both catalogs (`audit.action.<code>`,
 * `audit.entity.<code>`), and the log's «Acción» filter lists every action. Read from the
 * sources: a new `action: "…"` without its words fails here by name.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { auditActions, auditEntities } from "../../src/domain/audit-words.js";
import { planTransitions } from "../../src/domain/plan-status.js";
import { en } from "../../web/src/i18n/en.js";
import { es } from "../../web/src/i18n/es.js";

const src = fileURLToPath(new URL("../../src/", import.meta.url));

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".test.ts") ? [path] : [];
  });
}

/** The words of every `key: "word"` of the sources, both of a `key: test ? "a" : "b"`. */
function written(key: "action" | "entity"): string[] {
  const found = new Set<string>();
  const value = new RegExp(`\\b${key}:\\s*(?:[^,?\\n]*\\?\\s*)?"([a-z_]+)"(?:\\s*:\\s*"([a-z_]+)")?`, "g");
  for (const file of sources(src)) {
    for (const [, word, other] of readFileSync(file, "utf8").matchAll(value)) {
      for (const each of [word, other]) if (each) found.add(each);
    }
  }
  return [...found].sort();
}

describe("the audit log's words", () => {
  it("every action the services write has its Spanish word and its web texts", () => {
    const actions = [...new Set([...written("action"), ...Object.keys(planTransitions)])];
    expect(actions).toContain("start");
    expect(actions).toContain("move");
    expect(actions.filter((action) => !(auditActions as readonly string[]).includes(action))).toEqual([]);
    for (const action of auditActions) {
      expect(es, action).toHaveProperty([`audit.action.${action}`]);
      expect(en, action).toHaveProperty([`audit.action.${action}`]);
    }
  });

  it("every entity type the services write has its Spanish word and its web texts", () => {
    const entities = written("entity");
    expect(entities).toContain("plan");
    expect(entities.filter((entity) => !(auditEntities as readonly string[]).includes(entity))).toEqual([]);
    for (const entity of auditEntities) {
      expect(es, entity).toHaveProperty([`audit.entity.${entity}`]);
      expect(en, entity).toHaveProperty([`audit.entity.${entity}`]);
    }
  });
});
