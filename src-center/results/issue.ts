/**
 * Issuing a result: a fresh verification code, the PDF rendered and sealed by the province
 * (PAdES B-T: the province seal's signature with a timestamp from the province TSA), then ONE
 * transaction: the PDF as a complete blob, the results row, the 'result' change(s) windows
 * pull, and the caller's own writes (inTx: the case's progress event). Rendering and
 * signing (the slow part, ~0.1 s) happen before the transaction, so no lock is held
 * while a PDF is drawn; a refused issuance leaves nothing behind.
 */
import { createHash, randomUUID } from 'node:crypto';
import { z } from 'zod';
import { IsoDate } from '../../src-shared/domain/dates';
import { BLOB_CHUNK_MAX } from '../../src-shared/protocol/sync';
import { ResultKind, type ResultInfo } from '../../src-shared/protocol/workflow';
import { chinaDateOf } from '../../src-node/documents/text';
import { DocumentInputError } from '../../src-node/documents/input';
import { renderResultDocument, RESULT_KIND_LABELS, type ResultDocumentInput } from '../../src-node/documents/result-template';
import { signPdf } from '../../src-node/pades/sign';
import { HttpError } from '../http/errors';
import type { CenterPki } from '../pki/index';
import type { Db } from '../store/index';
import { newResultCode } from './code';
import { inProcessTimestamp, provinceSeal } from './seal';
import { insertResultChanges, rowToInfo, type ResultRow } from './store';

const text = (zh: string, en: string, min: number, max: number) =>
  z
    .string({ error: (iss) => (iss.input === undefined ? `${zh}为必填项 (${en} is required)` : `${zh}必须是文字 (${en} must be text)`) })
    .trim()
    .min(min, `${zh}至少${min}个字 (${en}: at least ${min} characters)`)
    .max(max, `${zh}不得超过${max}字 (${en}: at most ${max} characters)`);

export const IssueResultInput = z.object({
  caseId: z.uuid('办件标识必须是 UUID (caseId must be a UUID)'),
  caseNumber: text('办件编号', 'caseNumber', 1, 50),
  kind: ResultKind,
  title: text('文书标题', 'title', 2, 40),
  body: text('正文', 'body', 2, 4000),
  validUntil: IsoDate.optional(),
  collectWindowId: text('领取窗口', 'collectWindowId', 1, 64),
  applicantName: text('申请人名称', 'applicantName', 1, 200),
  itemName: text('事项名称', 'itemName', 1, 200),
  issuedBy: z.object({
    reviewerId: text('签发人', 'issuedBy.reviewerId', 1, 64),
    departmentName: text('签发部门', 'issuedBy.departmentName', 2, 100),
  }),
});
export type IssueResultInput = z.input<typeof IssueResultInput>;

/** The public page the QR code leads to: CENTER_PUBLIC_URL, else the center's own port on loopback. */
export function publicBaseUrl(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.CENTER_PUBLIC_URL?.trim();
  if (configured) {
    if (!/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/.test(configured))
      throw new Error(`CENTER_PUBLIC_URL 不合法：必须是 http(s):// 开头、不含查询参数的地址，收到 "${configured}" (CENTER_PUBLIC_URL must be an http(s) URL)`);
    return configured.replace(/\/+$/, '');
  }
  const port = env.CENTER_PORT && /^\d{1,5}$/.test(env.CENTER_PORT) && env.CENTER_PORT !== '0' ? env.CENTER_PORT : '4780';
  return `http://127.0.0.1:${port}`;
}

export const verificationUrl = (code: string, env: NodeJS.ProcessEnv = process.env) => `${publicBaseUrl(env)}/verify/${code}`;

export interface SealedResult {
  pdf: Buffer;
  sha256: string;
  /** When the province TSA stamped the seal's signature. */
  timestampedAt: Date;
}

/**
 * Renders the result and seals it with the province seal and a province timestamp (B-T).
 * Fails (never returns a B-B document) when the seal is not valid or the TSA does not stamp.
 */
