/**
 * The web app (built by `npm run build` into dist/web) at `/`: its files, and `index.html` for
 * every other path outside /api, so that a link to /plans/… opens the app at that page (the app
 * routes in the browser). Unknown /api paths and missing files keep the API's 404 problem.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import fastifyStatic from "@fastify/static";
import type { FastifyPluginAsync, FastifyReply } from "fastify";

/** dist/web at the package root, from src/server/routes (tests) or dist/server/routes (built). */
export const defaultWebRoot = fileURLToPath(new URL("../../../dist/web", import.meta.url));

// The app loads nothing from elsewhere; Mantine writes its CSS variables in <style> elements.
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "frame-ancestors 'none'",
  "base-uri 'self'",
  "form-action 'self'",
].join("; ");

const NOT_BUILT = `<!doctype html><html lang="es"><meta charset="utf-8"><title>Avance</title>
<p>La aplicación web no está compilada: ejecute <code>npm run build</code> (o <code>npm start</code>).
La API sigue disponible en <a href="/api/docs">/api/docs</a>.</p></html>`;

function pageHeaders(reply: FastifyReply): void {
  reply.header("content-security-policy", CONTENT_SECURITY_POLICY);
  reply.header("x-content-type-options", "nosniff");
  reply.header("referrer-policy", "same-origin");
  // A new release must reach the browser at once: only the hashed assets are cached.
  reply.header("cache-control", "no-cache");
}

export const webAppRoutes: FastifyPluginAsync<{ root?: string }> = async (app, options) => {
  const root = options.root ?? defaultWebRoot;
  const built = existsSync(join(root, "index.html"));
  if (built) {
    await app.register(fastifyStatic, {
      root,
      wildcard: false,
      preCompressed: true,
      schemaHide: true,
      setHeaders: (reply, path) => {
        if (path.includes(`${join(root, "assets")}`)) {
          reply.header("cache-control", "public, max-age=31536000, immutable");
        } else pageHeaders(reply);
      },
    });
  }

  app.get("/*", { schema: { hide: true } }, async (request, reply) => {
    const path = request.url.split("?")[0] ?? "/";
    // An API path, or a file name (a dot in the last segment), that is not there is a 404.
    if (path.startsWith("/api/") || path === "/api" || /\.[^/]*$/.test(path)) return reply.callNotFound();
    if (!built) return reply.status(503).type("text/html; charset=utf-8").send(NOT_BUILT);
    pageHeaders(reply);
    return reply.sendFile("index.html");
  });
};
