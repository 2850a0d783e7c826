/**
 * Outside checks for signed PDFs: poppler's pdfsig with the demo root in a throw-away NSS
 * database, `openssl cms -verify` on each extracted signature, qpdf --check, pdftotext.
 * These are the system tools a reader of the file would use — never our own code.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDemoPki, type PkiManifest } from '../../../src-node/pki';
import { signerFromP12, type Signer } from '../../../src-node/pades';

export function run(cmd: string, args: string[], opts: { cwd?: string; input?: Buffer } = {}): { status: number; stdout: string; stderr: string } {
  const r = spawnSync(cmd, args, { cwd: opts.cwd, encoding: 'utf8', input: opts.input, maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { status: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), prefix));
}

export interface DemoPki {
  dir: string;
  manifest: PkiManifest;
  pin: string;
  rootPem: string;
  rootDer: Buffer;
  crlDer: Buffer;
  p12(id: string): Buffer;
  signer(id: string): Signer;
  cleanup(): void;
}

export async function demoPki(opts: { keyAlgorithm?: 'rsa-2048' | 'ecdsa-p256' } = {}): Promise<DemoPki> {
  const dir = tempDir('yc-pades-pki-');
  const pin = '246802';
  const manifest = await createDemoPki(dir, { pin, ...(opts.keyAlgorithm ? { keyAlgorithm: opts.keyAlgorithm } : {}) });
  const rootPem = readFileSync(path.join(dir, 'root.pem'), 'utf8');
  const entry = (id: string) => {
    const e = manifest.entries.find((x) => x.id === id);
    if (!e) throw new Error(`no PKI entry ${id}`);
    return e;
  };
  return {
    dir,
    manifest,
    pin,
    rootPem,
    rootDer: Buffer.from(rootPem.replace(/-----[^-]+-----|\s/g, ''), 'base64'),
    crlDer: readFileSync(path.join(dir, 'crl.der')),
    p12: (id) => readFileSync(path.join(dir, entry(id).p12)),
    signer: (id) => signerFromP12(readFileSync(path.join(dir, entry(id).p12)), pin),
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A fresh NSS database trusting `rootPem` (what pdfsig reads). */
export function nssDb(rootPem: string): string {
  const dir = tempDir('yc-nss-');
  writeFileSync(path.join(dir, 'root.pem'), rootPem);
  let r = run('certutil', ['-N', '--empty-password', '-d', `sql:${dir}`]);
  if (r.status !== 0) throw new Error(`certutil -N: ${r.stderr}`);
  r = run('certutil', ['-A', '-n', 'root', '-t', 'CT,C,C', '-i', path.join(dir, 'root.pem'), '-d', `sql:${dir}`]);
  if (r.status !== 0) throw new Error(`certutil -A: ${r.stderr}`);
  return dir;
}

export interface PdfsigSignature {
  field: string;
  commonName: string;
  dn: string;
  validation: string;
  certificate: string;
  totalDocument: boolean;
  ranges: string;
}

/** Runs pdfsig and parses its report (it exits 0 even when a signature fails). */
export function pdfsig(file: string, nss: string): { signatures: PdfsigSignature[]; output: string } {
  const r = run('pdfsig', ['-nssdir', `sql:${nss}`, file]);
  const output = r.stdout + r.stderr;
  const blocks = output.split(/^Signature #\d+:$/m).slice(1);
  const grab = (b: string, label: string) => new RegExp(`- ${label}: (.*)$`, 'm').exec(b)?.[1]?.trim() ?? '';
  return {
    output,
    signatures: blocks.map((b) => ({
      field: grab(b, 'Signature Field Name'),
      commonName: grab(b, 'Signer Certificate Common Name'),
      dn: grab(b, 'Signer full Distinguished Name'),
      validation: grab(b, 'Signature Validation'),
      certificate: grab(b, 'Certificate Validation'),
      totalDocument: /- Total document signed/.test(b),
      ranges: grab(b, 'Signed Ranges'),
    })),
  };
}

/** Every signature's ByteRange and CMS, found by scanning the raw bytes (not with our parser). */
export function extractSignatures(pdf: Buffer): { byteRange: [number, number, number, number]; cms: Buffer; signed: Buffer }[] {
  const text = pdf.toString('latin1');
  const out: { byteRange: [number, number, number, number]; cms: Buffer; signed: Buffer }[] = [];
  for (const m of text.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)) {
    const br = [m[1], m[2], m[3], m[4]].map(Number) as [number, number, number, number];
    const hex = text.slice(br[1] + 1, br[2] - 1);
    const raw = Buffer.from(hex, 'hex');
    // DER length of the outer SEQUENCE decides where the zero padding starts.
    const lenByte = raw[1]!;
    const n = lenByte & 0x80 ? lenByte & 0x7f : 0;
    const len = n ? raw.subarray(2, 2 + n).reduce((a, b) => a * 256 + b, 0) : lenByte;
    const cms = raw.subarray(0, 2 + n + len);
    const signed = Buffer.concat([pdf.subarray(0, br[1]), pdf.subarray(br[2], br[2] + br[3])]);
    out.push({ byteRange: br, cms, signed });
  }
  return out;
}

/** `openssl cms -verify` on one extracted signature against the root. */
export function opensslCmsVerify(sig: { cms: Buffer; signed: Buffer }, rootPem: string): { status: number; stderr: string } {
  const dir = tempDir('yc-cms-');
  try {
    writeFileSync(path.join(dir, 'sig.der'), sig.cms);
    writeFileSync(path.join(dir, 'content.bin'), sig.signed);
    writeFileSync(path.join(dir, 'root.pem'), rootPem);
    const r = run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', 'sig.der', '-content', 'content.bin', '-CAfile', 'root.pem', '-purpose', 'any', '-out', '/dev/null'], { cwd: dir });
    return { status: r.status, stderr: r.stderr };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function qpdfCheck(file: string): { status: number; output: string } {
  const r = run('qpdf', ['--check', file]);
  return { status: r.status, output: r.stdout + r.stderr };
}

export function pdftotext(file: string): string {
  return run('pdftotext', ['-enc', 'UTF-8', file, '-']).stdout;
}

export function writeTemp(bytes: Uint8Array, name = 'doc.pdf'): string {
  const file = path.join(tempDir('yc-pades-'), name);
  writeFileSync(file, bytes);
  return file;
}
