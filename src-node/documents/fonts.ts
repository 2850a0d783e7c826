/**
 * The bundled CJK fonts (resources/fonts, see its README.md): where they are, loading them
 * once per process, and what each one covers.
 *
 * Three TrueType (glyf) fonts, stored brotli-compressed and inflated with Node's zlib:
 *   body   Yichuang Serif SC Regular (Noto Serif CJK SC): all of the URO, Extension A, GBK symbols
 *   title  Yichuang Serif SC Bold: GB 2312
 *   ext-b  Yichuang Ext B (HanaMinB): CJK Extension B, loaded only when a text needs it
 * Text is drawn with a per-character fallback chain (FONT_CHAINS): a character the first
 * font lacks comes from the next one.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress } from 'node:zlib';
import fontkit from '@pdf-lib/fontkit';
import { z } from 'zod';

const inflate = promisify(brotliDecompress);

export const FontRole = z.enum(['body', 'title', 'ext-b']);
export type FontRole = z.infer<typeof FontRole>;

/** Per-character fallback order for each text style. */
export const FONT_CHAINS = {
  body: ['body', 'ext-b'],
  title: ['title', 'body', 'ext-b'],
} as const satisfies Record<string, readonly FontRole[]>;
export type TextStyle = keyof typeof FONT_CHAINS;

const ManifestEntry = z.object({
  file: z.string().regex(/^[A-Za-z0-9._-]+$/),
  role: FontRole,
  family: z.string(),
  style: z.string(),
  postscriptName: z.string().regex(/^[A-Za-z0-9-]+$/),
  compression: z.enum(['brotli']).nullable(),
  ttfBytes: z.number().int().positive(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.string(),
  codePoints: z.number().int().positive(),
  covers: z.string(),
});
export const FontManifest = z.object({ fonts: z.array(ManifestEntry).min(1) });
export type FontManifest = z.infer<typeof FontManifest>;
export type FontManifestEntry = z.infer<typeof ManifestEntry>;

/** A loaded font: its TrueType bytes (for pdf-lib) and cached metrics (for layout). */
export interface FontFace {
  readonly role: FontRole;
  readonly postscriptName: string;
  /** The uncompressed TrueType file. */
  readonly bytes: Uint8Array;
  readonly unitsPerEm: number;
  has(codePoint: number): boolean;
  /** Advance width in em (1 = the font size). Only for code points `has` accepts. */
  advance(codePoint: number): number;
  /** The parsed font (shared with pdf-lib through `fontkitFor`, so each font is parsed once). */
  readonly parsed: fontkit.Font;
}

/**
 * A fontkit for pdf-lib's `registerFontkit` that hands back the already parsed font for the
 * bytes of a loaded face instead of parsing (loca, hmtx, cmap: tens of ms) again for every
 * document. Other bytes are parsed as usual.
 */
export function fontkitFor(faces: readonly (FontFace | undefined)[]): { create(bytes: Uint8Array): fontkit.Font } {
  return {
    create(bytes: Uint8Array) {
      return faces.find((f) => f?.bytes === bytes)?.parsed ?? fontkit.create(bytes);
    },
  };
}

export class FontError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FontError';
  }
}

const MANIFEST = 'fonts.json';

/**
 * Where the fonts are: an explicit directory, `YICHUANG_FONTS_DIR`, Electron's
 * `process.resourcesPath/fonts` (packaged app), or `resources/fonts` found by walking up
 * from the working directory or the running script.
 */
