/**
 * The API's import preview: the document read within the preview store's budget and kept under a
 * token, so its commit writes exactly what the user saw.
 */
import type { ImportPreviews, PreviewOwner } from "./import-previews.js";
import { type Preview, previewDocument } from "./preview-document.js";

export async function previewImport(
  previews: ImportPreviews,
  owner: PreviewOwner,
  document: { bytes: Uint8Array; year?: number },
): Promise<{ token: string; preview: Preview }> {
  const done = previews.startReading(document.bytes);
  let preview: Preview;
  try {
    preview = await previewDocument({
      fileName: owner.fileName,
      bytes: document.bytes,
      ...(document.year ? { year: document.year } : {}),
      skipErrorRows: true,
    });
  } finally {
    done();
  }
  return { token: previews.put(owner, preview), preview };
}
