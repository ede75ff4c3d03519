/**
 * The xlsx rebuilt for ExcelJS's streaming reader, which decodes every chunk of a zip entry to
 * text on its own: a multi-byte UTF-8 character split between two chunks came out as "��"
 * (6 names in a 100,000-activity POI). Written as XML character references, the parts are pure
 * ASCII and parse to the same text, so no chunk boundary can fall inside a character.
 *
 * Only the parts ExcelJS reads are kept, and each is measured as it inflates before ExcelJS
 * sees any: a few kilobytes of zip can inflate to gigabytes, and ExcelJS would inflate every
 * entry, even those it ignores.
 */
import { isAscii } from "node:buffer";
import { Readable, Transform } from "node:stream";
import JSZip from "jszip";
import { LimitExceeded, type ReadBudget } from "./limits.js";

// ExcelJS's own names for the parts it reads (WorkbookReader); it drains every other entry.
const WORKBOOK_PARTS = new Set([
  "xl/_rels/workbook.xml.rels",
  "xl/workbook.xml",
  "xl/sharedStrings.xml",
  "xl/styles.xml",
]);
// ExcelJS's own test for a worksheet entry.
const WORKSHEET = /xl\/worksheets\/sheet\d+[.]xml/;
const SHARED_STRINGS = "xl/sharedStrings.xml";
const NO_SHARED_STRINGS =
  '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"/>';
// By code point (`u`), so a character outside the BMP is one reference, not two surrogates.
const NON_ASCII = /[\u0080-\u{10FFFF}]/gu;
// A stored entry reaches ExcelJS in the chunks it is given, and ExcelJS gathers a chunk's
// parse events before handing them on: the whole rebuilt zip as one chunk held every cell's
// events at once (3.4 GB for 100,000 activities).
const CHUNK = 64 * 1024;
const MEGABYTE = 1024 * 1024;
const DIRECTORY_ENTRY = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

const isRead = (entry: JSZip.JSZipObject) =>
  !entry.dir && (WORKBOOK_PARTS.has(entry.name) || WORKSHEET.test(entry.name));

/** The size the zip's directory gives an entry inflated, read before inflating anything. */
function declaredSize(entry: JSZip.JSZipObject): number {
  return (entry as unknown as { _data?: { uncompressedSize?: number } })._data?.uncompressedSize ?? 0;
}

/**
 * Counts the entries (`<si>`) of the shared-strings part as it streams by. A tag may straddle
 * two chunks: the last bytes of one are read again with the next.
 */
class StringCounter {
  count = 0;
  private tail = Buffer.alloc(0);

  add(chunk: Buffer): void {
    const text = this.tail.length ? Buffer.concat([this.tail, chunk]) : chunk;
    // "<si" and the byte after it, which ends the name: ">", "/" or white space, not "<sic…".
    for (let at = text.indexOf("<si"); at !== -1 && at + 3 < text.length; at = text.indexOf("<si", at + 3)) {
      const next = text[at + 3];
      if (next === 0x3e || next === 0x2f || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d)
        this.count++;
    }
    this.tail = Buffer.from(text.subarray(Math.max(0, text.length - 3)));
  }
}

type Inflated = { total: number };

/**
 * Inflates one entry as a stream, measuring it, and says whether it is ASCII already. Every
 * part is read so before ExcelJS sees the zip, so a damaged one rejects here: ExcelJS pipes its
 * input without passing on the input's errors, and would wait for ever.
 */
function measureEntry(entry: JSZip.JSZipObject, inflated: Inflated, budget: ReadBudget): Promise<boolean> {
  const declared = declaredSize(entry);
  const strings = entry.name === SHARED_STRINGS ? new StringCounter() : undefined;
  let size = 0;
  let ascii = true;
  const measure = (chunk: Buffer) => {
    size += chunk.length;
    inflated.total += chunk.length;
    // JSZip itself refuses such an entry, but only once it has inflated all of it.
    if (size > declared)
      throw new LimitExceeded(
        `La parte ${entry.name} del libro se descomprime en más de lo que declara: el archivo está dañado o manipulado`,
      );
    if (inflated.total > budget.limits.expandedMegabytes * MEGABYTE) throw budget.tooLarge();
    if (ascii && !isAscii(chunk)) ascii = false;
    if (strings) {
      strings.add(chunk);
      if (strings.count > budget.limits.sharedStrings) throw budget.tooManyStrings();
    }
    budget.time();
  };
  return new Promise((resolve, reject) => {
    // JSZip's stream (readable-stream 2) is not async-iterable.
    const stream = entry.nodeStream("nodebuffer");
    let failed = false;
    stream
      .on("data", (chunk: Buffer) => {
        if (failed) return;
        try {
          measure(chunk);
        } catch (error) {
          failed = true;
          stream.pause();
          reject(error);
        }
      })
      .on("error", reject)
      .on("end", () => resolve(ascii))
      .resume();
  });
}

