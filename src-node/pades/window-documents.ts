/**
 * Signing a window's written document the one way the app and the CLI both use: the
 * clerk's signature in CLERK_SIGNATURE_AREA first, then the window's seal over SEAL_AREA
 * as a second incremental update, both on the last page. The names shown in the
 * appearances come from the certificates (O, OU, CN), so they match what a verifier sees.
 */
import crypto from 'node:crypto';
import { DOCUMENT_TITLES, type DocumentType } from '../documents/input';
import type { PageArea } from '../documents/render';
import { signPdf, type SignatureReport, type TimestampSource } from './sign';
import type { Signer } from './signer';

export interface WindowDocument {
  bytes: Uint8Array;
  type: DocumentType;
  sealArea: PageArea;
  clerkSignatureArea: PageArea;
}

export interface SignWindowDocumentOptions {
  clerk: Signer;
  /** The window's seal; without it only the clerk signs. */
  seal?: Signer;
  /** Shown in the clerk's appearance; default the certificate CN without its title. */
  clerkName?: string;
  timestamp?: TimestampSource;
  signingTime?: Date;
  fontsDir?: string;
}

export interface SignedWindowDocument {
  pdf: Buffer;
  signatures: SignatureReport[];
}

/** Subject attributes of a certificate, as text (Chinese intact). */
export function subjectAttributes(certDer: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of new crypto.X509Certificate(certDer).subject.split('\n')) {
    const i = line.indexOf('=');
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

/** 「窗口受理员 王𠈌」 → 「王𠈌」: the personal name after the title, if there is one. */
export function personalName(cn: string): string {
  const parts = cn.trim().split(/\s+/);
  return parts[parts.length - 1] ?? cn;
}

export async function signWindowDocument(doc: WindowDocument, o: SignWindowDocumentOptions): Promise<SignedWindowDocument> {
  const title = DOCUMENT_TITLES[doc.type];
  const time = o.signingTime ?? new Date();
  const clerkSubject = subjectAttributes(o.clerk.certificate);
  const clerkName = o.clerkName ?? personalName(clerkSubject.CN ?? '');
  const common = { ...(o.timestamp ? { timestamp: o.timestamp } : {}), ...(o.fontsDir ? { fontsDir: o.fontsDir } : {}) };
  const first = await signPdf(doc.bytes, {
    signer: o.clerk,
    fieldName: 'clerk-signature',
    fieldLabel: '受理人签名',
    signerName: clerkName,
    reason: `受理人签署${title}`,
    ...(clerkSubject.O ? { location: [clerkSubject.O, clerkSubject.OU].filter(Boolean).join(' ') } : {}),
    signingTime: time,
    appearance: { pageIndex: doc.clerkSignatureArea.pageIndex, rect: doc.clerkSignatureArea.rect, content: { kind: 'signature', signerName: clerkName, time } },
    ...common,
  });
  if (!o.seal) return { pdf: first.pdf, signatures: [first.signature] };
  const sealSubject = subjectAttributes(o.seal.certificate);
  const organisation = sealSubject.O ?? sealSubject.CN ?? '';
  const second = await signPdf(first.pdf, {
    signer: o.seal,
    fieldName: 'window-seal',
    fieldLabel: '窗口电子印章',
    signerName: sealSubject.CN ?? organisation,
    reason: `加盖电子印章：${title}`,
    ...(organisation ? { location: organisation } : {}),
    signingTime: time,
    appearance: {
      pageIndex: doc.sealArea.pageIndex,
      rect: doc.sealArea.rect,
      content: { kind: 'seal', organisation, ...(sealSubject.OU ? { caption: sealSubject.OU } : {}), time },
    },
    ...common,
  });
  return { pdf: second.pdf, signatures: [first.signature, second.signature] };
}
