/**
 * What an evidence file is allowed to be. The type is read from the bytes (`file-type`), never
 * trusted from the browser: a file whose extension or declared type says one thing and whose
 * content is another is refused, so nothing uploaded as "a PDF" can be served as HTML or a
 * program. Text (CSV, TXT) has no signature: it is accepted only when no binary format is
 * detected and it holds no NUL bytes. Also the name it is stored under and what the audit log
 * keeps of it, which the upload and the removal share.
 */
import { fileTypeFromBuffer } from "file-type";
import { AppError } from "../../domain/errors.js";

type Kind = { label: string; contentType: string; extensions: string[]; text?: boolean };

const KINDS: Kind[] = [
  { label: "PDF", contentType: "application/pdf", extensions: ["pdf"] },
  { label: "PNG", contentType: "image/png", extensions: ["png"] },
  { label: "JPEG", contentType: "image/jpeg", extensions: ["jpg", "jpeg"] },
  {
    label: "XLSX",
    contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    extensions: ["xlsx"],
  },
  {
    label: "DOCX",
    contentType: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    extensions: ["docx"],
  },
  { label: "CSV", contentType: "text/csv", extensions: ["csv"], text: true },
  { label: "TXT", contentType: "text/plain", extensions: ["txt"], text: true },
];

const ALLOWED = KINDS.map((kind) => kind.label).join(", ");

/** Declared types that say nothing about the content. */
const GENERIC_TYPES = new Set(["", "application/octet-stream"]);

const MAX_NAME = 120;

/**
 * A file name safe to store and to send back: no directories, no control or invisible
 * formatting characters (a right-to-left override can disguise `fdp.exe` as `exe.pdf`), no
 * leading dots, at most 120 characters with the extension kept. Accents stay.
 */
export function sanitizeFileName(raw: string): string {
  const base = raw.normalize("NFC").split(/[/\\]/).at(-1) ?? "";
  const clean = base
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^\.+/, "");
  if (clean.length <= MAX_NAME) return clean || "evidencia";
  const dot = clean.lastIndexOf(".");
  const extension = dot > 0 && clean.length - dot <= 10 ? clean.slice(dot) : "";
  return Array.from(clean.slice(0, clean.length - extension.length))
    .slice(0, MAX_NAME - extension.length)
    .join("")
    .trimEnd()
    .concat(extension);
}

function extensionOf(fileName: string): string {
  const dot = fileName.lastIndexOf(".");
  return dot > 0 ? fileName.slice(dot + 1).toLowerCase() : "";
}

function describe(detected: string | undefined): string {
  if (!detected) return "texto o un formato no reconocido";
  const kind = KINDS.find((candidate) => candidate.contentType === detected);
  return kind ? kind.label : `de tipo ${detected}`;
}

/**
 * The stored content type of an upload, or a 400 naming the file: unknown extension, a
 * declared type that is not the extension's, or content that is not what the name says.
 */
export async function checkEvidenceType(
  fileName: string,
  declaredType: string,
  bytes: Buffer,
): Promise<string> {
  const extension = extensionOf(fileName);
  const kind = KINDS.find((candidate) => candidate.extensions.includes(extension));
  if (!kind) {
    throw new AppError(
      "validation",
      `El archivo «${fileName}» no es de un tipo admitido (${extension ? `.${extension}` : "sin extensión"}): se admiten ${ALLOWED}.`,
      "file",
      { code: "file_type_not_allowed", params: { file: fileName, extension, allowed: ALLOWED } },
    );
  }
  const declared = declaredType.split(";")[0]?.trim().toLowerCase() ?? "";
  const declaredOk =
    GENERIC_TYPES.has(declared) ||
    declared === kind.contentType ||
    (kind.text === true && declared.startsWith("text/")) ||
    (kind.label === "CSV" && declared === "application/vnd.ms-excel");
  if (!declaredOk) {
    throw new AppError(
      "validation",
      `El archivo «${fileName}» dice ser ${kind.label} pero se envió como ${declared}.`,
      "file",
      { code: "file_declared_type_mismatch", params: { file: fileName, kind: kind.label, declared } },
    );
  }
  const detected = (await fileTypeFromBuffer(bytes))?.mime;
  const contentOk = kind.text ? detected === undefined && !bytes.includes(0) : detected === kind.contentType;
  if (!contentOk) {
    throw new AppError(
      "validation",
      `El archivo «${fileName}» dice ser ${kind.label} pero su contenido es ${describe(detected)}.`,
      "file",
      { code: "file_content_mismatch", params: { file: fileName, kind: kind.label } },
    );
  }
  return kind.contentType;
}

/** What the audit log keeps of a file: never its bytes. */
export function auditedMeta(file: {
  fileName: string;
  size: number;
  contentType: string;
  sha256: string;
  month: number;
}) {
  return {
    fileName: file.fileName,
    size: file.size,
    contentType: file.contentType,
    sha256: file.sha256,
    month: file.month,
  };
}
