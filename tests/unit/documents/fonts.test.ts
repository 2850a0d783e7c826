// The bundled fonts: present, intact, TrueType, covering what documents print, and
// surviving pdf-lib's subsetter with their outlines and their Unicode mapping intact.
import { inflateSync } from 'node:zlib';
import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import fontkit from '@pdf-lib/fontkit';
import { type PDFArray, PDFDict, PDFDocument, PDFName, type PDFRawStream, type PDFRef } from 'pdf-lib';
import { FontLibrary, FontRole, resolveFontsDir } from '../../../src-node/documents';

const lib = FontLibrary.open();
const ROLES = FontRole.options;

/** Characters a two-byte code of the GB codec decodes to (GB 2312: rows 0xB0-0xF7 hanzi). */
function gbHanzi(codec: 'gb18030', lead: [number, number], trail: [number, number]): string[] {
  const dec = new TextDecoder(codec, { fatal: true });
  const out: string[] = [];
  for (let hi = lead[0]; hi <= lead[1]; hi++)
    for (let lo = trail[0]; lo <= trail[1]; lo++) {
      try {
        const s = dec.decode(new Uint8Array([hi, lo]));
        const cp = s.codePointAt(0)!;
        if (Array.from(s).length === 1 && ((cp >= 0x4e00 && cp <= 0x9fff) || (cp >= 0x3400 && cp <= 0x4dbf))) out.push(s);
      } catch {
        // unassigned
      }
    }
  return out;
}
const GB2312_HANZI = gbHanzi('gb18030', [0xb0, 0xf7], [0xa1, 0xfe]);
const GBK_HANZI = gbHanzi('gb18030', [0x81, 0xfe], [0x40, 0xfe]);

function sfntTables(bytes: Uint8Array): { version: number; tags: string[] } {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = v.getUint16(4);
  const tags: string[] = [];
  for (let i = 0; i < n; i++) tags.push(String.fromCharCode(...bytes.subarray(12 + 16 * i, 16 + 16 * i)));
  return { version: v.getUint32(0), tags };
}

describe('the bundled fonts', () => {
  it('live in resources/fonts with their licences and a README, under 25 MB in all', () => {
    const dir = resolveFontsDir();
    expect(path.relative(process.cwd(), dir)).toBe(path.join('resources', 'fonts'));
    let total = 0;
    for (const f of lib.manifest.fonts) total += statSync(path.join(dir, f.file)).size;
    expect(total).toBeLessThan(25 * 1024 * 1024);
    for (const f of ['README.md', 'LICENSE-NotoSerifCJK-OFL-1.1.txt', 'LICENSE-Hanazono.txt']) expect(existsSync(path.join(dir, f)), f).toBe(true);
    expect(lib.manifest.fonts.map((f) => f.role).sort()).toEqual([...ROLES].sort());
  });

  it.each(ROLES)('%s is a TrueType (glyf) font whose bytes match the manifest', async (role) => {
    const face = await lib.face(role); // the loader checks the SHA-256
    const { version, tags } = sfntTables(face.bytes);
    expect(version).toBe(0x00010000);
    expect(tags).toEqual(expect.arrayContaining(['glyf', 'loca', 'cmap', 'hmtx', 'head']));
    expect(tags).not.toContain('CFF ');
    expect(face.bytes.length).toBe(lib.entry(role).ttfBytes);
  }, 30_000);

  it.each(ROLES)('%s maps every glyph from exactly one code point (so ToUnicode is exact)', async (role) => {
    const font = fontkit.create((await lib.face(role)).bytes);
    const seen = new Map<number, number>();
    for (const cp of font.characterSet) {
      const id = font.glyphForCodePoint(cp).id;
      if (id === 0) continue; // the cmap's closing 0xFFFF segment: not a character
      expect(seen.has(id), `glyph ${id}: U+${cp.toString(16)} and U+${seen.get(id)?.toString(16)}`).toBe(false);
      seen.set(id, cp);
    }
    expect(seen.size).toBe(lib.entry(role).codePoints);
  }, 60_000);

  it('body text covers all of GBK’s hanzi (and so GB 2312), the title font all of GB 2312', async () => {
    expect(GB2312_HANZI.length).toBe(6763);
    expect(GBK_HANZI.length).toBeGreaterThan(20_000);
    const body = await lib.face('body');
    const title = await lib.face('title');
    expect(GBK_HANZI.filter((c) => !body.has(c.codePointAt(0)!))).toEqual([]);
    expect(GB2312_HANZI.filter((c) => !title.has(c.codePointAt(0)!))).toEqual([]);
    for (const c of '〇，。、；：？！（）《》“”‘’〔〕【】—…·　０１ＡＢ￥℃①№') expect(body.has(c.codePointAt(0)!), c).toBe(true);
  });

  it('the fallback covers CJK Extension B, which the body font does not', async () => {
    const body = await lib.face('body');
    const extb = await lib.face('ext-b');
    let covered = 0;
    for (let cp = 0x20000; cp <= 0x2a6df; cp++) if (extb.has(cp)) covered++;
    expect(covered / (0x2a6df - 0x20000 + 1)).toBeGreaterThan(0.999);
    for (const c of ['𠈌', '𡎚', '𠀀', '𪚥']) {
      expect(extb.has(c.codePointAt(0)!), c).toBe(true);
      expect(body.has(c.codePointAt(0)!), c).toBe(false);
    }
  }, 30_000);
});