export async function renderSealedResult(pki: CenterPki, doc: ResultDocumentInput, signingTime: Date): Promise<SealedResult> {
  const seal = await provinceSeal(pki, signingTime);
  const rendered = await renderResultDocument(doc, { now: signingTime });
  const { pdf, signature } = await signPdf(rendered.bytes, {
    signer: seal.signer,
    fieldName: 'province-seal',
    fieldLabel: '省级政务服务电子印章',
    signerName: seal.commonName,
    reason: `签发${RESULT_KIND_LABELS[rendered.kind]}：${doc.title}`,
    location: seal.organisation,
    signingTime,
    appearance: {
      pageIndex: rendered.sealArea.pageIndex,
      rect: rendered.sealArea.rect,
      content: { kind: 'seal', organisation: seal.organisation, caption: '政务服务专用章', time: signingTime },
    },
    timestamp: inProcessTimestamp(pki),
  });
  if (signature.timestamp.status !== 'stamped')
    throw new Error(
      `省级时间戳服务未能加盖时间戳，结果文书未签发：${signature.timestamp.status === 'unavailable' ? signature.timestamp.reason : '未请求'} (the province TSA did not stamp the seal)`,
    );
  return { pdf, sha256: createHash('sha256').update(pdf).digest('hex'), timestampedAt: signature.timestamp.genTime };
}

