/**
 * The `avance` command. Every subcommand opens the database the same way the server does
 * (DATABASE_URL, else PGlite in AVANCE_DATA_DIR or ./data) and prints errors in Spanish.
 */
import { Command, Option } from "commander";
import { type Database, openDatabase, optionsFromEnv } from "../db/connection.js";
import { AppError } from "../domain/errors.js";
import { serve } from "../server/serve.js";
import { packageVersion } from "../server/version.js";
import { listSnapshots } from "../services/backup/list-snapshots.js";
import { restoreSnapshot } from "../services/backup/restore-snapshot.js";
import { addInstitution } from "../services/institutions/add-institution.js";
import { addUser } from "../services/users/add-user.js";
import { userRoles } from "../services/users/user-roles.js";
import { registerBackupCommands } from "./backup-command.js";
import { registerReportCommand } from "./report-command.js";

async function withDatabase<T>(work: (database: Database) => Promise<T>): Promise<T> {
  const database = await openDatabase(optionsFromEnv());
  try {
    return await work(database);
  } finally {
    await database.close();
  }
}

export function buildCli(): Command {
  const program = new Command("avance")
    .description("Avance: plan operativo (POA / POI) y seguimiento mensual de instituciones públicas")
    .version(packageVersion(), "-v, --version", "muestra la versión")
    .helpOption("-h, --help", "muestra esta ayuda")
    .helpCommand("help [comando]", "muestra la ayuda de un comando")
    .showHelpAfterError("(use --help para ver las opciones)");

  program
    .command("serve")
    .description("sirve la aplicación web y la API (puerto 3000; PORT lo cambia)")
    .option("-p, --port <puerto>", "puerto HTTP", process.env.PORT ?? "3000")
    .option("--host <host>", "interfaz de red", process.env.HOST ?? "0.0.0.0")
    .action(async (options: { port: string; host: string }) => {
      await serve({ port: Number(options.port), host: options.host });
    });

  program
    .command("migrate")
    .description("aplica las migraciones pendientes de la base de datos (también se aplican al arrancar)")
    .action(() =>
      withDatabase(async (database) => {
        const { migrationStatus } = await import("../db/connection.js");
        const status = await migrationStatus(database.db);
        console.log(
          `Base de datos ${database.kind}: ${status.applied} de ${status.known} migraciones aplicadas (última: ${status.migration}).`,
        );
      }),
    );

  const institution = program.command("institution").description("instituciones de este despliegue");
  institution
    .command("add <nombre>")
    .description("crea una institución")
    .option("--slug <slug>", "identificador corto (por defecto, derivado del nombre)")
    .option("--code <código>", "código en un registro nacional (p. ej. la UE de CEPLAN)")
    .option("--country <país>", "país (PE, SV…)")
    .option("--locale <locale>", "formato de números y fechas", "es-PE")
    .action((name: string, options: { slug?: string; code?: string; country?: string; locale: string }) =>
      withDatabase(async (database) => {
        const created = await addInstitution(database.db, { name, ...options });
        console.log(`Institución creada: ${created.name} (identificador: ${created.slug}).`);
      }),
    );

  const user = program.command("user").description("usuarios y sus roles");
  user
    .command("add")
    .description("crea un usuario (o le da un rol en otra institución)")
    .requiredOption("--email <correo>", "correo, que es también el usuario")
    .addOption(new Option("--role <rol>", "rol").choices(userRoles as string[]).makeOptionMandatory())
    .option("--institution <nombre>", "institución (nombre o identificador); no aplica a super-admin")
    .option("--name <nombre>", "nombre para mostrar")
    .option("--password-stdin", "lee la contraseña de la entrada estándar (si no, se genera una)")
    .action(
      (options: {
        email: string;
        role: (typeof userRoles)[number];
        institution?: string;
        name?: string;
        passwordStdin?: boolean;
      }) =>
        withDatabase(async (database) => {
          const password = options.passwordStdin ? (await readStdin()).trim() : undefined;
          const result = await addUser(database.db, { ...options, password });
          if (!result.created) {
            console.log(`${result.email} ya existía: se le asignó el rol ${options.role}.`);
          } else {
            console.log(`Usuario creado: ${result.email} (${options.role}).`);
            if (result.generatedPassword)
              console.log(`Contraseña inicial (se muestra una sola vez): ${result.generatedPassword}`);
          }
        }),
    );

  program
    .command("import <archivo>")
    .description("importa un plan (texto/TSV/CSV, .xlsx o la exportación de CEPLAN): vista previa y registro")
    .option("--year <año>", "año del plan, si el documento no lo dice")
    .option(
      "--institution <nombre>",
      "institución (nombre o identificador); por defecto, la que nombra el documento",
    )
    .option("--dry-run", "solo revisa y muestra lo que se importaría; no escribe nada")
    .option("--skip-errors", "importa el resto aunque haya filas con errores (esas filas se omiten)")
    .option("--json", "salida en JSON")
    .action(
      async (
        file: string,
        options: {
          year?: string;
          institution?: string;
          dryRun?: boolean;
          skipErrors?: boolean;
          json?: boolean;
        },
      ) => {
        const { readFile } = await import("node:fs/promises");
        const { basename } = await import("node:path");
        const { importDocument } = await import("../services/imports/import-document.js");
        const { printImport } = await import("./print-import.js");
        const bytes = await readFile(file).catch(() => {
          throw new AppError("not_found", `No se puede leer el archivo ${file}.`, undefined, {
            code: "file_unreadable",
            params: { file },
          });
        });
        const year = options.year === undefined ? undefined : Number(options.year);
        if (year !== undefined && !Number.isInteger(year)) {
          throw new AppError("validation", `--year debe ser un año (recibido «${options.year}»).`, "year", {
            code: "invalid_field",
            params: { field: "year" },
          });
        }
        const request = {
          fileName: basename(file),
          bytes,
          ...(year ? { year } : {}),
          ...(options.institution ? { institution: options.institution } : {}),
          skipErrorRows: options.skipErrors === true,
          dryRun: options.dryRun === true,
        };
        const outcome = options.dryRun
          ? await importDocument(null, request)
          : await withDatabase((database) => importDocument(database.db, request));
        printImport(outcome, { json: options.json === true, dryRun: options.dryRun === true });
        if (outcome.status === "refused") process.exitCode = 2;
      },
    );

  registerReportCommand(program);
  registerBackupCommands(program);

  const snapshot = program.command("snapshot").description("copias automáticas de la base embebida (PGlite)");
  snapshot
    .command("list")
    .description("lista las copias automáticas, la más reciente primero")
    .action(async () => {
      const dir = `${process.env.AVANCE_DATA_DIR ?? "data"}/backups`;
      const all = await listSnapshots(dir);
      console.log(all.length ? all.join("\n") : `No hay copias en ${dir}.`);
    });
  snapshot
    .command("restore <archivo>")
    .description("reemplaza la base embebida por una copia (la actual se aparta, no se borra)")
    .action(async (file: string) => {
      const dataRoot = process.env.AVANCE_DATA_DIR ?? "data";
      const { movedAside } = await restoreSnapshot(file, dataRoot);
      console.log(
        `Base restaurada desde ${file}.${movedAside ? ` Los datos anteriores quedaron en ${dataRoot}/${movedAside}.` : ""}`,
      );
    });

  return program;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

export async function main(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof AppError) {
      console.error(`Error: ${error.message}`);
      // `import` promises exit 2 for a refused document; other commands exit 1.
      process.exitCode = argv[2] === "import" ? 2 : 1;
      return;
    }
    throw error;
  }
}
