/**
 * What later incremental updates changed after a signed revision (the PDF "shadow attack"
 * class: hide, replace, hide-and-replace — content that was not visible or not there when
 * the document was signed is shown afterwards, while the signature over the earlier
 * revision still verifies).
 *
 * Allowed after a signature, and only these: adding further signatures — a new signature
 * field/widget (FT /Sig with a /V) appended to a page's /Annots and to the AcroForm's
 * /Fields, its signature dictionary and appearance — /SigFlags, the AcroForm's default
 * resources, and a /DSS (validation data for long-term signatures). Everything else is
 * reported: new or changed page content, other annotations, form values, pages added or
 * removed, a replaced catalog, changed metadata, deleted objects.
 */
import {
  asArray,
  canonical,
  decodeTextString,
  get,
  isDict,
  isName,
  isRef,
  type PdfDict,
  type PdfIndirect,
  type PdfValue,
} from './objects';
import type { PdfReader, XrefSection, XrefState } from './reader';

export interface Change {
  /** 1-based number of the later revision (1 = the first update after the signed revision). */
  revision: number;
  allowed: boolean;
  kind: 'signature' | 'content' | 'page' | 'annotation' | 'form' | 'catalog' | 'metadata' | 'deleted' | 'other';
  object?: number;
  /** 1-based page number, when the change is on a page. */
  page?: number;
  description: string;
}

interface Context {
  reader: PdfReader;
  before: XrefState;
  after: XrefState;
  revision: number;
  changes: Change[];
  pageOf: Map<number, number>;
  annotsArrayPage: Map<number, number>;
  contentPage: Map<number, number>;
  catalogNum: number | undefined;
  acroFormNum: number | undefined;
  fieldsArrayNum: number | undefined;
  infoNum: number | undefined;
  newFieldRefs: Set<number>;
}

function push(ctx: Context, c: Omit<Change, 'revision'>): void {
  ctx.changes.push({ revision: ctx.revision, ...c });
}

async function sameStream(ctx: Context, a: PdfIndirect, b: PdfIndirect): Promise<boolean> {
  if (!a.stream || !b.stream) return !a.stream && !b.stream;
  const [x, y] = await Promise.all([ctx.reader.streamBytes(a, ctx.before), ctx.reader.streamBytes(b, ctx.after)]);
  return x.equals(y);
}

function changedKeys(a: PdfDict, b: PdfDict): string[] {
  const keys = new Set([...a.entries.keys(), ...b.entries.keys()]);
  return [...keys].filter((k) => (k === 'Length' ? false : canonical(get(a, k)) !== canonical(get(b, k))));
}

/** A new signature field/widget: FT /Sig (possibly inherited) with a value. */
async function isSignatureWidget(ctx: Context, v: PdfValue): Promise<boolean> {
  const d = await ctx.reader.resolveDict(v, ctx.after);
  if (!d) return false;
  let ft = get(d, 'FT');
  if (!ft) ft = get(await ctx.reader.resolveDict(get(d, 'Parent'), ctx.after), 'FT');
  return isName(ft, 'Sig') && get(d, 'V') !== undefined && (!get(d, 'Subtype') || isName(get(d, 'Subtype'), 'Widget'));
}

/** `after` keeps every element of `before`, in order, and only appends; returns the appended ones. */
function appended(before: PdfValue[], after: PdfValue[]): PdfValue[] | null {
  if (after.length < before.length) return null;
  for (let i = 0; i < before.length; i++) if (canonical(before[i]) !== canonical(after[i])) return null;
  return after.slice(before.length);
}

