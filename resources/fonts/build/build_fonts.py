#!/usr/bin/env python3
"""
Rebuilds the bundled CJK fonts of resources/fonts from Debian's font packages.

    apt-get install fonts-noto-cjk fonts-hanazono python3-fonttools python3-brotli
    /usr/bin/python3 resources/fonts/build/build_fonts.py

What it makes (see ../README.md):
  All three are stored brotli-compressed (.ttf.br, like the glyf data inside WOFF2); the app
  inflates them with Node's zlib once per process.
  YichuangSerifSC-Regular.ttf   Noto Serif CJK SC Regular, CFF outlines converted to TrueType
                                (glyf) quadratic outlines, subset to the body-text repertoire.
  YichuangSerifSC-Bold.ttf      Noto Serif CJK SC Bold, same conversion, GB 2312 repertoire
                                (titles and headings; rarer characters fall back to Regular).
  YichuangExtB.ttf              HanaMinB (Hanazono Mincho B), all of CJK Unified Ideographs
                                Extension B (loaded only when a text needs it).
  fonts.json                    manifest: file, role, family, PostScript name, what it covers,
                                SHA-256 of the uncompressed TrueType bytes.

Why the conversion: pdf-lib's subsetter (fontkit TTFSubset) handles only glyf outlines; CFF
CJK fonts (.otf/.ttc) produce broken subsets. Why one code point per glyph: pdf-lib writes
the ToUnicode CMap from each glyph's code points, so a glyph shared by two code points
(Kangxi radical and ideograph, NBSP and space) would extract as both; such glyphs are
duplicated so every glyph maps from exactly one code point.
"""
import copy
import hashlib
import json
import os
import sys

import brotli
from fontTools import subset
from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTCollection, TTFont, newTable
from fontTools.ttLib.tables._c_m_a_p import CmapSubtable

OUT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))
NOTO_REGULAR = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc'
NOTO_BOLD = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc'
NOTO_SC_INDEX = 2  # JP, KR, SC, TC, HK
HANA_B = '/usr/share/fonts/truetype/hanazono/HanaMinB.ttf'


def gb_chars(codec):
    """Every character a two-byte code of the GB codec decodes to (hanzi and symbols)."""
    out = set()
    for hi in range(0x81, 0xFF):
        for lo in range(0x40, 0xFF):
            try:
                s = bytes([hi, lo]).decode(codec)
            except UnicodeDecodeError:
                continue
            if len(s) == 1 and 0x20 <= ord(s) and not (0xE000 <= ord(s) <= 0xF8FF):
                out.add(ord(s))
    return out


def ranges(*pairs):
    out = set()
    for a, b in pairs:
        out.update(range(a, b + 1))
    return out


LATIN = ranges((0x20, 0x7E), (0xA0, 0xFF), (0x2010, 0x2027), (0x2030, 0x203B), (0x20AC, 0x20AC))
# Body text: GBK's repertoire (all of the URO up to U+9FA5 plus symbols), the rest of the URO,
# Extension A, the compatibility ideographs, the radicals (sometimes typed for ideographs).
BODY = (
    LATIN
    | gb_chars('gbk')
    | ranges((0x3000, 0x303F), (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6), (0x3400, 0x4DBF), (0x4E00, 0x9FFF),
             (0xF900, 0xFAFF), (0x2E80, 0x2EFF), (0x2F00, 0x2FDF), (0x3200, 0x32FF), (0x2460, 0x24FF),
             (0x2160, 0x217F), (0x2190, 0x2199), (0x25A0, 0x25FF), (0x2600, 0x2606), (0x2E3A, 0x2E3B))
)
TITLE = LATIN | gb_chars('gb2312') | ranges((0x3000, 0x303F), (0xFF01, 0xFF5E), (0xFFE0, 0xFFE6))
EXT_B = ranges((0x20000, 0x2A6DF))


