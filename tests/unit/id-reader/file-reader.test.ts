import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FileIdCardReader, IdCardReadError } from '../../../src-main/services/id-reader';
import { JPEG, PERSON, PERSON2, TINY_BMP_TOP_DOWN_RGB, TODAY, captureLog, readRgbPng, tinyBmp, withWrongCheck, wzTxt } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'yc-idreader-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const reader = (extra: Partial<ConstructorParameters<typeof FileIdCardReader>[0]> = {}) =>
  new FileIdCardReader({ dir, today: () => TODAY, pollMs: 20, photoGraceMs: 200, ...extra });

/** Writes files once the read is under way (the vendor service reacting to a card). */
function writeSoon(files: Record<string, string | Uint8Array>, afterMs = 60): void {
  setTimeout(() => {
    for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  }, afterMs);
}

/** A file left from an earlier read: written a minute ago. */
function writeStale(name: string, data: string | Uint8Array): void {
  const p = path.join(dir, name);
  writeFileSync(p, data);
  const old = new Date(Date.now() - 60_000);
  utimesSync(p, old, old);
}

async function failure(p: Promise<unknown>): Promise<IdCardReadError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(IdCardReadError);
  return err as IdCardReadError;
}

const PERSON_WZ = wzTxt({
  name: PERSON.name,
  sex: '1',
  nation: '01',
  birth: '19900307',
  address: PERSON.address,
  id: PERSON.idNumber,
  issuer: PERSON.issuer,
  from: '20160520',
  to: '20360520',
});

describe('FileIdCardReader against a folder a reader service writes to', () => {
  it('takes a JSON read written after the request, with the photo named like it', async () => {
    const r = reader().read({ timeoutMs: 5000 });
    writeSoon({ 'card.json': JSON.stringify(PERSON), 'card.jpg': JPEG });
    expect(await r).toEqual({ ...PERSON, documentType: '111', photo: JPEG });
  });

  it('takes wz.txt (the chip text record, UTF-16LE) with zp.bmp converted to PNG', async () => {
    const r = reader().read({ timeoutMs: 5000 });
    writeSoon({ 'wz.txt': PERSON_WZ, 'zp.bmp': tinyBmp() });
    const { photo, ...text } = await r;
    expect(text).toEqual({ ...PERSON, documentType: '111' });
    expect(readRgbPng(photo!).pixels).toEqual(TINY_BMP_TOP_DOWN_RGB);
  });

  it('maps a vendor shape from a file (SDK-style PascalCase, 长期)', async () => {
    const r = reader().read({ timeoutMs: 5000 });
    writeSoon({
      'last.json': JSON.stringify({
        Name: PERSON2.name,
        Sex: '女',
        Nation: '满族',
        Born: '19850612',
        Address: PERSON2.address,
        IDCardNo: PERSON2.idNumber,
        GrantDept: PERSON2.issuer,
        UserLifeBegin: '20140102',
        UserLifeEnd: '长期',
      }),
    });
    expect(await r).toEqual({ ...PERSON2, documentType: '111' });
  });

  it('ignores a read left from before the request and says no card', async () => {
    writeStale('card.json', JSON.stringify(PERSON));
    writeStale('wz.txt', PERSON_WZ);
    const err = await failure(reader().read({ timeoutMs: 400 }));
    expect(err.reason).toBe('no_card');
    expect(err.message).toContain('没有读到身份证');
  });

  it('with a stale read present, returns the new read, not the stale one', async () => {
    writeStale('old.json', JSON.stringify(PERSON));
    const r = reader().read({ timeoutMs: 5000 });
    writeSoon({ 'new.json': JSON.stringify(PERSON2) });
    expect((await r).idNumber).toBe(PERSON2.idNumber);
  });

  it('never attaches a stale photo (the previous applicant’s) to a new read', async () => {
    writeStale('zp.bmp', tinyBmp());
    const r = reader().read({ timeoutMs: 5000 });
    writeSoon({ 'wz.txt': PERSON_WZ });
    const read = await r;
    expect(read.idNumber).toBe(PERSON.idNumber);
    expect(read.photo).toBeUndefined();
  });

  it('accepts a read made just before the request only when acceptRecentMs allows it', async () => {
    writeFileSync(path.join(dir, 'card.json'), JSON.stringify(PERSON));
    await new Promise((r) => setTimeout(r, 30));
    expect((await failure(reader().read({ timeoutMs: 300 }))).reason).toBe('no_card');
    expect((await reader({ acceptRecentMs: 60_000 }).read({ timeoutMs: 3000 })).idNumber).toBe(PERSON.idNumber);
  });

  it('refuses a new read whose number fails the check digit, naming the rule', async () => {
    const r = reader().read({ timeoutMs: 5000 });
    writeSoon({ 'card.json': JSON.stringify({ ...PERSON, idNumber: withWrongCheck(PERSON.idNumber) }) });
    const err = await failure(r);
    expect([err.reason, err.field, err.rule]).toEqual(['bad_data', 'idNumber', 'GB 11643-1999 MOD 11-2']);
    expect(err.message).toContain('MOD 11-2');
  });

  it('waits out a half-written file and reports it if it never completes', async () => {
    const r = reader().read({ timeoutMs: 500 });
    writeSoon({ 'card.json': JSON.stringify(PERSON).slice(0, 40) });
    const err = await failure(r);
    expect(err.reason).toBe('bad_data');
    expect(err.message).toContain('不完整');
  });

  it('reads a file once its writing completes', async () => {
    const r = reader().read({ timeoutMs: 5000 });
    writeSoon({ 'card.json': JSON.stringify(PERSON).slice(0, 40) }, 20);
    writeSoon({ 'card.json': JSON.stringify(PERSON) }, 150);
    expect((await r).idNumber).toBe(PERSON.idNumber);
  });

  it('is not put off by a fresh non-read file (a service status file), but names it if nothing else comes', async () => {
    const r = reader().read({ timeoutMs: 5000 });
    setTimeout(() => {
      writeFileSync(path.join(dir, 'card.json'), JSON.stringify(PERSON));
      const status = path.join(dir, 'status.json');
      writeFileSync(status, JSON.stringify({ device: 'ok', port: 'USB1' }));
      const later = new Date(Date.now() + 1000); // the newest file is not the read
      utimesSync(status, later, later);
    }, 60);
    expect((await r).idNumber).toBe(PERSON.idNumber);

    const r2 = reader().read({ timeoutMs: 400 });
    writeSoon({ 'status.json': JSON.stringify({ device: 'ok', port: 'USB2' }) });
    const err = await failure(r2);
    expect(err.reason).toBe('bad_data');
    expect(err.message).toContain('status.json');
    expect(err.message).toContain('格式无法识别');
  });

  it('reports a missing folder as unavailable, and status() says so', async () => {
    const r = new FileIdCardReader({ dir: path.join(dir, 'nope'), today: () => TODAY });
    expect((await failure(r.read({ timeoutMs: 300 }))).reason).toBe('unavailable');
    expect(await r.status()).toMatchObject({ available: false, kind: 'file' });
    expect(await reader().status()).toEqual({ available: true, kind: 'file', detail: dir });
  });

  it('logs reads with the name and number masked', async () => {
    const { lines, log } = captureLog();
    const r = reader({ log }).read({ timeoutMs: 5000 });
    writeSoon({ 'card.json': JSON.stringify(PERSON) });
    await r;
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.join('\n')).not.toContain(PERSON.idNumber);
    expect(lines.join('\n')).not.toContain(PERSON.name);
  });
});