async function checkAppendedWidgets(ctx: Context, before: PdfValue[], after: PdfValue[], where: { page?: number; list: 'annots' | 'fields'; object?: number }): Promise<void> {
  const added = appended(before, after);
  const label = where.list === 'annots' ? `第 ${where.page} 页的注释列表` : '表单域列表';
  if (!added) {
    push(ctx, {
      allowed: false,
      kind: where.list === 'annots' ? 'annotation' : 'form',
      ...(where.page ? { page: where.page } : {}),
      ...(where.object !== undefined ? { object: where.object } : {}),
      description: `${label}中原有的条目被删除或替换 (existing ${where.list === 'annots' ? 'annotations' : 'fields'} removed or replaced)`,
    });
    return;
  }
  for (const a of added) {
    const ok = await isSignatureWidget(ctx, a);
    if (ok && where.list === 'annots' && isRef(a) && !ctx.newFieldRefs.has(a.num)) {
      push(ctx, { allowed: false, kind: 'annotation', page: where.page!, object: a.num, description: `第 ${where.page} 页新增的签名外观不属于任何表单域 (a signature widget that is not a form field)` });
      continue;
    }
    if (ok) {
      push(ctx, {
        allowed: true,
        kind: 'signature',
        ...(where.page ? { page: where.page } : {}),
        ...(isRef(a) ? { object: a.num } : {}),
        description: where.list === 'annots' ? `第 ${where.page} 页新增签名外观 (signature widget added)` : '新增签名域 (signature field added)',
      });
      continue;
    }
    const d = await ctx.reader.resolveDict(a, ctx.after);
    const subtype = get(d, 'Subtype');
    const ft = get(d, 'FT');
    push(ctx, {
      allowed: false,
      kind: where.list === 'annots' ? 'annotation' : 'form',
      ...(where.page ? { page: where.page } : {}),
      ...(isRef(a) ? { object: a.num } : {}),
      description:
        where.list === 'annots'
          ? `签名后第 ${where.page} 页新增了注释 /${isName(subtype) ? subtype.v : '?'} (annotation added after signing)`
          : `签名后新增了表单域 /${isName(ft) ? ft.v : '?'} (form field added after signing)`,
    });
  }
}