function fieldOf(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${String(p)}` : String(p)), '');
}

function parseInput(input: unknown): z.output<typeof IssueResultInput> {
  const r = IssueResultInput.safeParse(input);
  if (r.success) return r.data;
  const issue = r.error.issues[0]!;
  const field = fieldOf(issue.path) || 'input';
  throw new HttpError(400, 'validation_failed', `字段 ${field} 不合法：${issue.message}`, field);
}

/** A result of `kind` conflicts with these valid ones (one outcome per case). */
function conflicts(kind: ResultKind, valid: readonly ResultKind[]): string | null {
  if (valid.includes(kind)) return `该办件已有有效的${RESULT_KIND_LABELS[kind]}，如需重新签发请先撤销原文书 (a valid result of this kind exists: revoke it first)`;
  if (kind === 'refusal' && valid.some((k) => k !== 'refusal'))
    return '该办件已有有效的准予许可文书，不能再签发不予许可决定，请先撤销原文书 (the case has a valid approval or licence: revoke it first)';
  if (kind !== 'refusal' && valid.includes('refusal'))
    return '该办件已有有效的不予许可决定，不能再签发准予许可文书，请先撤销原决定 (the case has a valid refusal: revoke it first)';
  return null;
}

interface Placement {
  /** The collect window's county. */
  regionCode: string;
  /** The accepting window's county, when the center holds the case. */
  caseRegionCode: string | null;
}

async function placement(db: Db, d: z.output<typeof IssueResultInput>): Promise<Placement> {
  const [w] = await db.query<{ region_code: string; active: boolean }>('SELECT region_code, active FROM windows WHERE id = $1', [d.collectWindowId]);
  if (!w) throw new HttpError(400, 'validation_failed', `领取窗口 ${d.collectWindowId} 不存在 (collectWindowId: no such window)`, 'collectWindowId');
  if (!w.active) throw new HttpError(400, 'validation_failed', `领取窗口 ${d.collectWindowId} 已停用 (collectWindowId: window inactive)`, 'collectWindowId');
  const [c] = await db.query<{ region_code: string; case_number: string }>('SELECT region_code, case_number FROM sync_cases WHERE case_id = $1', [d.caseId]);
  if (c && c.case_number.trim() !== d.caseNumber)
    throw new HttpError(400, 'validation_failed', `办件编号 ${d.caseNumber} 与中心登记的 ${c.case_number.trim()} 不符 (caseNumber does not match the case)`, 'caseNumber');
  const regionCode = w.region_code.trim();
  const caseRegion = c ? c.region_code.trim() : null;
  return { regionCode, caseRegionCode: caseRegion && caseRegion !== regionCode ? caseRegion : null };
}

async function validKinds(db: Db, caseId: string): Promise<ResultKind[]> {
  const rows = await db.query<{ kind: ResultKind }>(`SELECT kind FROM results WHERE case_id = $1 AND status = 'valid'`, [caseId]);
  return rows.map((r) => r.kind);
}

/** Stores bytes as a complete blob (chunks of at most BLOB_CHUNK_MAX), in the caller's transaction. */
export async function storeCompleteBlob(tx: Db, sha256: string, bytes: Uint8Array): Promise<void> {
  await tx.query(
    `INSERT INTO sync_blobs (sha256, size, state, completed_at) VALUES ($1, $2, 'complete', now())
       ON CONFLICT (sha256) DO UPDATE SET state = 'complete', completed_at = COALESCE(sync_blobs.completed_at, now())`,
    [sha256, bytes.length],
  );
  await tx.query('DELETE FROM sync_blob_chunks WHERE sha256 = $1', [sha256]);
  for (let start = 0; start < bytes.length; start += BLOB_CHUNK_MAX) {
    const part = bytes.subarray(start, Math.min(bytes.length, start + BLOB_CHUNK_MAX));
    await tx.query('INSERT INTO sync_blob_chunks (sha256, start, length, data) VALUES ($1, $2, $3, $4)', [sha256, start, part.length, part]);
  }
}

/**
 * Issues a result document for a case (see the module comment). Throws HttpError: 400 with
 * the field for bad input or an unknown collect window, 409 when the case already has a
 * valid result of this kind or the opposite outcome (revoke that first).
 */
export async function issueResult(
  db: Db,
  pki: CenterPki,
  input: IssueResultInput,
  inTx?: (tx: Db, info: ResultInfo) => Promise<void>,
): Promise<ResultInfo> {
  const d = parseInput(input);
  const where = await placement(db, d);
  const early = conflicts(d.kind, await validKinds(db, d.caseId));
  if (early) throw new HttpError(409, 'result_exists', early, 'kind');

  const issuedAt = new Date();
  const resultId = randomUUID();
  const code = newResultCode();
  let sealed: SealedResult;
  try {
    sealed = await renderSealedResult(
      pki,
      {
        kind: d.kind,
        title: d.title,
        issuer: d.issuedBy.departmentName,
        caseNumber: d.caseNumber,
        applicantName: d.applicantName,
        itemName: d.itemName,
        body: d.body,
        ...(d.validUntil ? { validUntil: d.validUntil } : {}),
        issuedOn: chinaDateOf(issuedAt.toISOString()),
        verification: { code, url: verificationUrl(code) },
      },
      issuedAt,
    );
  } catch (e) {
    if (e instanceof DocumentInputError) throw new HttpError(400, 'validation_failed', `字段 ${e.field} 不合法：${e.message}`, e.field);
    throw e;
  }

  try {
    return await db.transaction(async (tx) => {
      // One issuance at a time per case, so the outcome check below cannot race.
      await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('yichuang-result:' || $1, 0))`, [d.caseId]);
      const clash = conflicts(d.kind, await validKinds(tx, d.caseId));
      if (clash) throw new HttpError(409, 'result_exists', clash, 'kind');
      await storeCompleteBlob(tx, sealed.sha256, sealed.pdf);
      const [row] = await tx.query<ResultRow>(
        `INSERT INTO results (result_id, case_id, case_number, kind, title, verification_code, sha256, size, issuer, issued_by,
                              collect_window_id, region_code, case_region_code, valid_until, issued_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)
         RETURNING *`,
        [
          resultId,
          d.caseId,
          d.caseNumber,
          d.kind,
          d.title,
          code,
          sealed.sha256,
          sealed.pdf.length,
          d.issuedBy.departmentName,
          d.issuedBy.reviewerId,
          d.collectWindowId,
          where.regionCode,
          where.caseRegionCode,
          d.validUntil ?? null,
          issuedAt.toISOString(),
        ],
      );
      const info = rowToInfo(row!);
      await insertResultChanges(tx, row!, info);
      if (inTx) await inTx(tx, info);
      return info;
    });
  } catch (e) {
    // The unique index is the last guard when two centers issue at once.
    if ((e as { code?: unknown }).code === '23505' && /results_one_valid_idx/.test(String((e as Error).message) + String((e as { constraint?: unknown }).constraint ?? '')))
      throw new HttpError(409, 'result_exists', conflicts(d.kind, [d.kind])!, 'kind');
    throw e;
  }
}
