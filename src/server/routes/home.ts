/**
 * What a browser sees at `/` until the web app (issue 6) is served there: where the API is and
 * how to use Avance from the command line, in Spanish.
 */
import type { FastifyPluginAsync } from "fastify";

const page = `<!doctype html>
<html lang="es"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Avance</title>
<style>body{font:16px/1.5 system-ui,sans-serif;max-width:42rem;margin:3rem auto;padding:0 1rem;color:#1b2a41}
code{background:#eef2f7;padding:.1rem .3rem;border-radius:4px}a{color:#1d4ed8}</style></head>
<body><h1>Avance está en marcha</h1>
<p>Plan operativo (POA / POI) y seguimiento mensual de instituciones públicas.</p>
<p>La aplicación web todavía no se sirve desde aquí. Mientras tanto:</p>
<ul>
<li>API y su documentación: <a href="/api/docs">/api/docs</a> (inicie sesión con <code>POST /api/auth/login</code>).</li>
<li>Importar un plan: <code>npx avance import archivo.xlsx --institution "Su institución"</code></li>
<li>Informe trimestral: <code>npx avance report --institution "Su institución" --period Q1 --format xlsx -o informe.xlsx</code></li>
<li>Estado del servicio: <a href="/api/health">/api/health</a></li>
</ul></body></html>`;

export const homeRoutes: FastifyPluginAsync = async (app) => {
  app.get("/", { schema: { hide: true } }, async (_request, reply) =>
    reply.type("text/html; charset=utf-8").send(page),
  );
};