async function classify(ctx: Context, num: number, oldObj: PdfIndirect, newObj: PdfIndirect): Promise<void> {
  const ov = oldObj.value;
  const nv = newObj.value;
  if (canonical(ov) === canonical(nv) && (await sameStream(ctx, oldObj, newObj))) return; // rewritten unchanged

  if (num === ctx.catalogNum && isDict(ov) && isDict(nv)) {
    for (const k of changedKeys(ov, nv)) {
      if (k === 'AcroForm') {
        const a = get(ov, 'AcroForm');
        const b = get(nv, 'AcroForm');
        if (isDict(a) && isDict(b)) await checkAcroForm(ctx, a, b, num);
        else if (!a && isRef(b)) {
          const d = await ctx.reader.resolveDict(b, ctx.after);
          await checkAcroForm(ctx, { t: 'dict', entries: new Map() }, d ?? { t: 'dict', entries: new Map() }, b.num);
        } else if (!(isRef(a) && isRef(b) && a.num === b.num)) {
          const da = (await ctx.reader.resolveDict(a, ctx.before)) ?? { t: 'dict', entries: new Map() };
          const db = (await ctx.reader.resolveDict(b, ctx.after)) ?? { t: 'dict', entries: new Map() };
          await checkAcroForm(ctx, da, db, num);
        }
      } else if (k === 'DSS' || k === 'Extensions') {
        push(ctx, { allowed: true, kind: 'signature', object: num, description: `文档目录新增 /${k}（长期验证数据）(validation data added)` });
      } else {
        push(ctx, { allowed: false, kind: 'catalog', object: num, description: `签名后文档目录的 /${k} 被修改 (catalog /${k} changed after signing)` });
      }
    }
    return;
  }
  if (num === ctx.acroFormNum && isDict(ov) && isDict(nv)) return checkAcroForm(ctx, ov, nv, num);
  if (num === ctx.fieldsArrayNum) {
    return checkAppendedWidgets(ctx, asArray(ov) ?? [], asArray(nv) ?? [], { list: 'fields', object: num });
  }
  const annotsPage = ctx.annotsArrayPage.get(num);
  if (annotsPage !== undefined) {
    return checkAppendedWidgets(ctx, asArray(ov) ?? [], asArray(nv) ?? [], { list: 'annots', page: annotsPage, object: num });
  }
  const page = ctx.pageOf.get(num);
  if (page !== undefined && isDict(ov) && isDict(nv)) {
    for (const k of changedKeys(ov, nv)) {
      if (k === 'Annots' && !isRef(get(ov, 'Annots')) && !isRef(get(nv, 'Annots'))) {
        await checkAppendedWidgets(ctx, asArray(get(ov, 'Annots')) ?? [], asArray(get(nv, 'Annots')) ?? [], { list: 'annots', page, object: num });
      } else if (k === 'Annots' && isRef(get(nv, 'Annots'))) {
        const before = asArray(await ctx.reader.resolve(get(ov, 'Annots'), ctx.before)) ?? [];
        const after = asArray(await ctx.reader.resolve(get(nv, 'Annots'), ctx.after)) ?? [];
        await checkAppendedWidgets(ctx, before, after, { list: 'annots', page, object: num });
      } else {
        push(ctx, {
          allowed: false,
          kind: k === 'Contents' || k === 'Resources' ? 'content' : 'page',
          page,
          object: num,
          description: k === 'Contents' ? `签名后第 ${page} 页的内容被替换 (page ${page} content replaced after signing)` : `签名后第 ${page} 页的 /${k} 被修改 (page ${page} /${k} changed after signing)`,
        });
      }
    }
    return;
  }
  if (num === ctx.infoNum) {
    push(ctx, { allowed: false, kind: 'metadata', object: num, description: '签名后文档信息（标题、作者等）被修改 (document information changed after signing)' });
    return;
  }
  const contentPage = ctx.contentPage.get(num);
  if (contentPage !== undefined) {
    push(ctx, { allowed: false, kind: 'content', page: contentPage, object: num, description: `签名后第 ${contentPage} 页的内容流被修改 (page ${contentPage} content stream changed after signing)` });
    return;
  }
  const d = isDict(nv) ? nv : undefined;
  const type = get(d, 'Type');
  const sub = get(d, 'Subtype');
  const what = [isName(type) ? `/Type /${type.v}` : '', isName(sub) ? `/Subtype /${sub.v}` : ''].filter(Boolean).join(' ');
  const ft = get(d, 'FT');
  const kind: Change['kind'] = isName(type, 'Pages') ? 'page' : isName(sub, 'Widget') || ft ? 'form' : isName(type, 'Annot') || get(d, 'Rect') ? 'annotation' : isName(type, 'Metadata') ? 'metadata' : 'other';
  const fieldName = get(d, 'T');
  push(ctx, {
    allowed: false,
    kind,
    object: num,
    description: isName(type, 'Pages')
      ? `签名后页面树被修改（增删页面）(page tree changed after signing)`
      : kind === 'form'
        ? `签名后表单域${fieldName?.t === 'str' ? `「${decodeTextString(fieldName)}」` : ''}被修改 (form field changed after signing)`
        : `签名后对象 ${num}${what ? `（${what}）` : ''}被修改 (object ${num} changed after signing)`,
  });
}

async function checkAcroForm(ctx: Context, a: PdfDict, b: PdfDict, num: number): Promise<void> {
  for (const k of changedKeys(a, b)) {
    if (k === 'Fields') {
      const before = asArray(await ctx.reader.resolve(get(a, 'Fields'), ctx.before)) ?? [];
      const after = asArray(await ctx.reader.resolve(get(b, 'Fields'), ctx.after)) ?? [];
      await checkAppendedWidgets(ctx, before, after, { list: 'fields', object: num });
    } else if (k === 'SigFlags' || k === 'DR' || k === 'DA') {
      // Signing sets SigFlags; viewers add default resources for signature appearances.
    } else {
      push(ctx, { allowed: false, kind: 'form', object: num, description: `签名后表单的 /${k} 被修改 (AcroForm /${k} changed after signing)` });
    }
  }
}

