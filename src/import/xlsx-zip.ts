/**
 * The xlsx rebuilt for ExcelJS's streaming reader, which decodes every chunk of a zip entry to
 * text on its own: a multi-byte UTF-8 character split between two chunks came out as "��"
 * (6 names in a 100,000-activity POI). Written as XML character references, the parts are pure
 * ASCII and parse to the same text, so no chunk boundary can fall inside a character.
 */
import { isAscii } from "node:buffer";
import { Readable } from "node:stream";
import JSZip from "jszip";

const XML_PART = /\.(xml|rels)$/i;
// ExcelJS's own test for a worksheet entry.
const WORKSHEET = /xl\/worksheets\/sheet\d+[.]xml/;
// By code point (`u`), so a character outside the BMP is one reference, not two surrogates.
const NON_ASCII = /[\u0080-\u{10FFFF}]/gu;
// Not fatal, as ExcelJS's decoding is not: a byte that is no UTF-8 reads as U+FFFD as before.
// It drops a leading byte-order mark, which as a reference would be text before the root.
const utf8 = new TextDecoder();
// A stored entry reaches ExcelJS in the chunks it is given, and ExcelJS gathers a chunk's
// parse events before handing them on: the whole rebuilt zip as one chunk held every cell's
// events at once (3.4 GB for 100,000 activities).
const CHUNK = 64 * 1024;

function asciiXml(bytes: Uint8Array): Buffer {
  const text = utf8.decode(bytes).replace(NON_ASCII, (char) => `&#${char.codePointAt(0)};`);
  return Buffer.from(text, "latin1");
}

function* chunks(buffer: Buffer): Generator<Buffer> {
  for (let start = 0; start < buffer.length; start += CHUNK) yield buffer.subarray(start, start + CHUNK);
}

/** Read in chunks, not inflated whole: a 100,000-activity sheet is 67 MB of ASCII. */
function asciiEntry(entry: JSZip.JSZipObject): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const stream = entry.nodeStream("nodebuffer");
    stream
      .on("data", (chunk: Buffer) => {
        if (isAscii(chunk)) return;
        stream.pause();
        resolve(false);
      })
      .on("error", reject)
      .on("end", () => resolve(true))
      .resume();
  });
}

/**
 * Every XML entry is read before ExcelJS sees the zip, so a damaged one rejects here: ExcelJS
 * pipes its input without passing on the input's errors, and would wait for ever.
 */
export async function asciiWorkbook(bytes: Uint8Array): Promise<Readable> {
  const zip = await JSZip.loadAsync(bytes);
  for (const entry of Object.values(zip.files)) {
    if (entry.dir || !XML_PART.test(entry.name)) continue;
    if (await asciiEntry(entry)) continue;
    const content = await entry.async("uint8array");
    // Stored: deflating it again costs more than ExcelJS saves reading fewer bytes (100,000
    // activities read in 4.4 s so, 3.9 s stored). An entry left as it was (ASCII already, or no
    // XML) keeps its compressed bytes, neither inflated nor deflated again when the zip is written.
    zip.file(entry.name, asciiXml(content), { compression: "STORE" });
  }
  // Worksheets after the shared strings, styles and workbook: ExcelJS streams a sheet it meets
  // after those instead of spooling it to a temporary file to read once the zip is done. JSZip
  // writes entries in the order of its `files`, and only moving the object keeps its bytes.
  for (const name of Object.keys(zip.files).filter((name) => WORKSHEET.test(name))) {
    const entry = zip.files[name];
    delete zip.files[name];
    if (entry) zip.files[name] = entry;
  }
  // Deflated here is only an entry the source stored: at the fastest level, as these bytes are
  // read once and dropped (a 67 MB stored sheet: 7.1 s at the default level, 4.9 s at this one).
  const rebuilt = await zip.generateAsync({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level: 1 },
  });
  return Readable.from(chunks(rebuilt));
}