def subset_font(path, font_number, unicodes):
    opts = subset.Options()
    opts.layout_features = []
    opts.hinting = False
    opts.name_IDs = ['*']
    opts.name_languages = ['*']
    opts.notdef_outline = True
    opts.glyph_names = False
    opts.drop_tables += ['VORG', 'vhea', 'vmtx', 'GSUB', 'GPOS', 'BASE', 'GDEF', 'FFTM', 'DSIG', 'gasp']
    opts.font_number = font_number
    font = subset.load_font(path, opts)
    sub = subset.Subsetter(opts)
    sub.populate(unicodes=unicodes)
    sub.subset(font)
    return font


def cff_to_glyf(font):
    """CFF cubic outlines -> TrueType quadratic (max error 1 unit of 1000)."""
    order = font.getGlyphOrder()
    gs = font.getGlyphSet()
    glyf = newTable('glyf')
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(gs)
        gs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font['loca'] = newTable('loca')
    font['glyf'] = glyf
    del font['CFF ']
    font.recalcBBoxes = True
    for g in glyf.glyphs.values():
        g.recalcBounds(glyf)
    hmtx = font['hmtx']
    for name, g in glyf.glyphs.items():
        adv, _ = hmtx.metrics[name]
        hmtx.metrics[name] = (adv, g.xMin if g.numberOfContours != 0 else 0)
    maxp = newTable('maxp')
    maxp.tableVersion = 0x00010000
    for k in ('maxTwilightPoints', 'maxStorage', 'maxFunctionDefs', 'maxInstructionDefs',
              'maxStackElements', 'maxSizeOfInstructions', 'maxComponentElements'):
        setattr(maxp, k, 0)
    maxp.maxZones = 1
    font['maxp'] = maxp
    font['head'].glyphDataFormat = 0
    font.sfntVersion = '\x00\x01\x00\x00'


def one_code_point_per_glyph(font):
    """Duplicate glyphs reached from several code points; rebuild a plain format 4 + 12 cmap."""
    cmap = dict(font.getBestCmap())
    by_glyph = {}
    for cp, g in sorted(cmap.items()):
        by_glyph.setdefault(g, []).append(cp)
    order = list(font.getGlyphOrder())
    glyf = font['glyf']
    hmtx = font['hmtx']
    added = 0
    for g, cps in by_glyph.items():
        for cp in cps[1:]:
            new = 'u%04X' % cp
            glyf.glyphs[new] = copy.deepcopy(glyf[g])
            hmtx.metrics[new] = hmtx.metrics[g]
            order.append(new)
            cmap[cp] = new
            added += 1
    font.setGlyphOrder(order)
    glyf.glyphOrder = order
    bmp = {cp: g for cp, g in cmap.items() if cp <= 0xFFFF}
    tables = []
    for fmt, pid, eid, mapping in ((4, 3, 1, bmp), (12, 3, 10, cmap)):
        if fmt == 12 and max(cmap) <= 0xFFFF:
            continue
        st = CmapSubtable.newSubtable(fmt)
        st.platformID, st.platEncID, st.language = pid, eid, 0
        st.cmap = mapping
        tables.append(st)
    font['cmap'] = newTable('cmap')
    font['cmap'].tableVersion = 0
    font['cmap'].tables = tables
    post = font['post']
    post.formatType = 3.0
    post.extraNames = []
    post.mapping = {}
    return added


def rename(font, family, style, ps_name, note):
    name = font['name']
    keep = {0, 7, 8, 9, 11, 12, 13, 14}
    name.names = [n for n in name.names if n.nameID in keep]
    full = family if style == 'Regular' else f'{family} {style}'
    for nid, value in ((1, family), (2, style), (3, f'{ps_name};{note}'), (4, full), (5, 'Version 1.000; ' + note), (6, ps_name)):
        name.setName(value, nid, 3, 1, 0x409)
        name.setName(value, nid, 1, 0, 0)