/** Maps page objects, their /Annots arrays and content streams to page numbers (as of `state`). */
async function pageMaps(reader: PdfReader, state: XrefState): Promise<Pick<Context, 'pageOf' | 'annotsArrayPage' | 'contentPage'>> {
  const pageOf = new Map<number, number>();
  const annotsArrayPage = new Map<number, number>();
  const contentPage = new Map<number, number>();
  const pages = await reader.pageRefs(state);
  for (const [i, p] of pages.entries()) {
    pageOf.set(p.num, i + 1);
    const d = await reader.resolveDict(p, state);
    const annots = get(d, 'Annots');
    if (isRef(annots)) annotsArrayPage.set(annots.num, i + 1);
    const contents = get(d, 'Contents');
    if (isRef(contents)) {
      contentPage.set(contents.num, i + 1);
      for (const c of asArray(await reader.resolve(contents, state)) ?? []) if (isRef(c)) contentPage.set(c.num, i + 1);
    }
    for (const c of asArray(contents) ?? []) if (isRef(c)) contentPage.set(c.num, i + 1);
  }
  return { pageOf, annotsArrayPage, contentPage };
}

/** Every change made by the sections written at or after `revisionEnd`, oldest first. */
export async function changesAfter(reader: PdfReader, revisionEnd: number): Promise<Change[]> {
  const later = reader.sectionsFrom(revisionEnd).sort((a, b) => a.offset - b.offset);
  const changes: Change[] = [];
  const signedState = reader.stateAt(revisionEnd);
  const signedRoot = get(signedState.trailer, 'Root');
  const signedInfo = get(signedState.trailer, 'Info');
  for (const [i, section] of later.entries()) {
    const before = reader.stateAt(section.offset);
    const after = reader.stateAt(section.offset + 1);
    const revision = i + 1;
    const root = get(section.trailer, 'Root');
    if (!isRef(root) || !isRef(signedRoot) || root.num !== signedRoot.num) {
      changes.push({ revision, allowed: false, kind: 'catalog', description: '签名后文档目录被替换 (the document catalog was replaced after signing)' });
      continue;
    }
    const info = get(section.trailer, 'Info');
    if (canonical(info) !== canonical(signedInfo)) {
      changes.push({ revision, allowed: false, kind: 'metadata', description: '签名后文档信息字典被替换 (the document information dictionary was replaced)' });
    }
    if (get(section.trailer, 'Encrypt')) changes.push({ revision, allowed: false, kind: 'other', description: '签名后文档被加密 (encryption added after signing)' });
    const catalog = await reader.resolveDict(root, before);
    const acro = get(catalog, 'AcroForm');
    const acroDict = await reader.resolveDict(acro, before);
    const fields = get(acroDict, 'Fields');
    const afterCatalog = await reader.resolveDict(root, after);
    const afterFields = asArray(await reader.resolve(get(await reader.resolveDict(get(afterCatalog, 'AcroForm'), after), 'Fields'), after)) ?? [];
    const ctx: Context = {
      reader,
      before,
      after,
      revision,
      changes,
      ...(await pageMaps(reader, before)),
      catalogNum: root.num,
      acroFormNum: isRef(acro) ? acro.num : undefined,
      fieldsArrayNum: isRef(fields) ? fields.num : undefined,
      infoNum: isRef(info) ? info.num : undefined,
      newFieldRefs: new Set(afterFields.filter(isRef).map((r) => r.num)),
    };
    await classifySection(ctx, section);
  }
  return changes;
}

async function classifySection(ctx: Context, section: XrefSection): Promise<void> {
  for (const [num, entry] of section.entries) {
    if (num === section.streamObject) continue;
    const oldObj = await ctx.reader.getObject(num, ctx.before).catch(() => null);
    if (entry.type === 'free') {
      if (oldObj) push(ctx, { allowed: false, kind: 'deleted', object: num, description: `签名后对象 ${num} 被删除 (object ${num} deleted after signing)` });
      continue;
    }
    const newObj = await ctx.reader.getObject(num, ctx.after);
    if (!newObj) continue;
    if (isDict(newObj.value) && (isName(get(newObj.value, 'Type'), 'ObjStm') || isName(get(newObj.value, 'Type'), 'XRef'))) continue;
    // A new object matters only through what references it; those references are checked.
    if (!oldObj) continue;
    await classify(ctx, num, oldObj, newObj);
  }
}