/** The embedded font programs of a PDF with their ToUnicode maps (CID → text). */
async function embeddedFonts(bytes: Uint8Array): Promise<{ name: string; program: Uint8Array; toUnicode: Map<number, string> }[]> {
  const doc = await PDFDocument.load(bytes);
  const ctx = doc.context;
  const stream = (ref: unknown) => {
    const s = ctx.lookup(ref as PDFRef) as PDFRawStream;
    return inflateSync(Buffer.from(s.contents));
  };
  const out = [];
  for (const [, obj] of ctx.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || obj.get(PDFName.of('Subtype'))?.toString() !== '/Type0') continue;
    const cid = ctx.lookup((obj.get(PDFName.of('DescendantFonts')) as PDFArray).get(0)) as PDFDict;
    const desc = ctx.lookup(cid.get(PDFName.of('FontDescriptor'))) as PDFDict;
    const cmap = stream(obj.get(PDFName.of('ToUnicode'))).toString('latin1');
    const toUnicode = new Map<number, string>();
    for (const m of cmap.matchAll(/<([0-9a-f]{4})> <([0-9a-f]+)>/gi)) {
      const units = m[2]!.match(/.{4}/g)!.map((h) => parseInt(h, 16));
      toUnicode.set(parseInt(m[1]!, 16), String.fromCharCode(...units));
    }
    out.push({ name: obj.get(PDFName.of('BaseFont'))!.toString().slice(1), program: new Uint8Array(stream(desc.get(PDFName.of('FontFile2')))), toUnicode });
  }
  return out;
}

describe('pdf-lib subsetting', () => {
  it.each([
    ['body', '王受理通知书〇一二三，。（）《》ABCxyz0123石家庄市长安区政务服务中心'],
    ['title', '受理通知书不予受理决定书补正材料告知书办件信息'],
    ['ext-b', '𠈌𡎚𠀀𪚥'],
  ] as const)('keeps every %s glyph’s outline and maps it back to its character', async (role, text) => {
    const face = await lib.face(role);
    const doc = await PDFDocument.create();
    doc.registerFontkit(fontkit);
    const font = await doc.embedFont(face.bytes, { subset: true });
    doc.addPage().drawText(text, { font, size: 12, x: 10, y: 10 });
    const [embedded] = await embeddedFonts(await doc.save());
    const source = fontkit.create(face.bytes);
    const subset = fontkit.create(embedded!.program);
    const chars = new Set(Array.from(text));
    expect(new Set(embedded!.toUnicode.values())).toEqual(chars);
    for (const [gid, ch] of embedded!.toUnicode) {
      const want = source.glyphForCodePoint(ch.codePointAt(0)!);
      const got = subset.getGlyph(gid);
      expect(got.path.toSVG(), ch).toBe(want.path.toSVG());
      expect(got.path.toSVG().length, ch).toBeGreaterThan(0);
      expect(got.advanceWidth, ch).toBe(want.advanceWidth);
    }
  }, 30_000);
});
