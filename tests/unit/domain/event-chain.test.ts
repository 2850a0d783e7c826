import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson, sha256Hex } from '../../../src-shared/domain/canonical-json';
import { DomainRuleError } from '../../../src-shared/domain/errors';
import { appendEvent, GENESIS_HASH, verifyChain, type CaseEvent, type EventDraft } from '../../../src-shared/domain/event-chain';

const CASE = 'case-130102-0001';
const draft = (type: string, data: unknown, i = 0): EventDraft => ({
  caseId: CASE,
  type,
  at: `2025-09-30T09:${String(10 + (i % 50)).padStart(2, '0')}:00+08:00`,
  actor: 'clerk-7',
  data: data as EventDraft['data'],
});

async function chainOf(drafts: EventDraft[]): Promise<CaseEvent[]> {
  const out: CaseEvent[] = [];
  for (const d of drafts) out.push(await appendEvent(out.at(-1) ?? null, d));
  return out;
}

const jsonData = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const drafts = fc.array(
  fc.tuple(fc.constantFrom('received', 'accepted', 'supplement-notice', 'paused', 'extended', 'completed'), jsonData),
  { minLength: 1, maxLength: 8 },
).map((xs) => xs.map(([t, d], i) => draft(t, d, i)));

const clone = <T>(v: T): T => structuredClone(v);