function asciiBytes(text: string): Buffer {
  return Buffer.from(
    text.replace(NON_ASCII, (char) => `&#${char.codePointAt(0)};`),
    "latin1",
  );
}

/**
 * An entry as ASCII, converted as it inflates: never the whole part as text, or as text and
 * bytes and text again (a 67 MB sheet was four copies at once).
 */
function asciiEntry(entry: JSZip.JSZipObject): Readable {
  // Not fatal, as ExcelJS's decoding is not: a byte that is no UTF-8 reads as U+FFFD as before.
  // It drops a leading byte-order mark, which as a reference would be text before the root.
  const utf8 = new TextDecoder();
  const push = (stream: Transform, bytes: Buffer) => {
    for (let start = 0; start < bytes.length; start += CHUNK)
      stream.push(bytes.subarray(start, start + CHUNK));
  };
  return entry.nodeStream("nodebuffer").pipe(
    new Transform({
      transform(chunk: Buffer, _encoding, done) {
        push(this, asciiBytes(utf8.decode(chunk, { stream: true })));
        done();
      },
      flush(done) {
        push(this, asciiBytes(utf8.decode()));
        done();
      },
    }),
  );
}

/**
 * Whether the zip lists more than `limit` entries: JSZip builds an object for each in one go
 * (4 s for the 200,000 empty entries of an 18 MB zip). The headers are counted by their
 * signature, not taken from the directory's end record, which a crafted zip may understate.
 */
function moreEntriesThan(bytes: Uint8Array, limit: number): boolean {
  const zip = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let count = 0;
  for (let at = zip.indexOf(DIRECTORY_ENTRY); at !== -1; at = zip.indexOf(DIRECTORY_ENTRY, at + 4))
    if (++count > limit) return true;
  return false;
}

export async function asciiWorkbook(bytes: Uint8Array, budget: ReadBudget): Promise<Readable> {
  if (moreEntriesThan(bytes, budget.limits.entries)) throw budget.tooManyEntries();
  const zip = await JSZip.loadAsync(bytes);
  const parts = Object.values(zip.files).filter(isRead);
  for (const entry of Object.values(zip.files)) if (!isRead(entry)) delete zip.files[entry.name];
  budget.sheets(parts.filter((entry) => WORKSHEET.test(entry.name)).length, "hojas", true);
  const declared = parts.reduce((total, entry) => total + declaredSize(entry), 0);
  if (declared > budget.limits.expandedMegabytes * MEGABYTE) throw budget.tooLarge();

  const inflated = { total: 0 };
  for (const entry of parts) {
    if (await measureEntry(entry, inflated, budget)) continue;
    // Stored: deflating it again costs more than ExcelJS saves reading fewer bytes (100,000
    // activities read in 4.4 s so, 3.9 s stored). An entry left as it was (ASCII already, or no
    // XML) keeps its compressed bytes, neither inflated nor deflated again when the zip is written.
    zip.file(entry.name, asciiEntry(entry), { compression: "STORE" });
  }
  // A workbook of inline texts has no shared strings, and ExcelJS then spools every sheet to a
  // temporary file to read at the end, where it lost some at random (4 of 6 sheets, 26 of 40).
  if (!zip.files[SHARED_STRINGS]) zip.file(SHARED_STRINGS, NO_SHARED_STRINGS);
  // Worksheets after the shared strings, styles and workbook: ExcelJS streams a sheet it meets
  // after those instead of spooling it to a temporary file to read once the zip is done. JSZip
  // writes entries in the order of its `files`, and only moving the object keeps its bytes.
  for (const name of Object.keys(zip.files).filter((name) => WORKSHEET.test(name))) {
    const entry = zip.files[name];
    delete zip.files[name];
    if (entry) zip.files[name] = entry;
  }
  // Written as ExcelJS reads it, one entry held at a time, never the whole zip. Deflated here is
  // only an entry the source stored: at the fastest level, as these bytes are read once and
  // dropped (a 67 MB stored sheet: 7.1 s at the default level, 4.9 s at this one).
  const written = zip.generateNodeStream({
    type: "nodebuffer",
    compression: "DEFLATE",
    compressionOptions: { level: 1 },
    streamFiles: false,
  });
  // JSZip's stream is readable-stream 2's, which ExcelJS does not take for a stream.
  return new Readable().wrap(written);
}
