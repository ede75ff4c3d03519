import JSZip from "jszip";
import { describe, expect, it } from "vitest";
import { readDocument } from "../../src/import/read-document.js";
import { xlsxSheets } from "../../src/import/xlsx.js";

// Dense multi-byte text of varying length, so that the reader's chunk boundaries (16 KB of
// inflated XML apart) land inside two-, three- and four-byte characters many times over.
const ACCENTS = "áéíóúñÑ«»ü€";
const name = (n: number) => `ACTIVIDAD Nº ${n} «${ACCENTS.repeat((n % 7) + 1)}» ${"🎯".repeat(n % 3)}`;
const unit = (n: number) => `UNIDAD ORGÁNICA ${n % 97} — GESTIÓN «AÑO» ñandú 🏛️`;
const ROWS = 20_000;
const SHEET = "Programación año 2026 «ñ» 🎯";

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS = "http://schemas.openxmlformats.org/package/2006/relationships";
const OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/**
 * Written part by part rather than with ExcelJS, whose writer itself turns an emoji into "��" now
 * and then (in 2 of these 20,000 names when tried): the test must know every byte it hands the
 * reader. JSZip gets bytes, never a string: it encodes a string in slices that can split a
 * surrogate pair, which is how ExcelJS's writer (built on it) loses those emoji.
 */
async function accentedWorkbook(): Promise<Uint8Array> {
  const strings = ["UNIDAD", "ACTIVIDAD", ...Array.from({ length: ROWS }, (_, n) => name(n))];
  const units = Array.from({ length: 97 }, (_, n) => unit(n));
  strings.push(...units);
  const rows = [`<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>`];
  for (let n = 0; n < ROWS; n++) {
    const r = n + 2;
    rows.push(
      `<row r="${r}"><c r="A${r}" t="s"><v>${2 + ROWS + (n % 97)}</v></c>` +
        `<c r="B${r}" t="s"><v>${2 + n}</v></c><c r="C${r}"><v>${n}</v></c></row>`,
    );
  }
  const zip = new JSZip();
  const part = (path: string, xml: string) => zip.file(path, new TextEncoder().encode(xml));
  part(
    "[Content_Types].xml",
    `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      `<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>` +
      `<Default Extension="xml" ContentType="application/xml"/>` +
      `<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>` +
      `<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>` +
      `<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>` +
      `</Types>`,
  );
  part(
    "_rels/.rels",
    `${XML}<Relationships xmlns="${RELS}"><Relationship Id="rId1" Type="${OFFICE}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  // The worksheet first, as some writers store it: the reader must not depend on zip order.
  part(
    "xl/worksheets/sheet1.xml",
    `${XML}<worksheet xmlns="${MAIN}"><sheetData>${rows.join("")}</sheetData></worksheet>`,
  );
  part(
    "xl/sharedStrings.xml",
    `${XML}<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">` +
      `${strings.map((text) => `<si><t>${text}</t></si>`).join("")}</sst>`,
  );
  part(
    "xl/workbook.xml",
    `${XML}<workbook xmlns="${MAIN}" xmlns:r="${OFFICE}"><sheets><sheet name="${SHEET}" sheetId="1" r:id="rId1"/></sheets></workbook>`,
  );
  part(
    "xl/_rels/workbook.xml.rels",
    `${XML}<Relationships xmlns="${RELS}">` +
      `<Relationship Id="rId1" Type="${OFFICE}/worksheet" Target="worksheets/sheet1.xml"/>` +
      `<Relationship Id="rId2" Type="${OFFICE}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
  );
  return zip.generateAsync({ type: "uint8array", compression: "DEFLATE" });
}

/** The rows that do not read back as written, with what was read. */
function misread(rows: readonly string[][]): string[][] {
  return rows
    .slice(1)
    .flatMap((row, n) =>
      row[0] === unit(n) && row[1] === name(n) && row[2] === String(n) ? [] : [[String(n), ...row]],
    );
}

describe("an xlsx full of accented text", async () => {
  const bytes = await accentedWorkbook();

  it("reads back every character exactly as written", async () => {
    const [sheet] = await xlsxSheets(bytes, "poi.xlsx");
    expect(sheet?.name).toBe(SHEET);
    expect(sheet?.rows.length).toBe(ROWS + 1);
    expect(misread(sheet?.rows ?? [])).toEqual([]);
  });

  it("reads a part that starts with a byte-order mark the same", async () => {
    const zip = await JSZip.loadAsync(bytes);
    const strings = (await zip.file("xl/sharedStrings.xml")?.async("nodebuffer")) ?? Buffer.alloc(0);
    zip.file("xl/sharedStrings.xml", Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), strings]));
    const [sheet] = await xlsxSheets(await zip.generateAsync({ type: "uint8array" }), "poi.xlsx");
    expect(sheet?.rows.length).toBe(ROWS + 1);
    expect(misread(sheet?.rows ?? [])).toEqual([]);
  });

  // ExcelJS alone never settled on this file: the error stayed inside the entry it spooled.
  it("refuses, in one sentence, a workbook whose worksheet does not inflate", async () => {
    const broken = Buffer.from(bytes);
    const nameAt = (header: number) =>
      broken.toString("latin1", header + 30, header + 30 + broken.readUInt16LE(header + 26));
    let header = broken.indexOf("PK\x03\x04");
    while (nameAt(header) !== "xl/worksheets/sheet1.xml") header = broken.indexOf("PK\x03\x04", header + 4);
    // Block type 3 does not exist: the first byte of the entry's deflate stream says so.
    broken[header + 30 + broken.readUInt16LE(header + 26) + broken.readUInt16LE(header + 28)] = 0xff;
    const result = await readDocument({ fileName: "poi.xlsx", bytes: broken });
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: "error", message: expect.stringMatching(/ZIP/) }),
    ]);
  });
});