export function resolveFontsDir(explicit?: string): string {
  const tried: string[] = [];
  const ok = (dir: string) => {
    tried.push(dir);
    return existsSync(path.join(dir, MANIFEST));
  };
  if (explicit) {
    if (ok(explicit)) return explicit;
    throw new FontError(`字体目录中没有 ${MANIFEST}: ${explicit} (fonts directory has no manifest)`);
  }
  const env = process.env.YICHUANG_FONTS_DIR;
  if (env && ok(env)) return env;
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath && ok(path.join(resourcesPath, 'fonts'))) return path.join(resourcesPath, 'fonts');
  const starts = [process.cwd(), process.argv[1] ? path.dirname(path.resolve(process.argv[1])) : undefined];
  for (const start of starts) {
    if (!start) continue;
    for (let dir = start; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, 'resources', 'fonts');
      if (ok(candidate)) return candidate;
      if (path.dirname(dir) === dir) break;
    }
  }
  throw new FontError(
    `找不到内置字体 (resources/fonts/${MANIFEST})，可设置 YICHUANG_FONTS_DIR (bundled fonts not found; tried ${tried.slice(0, 4).join(', ')}…)`,
  );
}

/** The fonts of one directory, each loaded at most once per process. */
export class FontLibrary {
  private static readonly open_ = new Map<string, FontLibrary>();
  private readonly loading = new Map<FontRole, Promise<FontFace>>();
  private readonly loaded = new Map<FontRole, FontFace>();

  private constructor(
    readonly dir: string,
    readonly manifest: FontManifest,
  ) {}

  static open(dir?: string): FontLibrary {
    const resolved = path.resolve(resolveFontsDir(dir));
    let lib = FontLibrary.open_.get(resolved);
    if (!lib) {
      let manifest: FontManifest;
      try {
        manifest = FontManifest.parse(JSON.parse(readFileSync(path.join(resolved, MANIFEST), 'utf8')));
      } catch (e) {
        throw new FontError(`字体清单 ${MANIFEST} 无效 (invalid font manifest): ${(e as Error).message}`);
      }
      lib = new FontLibrary(resolved, manifest);
      FontLibrary.open_.set(resolved, lib);
    }
    return lib;
  }

  entry(role: FontRole): FontManifestEntry {
    const e = this.manifest.fonts.find((f) => f.role === role);
    if (!e) throw new FontError(`字体清单缺少 ${role} 字体 (manifest has no ${role} font)`);
    return e;
  }

  /** The face if already loaded (synchronous; for layout after `face()` resolved). */
  loadedFace(role: FontRole): FontFace | undefined {
    return this.loaded.get(role);
  }

  face(role: FontRole): Promise<FontFace> {
    let p = this.loading.get(role);
    if (!p) {
      p = this.load(role).then((f) => {
        this.loaded.set(role, f);
        return f;
      });
      p.catch(() => this.loading.delete(role));
      this.loading.set(role, p);
    }
    return p;
  }

  private async load(role: FontRole): Promise<FontFace> {
    const e = this.entry(role);
    const file = path.join(this.dir, e.file);
    let raw: Buffer;
    try {
      raw = await readFile(file);
    } catch (err) {
      throw new FontError(`无法读取字体文件 ${file} (cannot read font): ${(err as Error).message}`);
    }
    const bytes = e.compression === 'brotli' ? await inflate(raw).catch(() => null) : raw;
    if (!bytes || createHash('sha256').update(bytes).digest('hex') !== e.sha256)
      throw new FontError(`字体文件 ${e.file} 已损坏 (SHA-256 与清单不符) (font file corrupt: digest mismatch)`);
    return makeFace(role, e.postscriptName, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }
}

function makeFace(role: FontRole, postscriptName: string, bytes: Uint8Array): FontFace {
  const font = fontkit.create(bytes);
  const upem = font.unitsPerEm;
  const hasCache = new Map<number, boolean>();
  const advCache = new Map<number, number>();
  return {
    role,
    postscriptName,
    bytes,
    unitsPerEm: upem,
    parsed: font,
    has(cp) {
      let h = hasCache.get(cp);
      if (h === undefined) {
        h = font.hasGlyphForCodePoint(cp);
        hasCache.set(cp, h);
      }
      return h;
    },
    advance(cp) {
      let a = advCache.get(cp);
      if (a === undefined) {
        a = font.glyphForCodePoint(cp).advanceWidth / upem;
        advCache.set(cp, a);
      }
      return a;
    },
  };
}
