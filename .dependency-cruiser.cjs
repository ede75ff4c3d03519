/**
 * The layers of Avance (ARCHITECTURE.md draws them). `npm run check` runs this; a forbidden
 * import fails it with the rule's name. Each rule names what a folder may NOT import, so a new
 * folder is unconstrained until it gets its rule here.
 */
const layer = (name, from, allowed, comment) => ({
  name,
  comment,
  severity: "error",
  from: { path: `^${from}/` },
  to: { path: "^(src|web)/", pathNot: [`^${from}/`, ...allowed.map((folder) => `^${folder}`)] },
});

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      comment: "A circle of imports hides which module owns what: break it by moving the shared part down.",
      severity: "error",
      from: { path: "^(src|web)/" },
      to: { circular: true },
    },
    layer("domain-is-pure", "src/domain", [], "src/domain imports nothing of the project."),
    layer(
      "security-only-domain",
      "src/security",
      ["src/domain/"],
      "src/security: hashing and secrets, no HTTP, no SQL.",
    ),
    layer(
      "contract-only-domain",
      "src/contract",
      ["src/domain/"],
      "The contract is browser-safe: zod and the domain only.",
    ),
    layer(
      "import-reads-documents",
      "src/import",
      ["src/domain/", "src/contract/"],
      "Readers know documents, not the database or HTTP.",
    ),
    layer(
      "report-writes-documents",
      "src/report",
      ["src/domain/", "src/contract/"],
      "Report writers take domain rows; they never query.",
    ),
    layer(
      "db-is-queries",
      "src/db",
      ["src/domain/"],
      "src/db: rows in, rows out; no user messages, no HTTP, no readers.",
    ),
    layer(
      "services-below-server",
      "src/services",
      ["src/db/", "src/import/", "src/report/", "src/domain/", "src/security/", "src/contract/"],
      "Use cases never reach up into the server or the CLI.",
    ),
    layer(
      "server-through-services",
      "src/server",
      ["src/services/", "src/contract/", "src/domain/", "src/security/", "src/db/connection\\.ts$"],
      "Routes validate, call one use case and shape the answer: no SQL of their own.",
    ),
    layer(
      "cli-through-services",
      "src/cli",
      [
        "src/services/",
        "src/contract/",
        "src/domain/",
        "src/report/",
        "src/server/serve\\.ts$",
        "src/server/version\\.ts$",
        "src/db/connection\\.ts$",
      ],
      "The CLI calls the same use cases as the server.",
    ),
    layer(
      "web-browser-safe",
      "web",
      ["src/contract/", "src/domain/", "src/report/chart-options\\.ts$", "src/report/format-locale\\.ts$"],
      "The web bundles only browser-safe modules: the contract, the domain, the pure chart and number-format code.",
    ),
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".tsx", ".js"] },
  },
};