def finish(font, filename, role, family, style, ps_name, source, covers, compress=True):
    added = one_code_point_per_glyph(font)
    rename(font, family, style, ps_name, source)
    # Pad every glyph to 4 bytes: fontkit's subsetter copies glyph data as is and may write a
    # short (offset/2) loca, which needs even glyph lengths.
    font['glyf'].padding = 4
    tmp = os.path.join(OUT, filename + '.tmp')
    font.save(tmp)
    data = open(tmp, 'rb').read()
    os.remove(tmp)
    check = TTFont(__import__('io').BytesIO(data))
    assert 'glyf' in check and 'CFF ' not in check, 'must be TrueType outlines'
    loca = check['loca']
    assert all(loca[i] % 4 == 0 for i in range(len(loca))), 'glyph data must be 4-byte aligned'
    rev = {}
    for cp, g in check.getBestCmap().items():
        assert g not in rev, f'{filename}: glyph {g} mapped from U+{rev.get(g, 0):04X} and U+{cp:04X}'
        rev[g] = cp
    out_name = filename + ('.br' if compress else '')
    blob = brotli.compress(data, quality=11, lgwin=24) if compress else data
    with open(os.path.join(OUT, out_name), 'wb') as f:
        f.write(blob)
    print(f'{out_name}: {len(blob):,} bytes ({len(data):,} uncompressed), '
          f'{check["maxp"].numGlyphs} glyphs, {len(rev)} code points, {added} duplicated')
    return {
        'file': out_name,
        'role': role,
        'family': family,
        'style': style,
        'postscriptName': ps_name,
        'compression': 'brotli' if compress else None,
        'bytes': len(blob),
        'ttfBytes': len(data),
        'sha256': hashlib.sha256(data).hexdigest(),
        'source': source,
        'codePoints': len(rev),
        'covers': covers,
    }


def main():
    entries = []
    noto_src = 'Debian fonts-noto-cjk 1:20220127+repack1-1, Noto Serif CJK SC 2.001'
    f = subset_font(NOTO_REGULAR, NOTO_SC_INDEX, BODY)
    cff_to_glyf(f)
    entries.append(finish(f, 'YichuangSerifSC-Regular.ttf', 'body', 'Yichuang Serif SC', 'Regular',
                          'YichuangSerifSC-Regular', noto_src,
                          'ASCII, Latin-1, GBK (all of U+4E00-9FA5 and its symbols), rest of U+4E00-9FFF, '
                          'Extension A, compatibility ideographs, radicals, CJK and full-width punctuation'))
    f = subset_font(NOTO_BOLD, NOTO_SC_INDEX, TITLE)
    cff_to_glyf(f)
    entries.append(finish(f, 'YichuangSerifSC-Bold.ttf', 'title', 'Yichuang Serif SC', 'Bold',
                          'YichuangSerifSC-Bold', noto_src.replace('Regular', 'Bold'),
                          'ASCII, Latin-1, GB 2312 (level-1 and level-2 hanzi and symbols), CJK and full-width punctuation'))
    f = subset_font(HANA_B, 0, EXT_B)
    entries.append(finish(f, 'YichuangExtB.ttf', 'ext-b', 'Yichuang Ext B', 'Regular', 'YichuangExtB-Regular',
                          'Debian fonts-hanazono 20170904-2.1, HanaMinB (GlyphWiki 2017-09-04)',
                          'CJK Unified Ideographs Extension B (U+20000-2A6DF)'))
    manifest = {
        'comment': 'Generated by build/build_fonts.py; see README.md. sha256 is of the uncompressed TrueType bytes.',
        'fonts': entries,
    }
    with open(os.path.join(OUT, 'fonts.json'), 'w', encoding='utf-8') as fh:
        json.dump(manifest, fh, ensure_ascii=False, indent=1)
        fh.write('\n')


if __name__ == '__main__':
    sys.exit(main())