describe('canonical JSON and SHA-256', () => {
  it('sorts keys by UTF-16 code units with no white space (RFC 8785 §3.2.3 example)', () => {
    const v = { '\u20ac': 'Euro Sign', '\r': 'Carriage Return', '\ufb33': 'Hebrew Letter Dalet With Dagesh', '1': 'One', '\ud83d\ude00': 'Emoji: Grinning Face', '\u0080': 'Control', '\u00f6': 'Latin Small Letter O With Diaeresis' };
    expect(canonicalJson(v)).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('serialises numbers and literals like ECMAScript, and nests', () => {
    expect(canonicalJson({ b: [1e21, 1e-7, -0, 0.1, true, null], a: { z: '受理', y: 'x' } })).toBe('{"a":{"y":"x","z":"受理"},"b":[1e+21,1e-7,0,0.1,true,null]}');
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
  });

  it('refuses what is not JSON', () => {
    for (const bad of [NaN, Infinity, [undefined], new Date(0), 1n, new Map(), '\ud800', () => 1]) expect(() => canonicalJson(bad)).toThrow(TypeError);
    const cyc: Record<string, unknown> = {};
    cyc.self = cyc;
    expect(() => canonicalJson(cyc)).toThrow(/cycle/);
  });

  it('SHA-256 matches the FIPS 180-2 "abc" vector', async () => {
    expect(await sha256Hex('abc')).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });
});

describe('hash-chained case events', () => {
  it('the first event links to 64 zeros and hashes the canonical JSON of every field but hash', async () => {
    const e = await appendEvent(null, draft('received', { items: ['A', 'B'], applicant: '张三' }));
    expect(e.seq).toBe(1);
    expect(e.prevHash).toBe(GENESIS_HASH);
    expect(GENESIS_HASH).toBe('0'.repeat(64));
    const text = `{"actor":"clerk-7","at":"2025-09-30T09:10:00+08:00","caseId":"${CASE}","data":{"applicant":"张三","items":["A","B"]},"prevHash":"${'0'.repeat(64)}","seq":1,"type":"received"}`;
    expect(e.hash).toBe(await sha256Hex(text));
    const next = await appendEvent(e, draft('accepted', null, 1));
    expect(next).toMatchObject({ seq: 2, prevHash: e.hash });
  });

  it('refuses drafts that are not events, and events of another case', async () => {
    const e = await appendEvent(null, draft('received', {}));
    await expect(appendEvent(e, { ...draft('accepted', {}), caseId: 'other' })).rejects.toThrow(DomainRuleError);
    await expect(appendEvent(null, { ...draft('accepted', {}), at: '2025-09-30 09:00' })).rejects.toMatchObject({ field: 'at' });
    await expect(appendEvent(null, { ...draft('accepted', {}), actor: '' })).rejects.toMatchObject({ field: 'actor' });
    await expect(appendEvent(null, draft('Accepted!', {}))).rejects.toMatchObject({ field: 'type' });
  });

  it('property: a chain built by appendEvent verifies, including after a JSON round trip', async () => {
    await fc.assert(
      fc.asyncProperty(drafts, async (ds) => {
        const chain = await chainOf(ds);
        expect(await verifyChain(chain)).toEqual({ ok: true, count: chain.length, head: { seq: chain.length, hash: chain.at(-1)!.hash } });
        expect((await verifyChain(JSON.parse(JSON.stringify(chain)) as unknown[])).ok).toBe(true);
      }),
      { numRuns: 50 },
    );
  });

  const FIELDS = ['seq', 'caseId', 'type', 'at', 'actor', 'data', 'prevHash', 'hash'] as const;
  const otherValue = (field: (typeof FIELDS)[number], old: unknown, salt: number): unknown => {
    switch (field) {
      case 'seq':
        return (old as number) + 1 + salt;
      case 'prevHash':
      case 'hash': {
        const s = old as string;
        const c = s[salt % 64] === 'a' ? 'b' : 'a';
        return s.slice(0, salt % 64) + c + s.slice((salt % 64) + 1);
      }
      case 'data':
        return { edited: salt, was: old ?? null };
      case 'at':
        return `2025-10-0${(salt % 8) + 1}T10:00:00+08:00`;
      default:
        return `${String(old)}-${salt}`;
    }
  };

  it('property: editing ANY field of ANY event breaks verification', async () => {
    await fc.assert(
      fc.asyncProperty(drafts, fc.nat(), fc.constantFrom(...FIELDS), fc.nat(), async (ds, pick, field, salt) => {
        const chain = await chainOf(ds);
        const i = pick % chain.length;
        const edited = clone(chain);
        (edited[i] as Record<string, unknown>)[field] = otherValue(field, chain[i]![field], salt);
        const r = await verifyChain(edited);
        expect(r.ok).toBe(false);
        if (!r.ok) expect(r.index).toBe(i);
      }),
      { numRuns: 300 },
    );
  });

  it('property: editing a nested value inside data breaks verification', async () => {
    await fc.assert(
      fc.asyncProperty(drafts, fc.nat(), async (ds, pick) => {
        const i = pick % ds.length;
        ds[i] = { ...ds[i]!, data: { amount: 10, items: [{ name: '营业执照', copies: 1 }] } };
        const chain = await chainOf(ds);
        const edited = clone(chain);
        ((edited[i]!.data as { items: Array<{ copies: number }> }).items[0]!).copies = 2;
        expect(await verifyChain(edited)).toMatchObject({ ok: false, index: i, reason: 'hash' });
      }),
      { numRuns: 50 },
    );
  });

  it('property: reordering, deleting or inserting events breaks verification', async () => {
    await fc.assert(
      fc.asyncProperty(drafts.filter((d) => d.length >= 2), fc.nat(), fc.nat(), async (ds, p, q) => {
        const chain = await chainOf(ds);
        // Swap two different events.
        const i = p % chain.length;
        const j = (i + 1 + (q % (chain.length - 1))) % chain.length;
        const swapped = clone(chain);
        [swapped[i], swapped[j]] = [swapped[j]!, swapped[i]!];
        expect((await verifyChain(swapped)).ok).toBe(false);
        // Delete one event that is not the last.
        const k = p % (chain.length - 1);
        const deleted = chain.filter((_, x) => x !== k);
        expect(await verifyChain(deleted)).toMatchObject({ ok: false, index: k });
        // Insert a well-formed forged event (hashed and linked to its predecessor) before any
        // existing event. (Appending after the last one is what appendEvent is for.)
        const at = q % chain.length;
        const forged = await appendEvent(at === 0 ? null : chain[at - 1]!, draft('accepted', { forged: true }));
        const inserted = [...chain.slice(0, at), forged, ...chain.slice(at)];
        expect((await verifyChain(inserted)).ok).toBe(false);
      }),
      { numRuns: 100 },
    );
  });

  it('names the reason: link, seq, case', async () => {
    const chain = await chainOf([draft('received', 1), draft('accepted', 2, 1), draft('completed', 3, 2)]);
    const relinked = clone(chain);
    relinked[1]!.prevHash = GENESIS_HASH;
    expect(await verifyChain(relinked)).toMatchObject({ ok: false, index: 1, reason: 'link' });
    expect(await verifyChain([chain[0]!, chain[2]!])).toMatchObject({ ok: false, index: 1, reason: 'seq' });
    const other = await chainOf([{ ...draft('received', 1), caseId: 'another' }]);
    expect(await verifyChain([chain[0]!, { ...other[0]!, seq: 2, prevHash: chain[0]!.hash }])).toMatchObject({ ok: false, index: 1, reason: 'case' });
    expect(await verifyChain(chain, { caseId: 'another' })).toMatchObject({ ok: false, index: 0, reason: 'case' });
    expect(await verifyChain([{ ...chain[0]!, seq: 'x' }])).toMatchObject({ ok: false, index: 0, reason: 'shape' });
  });

  it('with the head the center acknowledged, cutting events off the end is caught', async () => {
    const chain = await chainOf([draft('received', 1), draft('accepted', 2, 1), draft('completed', 3, 2)]);
    const head = { seq: 3, hash: chain[2]!.hash };
    expect((await verifyChain(chain.slice(0, 2))).ok).toBe(true); // undetectable without an anchor
    expect(await verifyChain(chain.slice(0, 2), { head })).toMatchObject({ ok: false, reason: 'head' });
    expect((await verifyChain(chain, { head })).ok).toBe(true);
    // A longer chain still contains the acknowledged head.
    const longer = [...chain, await appendEvent(chain[2]!, draft('archived', 4, 3))];
    expect((await verifyChain(longer, { head })).ok).toBe(true);
    // A rewritten chain of the same length (a fork) does not.
    const fork = await chainOf([draft('received', 1), draft('accepted', 2, 1), draft('refused', 3, 2)]);
    expect(await verifyChain(fork, { head })).toMatchObject({ ok: false, reason: 'head' });
  });

  it('verifies a continuation after a known event', async () => {
    const chain = await chainOf([draft('received', 1), draft('accepted', 2, 1), draft('completed', 3, 2)]);
    const after = { seq: 1, hash: chain[0]!.hash };
    expect(await verifyChain(chain.slice(1), { after })).toMatchObject({ ok: true, count: 2, head: { seq: 3 } });
    expect(await verifyChain(chain.slice(2), { after })).toMatchObject({ ok: false, index: 0, reason: 'seq' });
  });
});
