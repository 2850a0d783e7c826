/**
 * `yichuang receipt` and `yichuang verify`: the window's documents outside the app, for
 * support staff. `receipt` renders a document from a case record and signs it exactly as
 * the app does (src-node/documents → the same certificate check as the keystore →
 * src-node/pades signWindowDocument); `verify` checks every signature of a PDF.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Case } from '../../src-shared/domain/case';
import { DOCUMENT_TYPES, chinaDateOf, documentInputFromCase, formatDocumentNumber, renderDocumentWithLayout, type DocumentType } from '../../src-node/documents';
import { signWindowDocument, subjectAttributes } from '../../src-node/pades/window-documents';
import { signerFromP12, type Signer } from '../../src-node/pades/signer';
import { verifyPdfFile, type SignatureResult, type VerifyResult } from '../../src-node/pades/verify';
import { pemDecodeAll } from '../../src-node/pki/der';
import { assertCanSign, holderId } from '../services/keystore';
import { documentNumberPrefix, newVerificationCode } from '../services/documents';
import { UsageError, type CliIo } from './io';


function parse<T extends Record<string, { type: 'string' | 'boolean'; multiple?: boolean; short?: string }>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
}

/** PEM or DER certificates / CRLs from a file. */
async function readDerOrPem(file: string, label: 'CERTIFICATE' | 'X509 CRL', option: string): Promise<Buffer[]> {
  let buf: Buffer;
  try {
    buf = await fs.readFile(file);
  } catch (err) {
    throw new UsageError(`${option} 文件无法读取：${file}（${(err as NodeJS.ErrnoException).code ?? (err as Error).message}）(cannot read ${option})`);
  }
  const text = buf.toString('latin1');
  if (text.includes('-----BEGIN')) {
    const found = pemDecodeAll(label, text);
    if (!found.length) throw new UsageError(`${option} 文件中没有 ${label} (no ${label} in ${file})`);
    return found;
  }
  return [buf];
}

const DECISION_TYPE: Record<string, DocumentType> = {
  accept: 'acceptance',
  'accept-with-gap': 'commitment',
  refuse: 'refusal',
  supplement: 'supplement',
  complete: 'completion',
};

export const RECEIPT_USAGE = `用法 (usage): yichuang receipt --case CASE.json --p12 FILE --pin PIN [--seal FILE --seal-pin PIN] --out OUT.pdf [options]

按办件记录生成文书并签章，与应用同一流程：受理人签名，再加盖窗口电子印章（增量更新）。
签名前与应用一样检查证书：链到省级根证书、在有效期内、可用于签名、未被 CRL 吊销。
Renders a document from a case record and signs it the way the app does (clerk, then seal).

Options:
  --type TYPE          ${DOCUMENT_TYPES.join(' | ')}（默认按办件决定 / default: from case.decision）
  --seal FILE          窗口电子印章 PKCS#12；省略则只有受理人签名 / window seal (optional)
  --seal-pin PIN       印章 PIN
  --trust ROOT.pem     签名前检查用的根证书 / trust root for the pre-signing check
                       (default: root.pem beside --p12 when a pki.json is there)
  --crl FILE           CRL（DER 或 PEM）/ CRL (default: crl.der beside --p12)
  --tsa URL            时间戳服务，如 http://127.0.0.1:4780/v1/tsa（省略则不加时间戳）
  --center-url URL     二维码核验地址前缀 / verification URL base (default http://127.0.0.1:4780)
  --window-name NAME   窗口名称（默认取印章证书 OU）/ default: the seal certificate's OU
  --center-name NAME   政务服务中心名称（默认取证书 O）/ default: the certificate's O
  --date YYYY-MM-DD    成文日期（默认今天）/ issue date (default today, China time)
  --number N           文号流水号（默认 1）/ document serial (default 1)
  --json               输出 JSON 摘要 / print a JSON summary
  -h, --help           显示帮助 / show this help`;

export async function receiptCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    case: { type: 'string' },
    p12: { type: 'string' },
    pin: { type: 'string' },
    seal: { type: 'string' },
    'seal-pin': { type: 'string' },
    type: { type: 'string' },
    out: { type: 'string' },
    trust: { type: 'string' },
    crl: { type: 'string' },
    tsa: { type: 'string' },
    'center-url': { type: 'string' },
    'window-name': { type: 'string' },
    'center-name': { type: 'string' },
    date: { type: 'string' },
    number: { type: 'string' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(RECEIPT_USAGE);
    return 0;
  }
  if (positionals.length) throw new UsageError(`多余的参数：${positionals.join(' ')} (unexpected arguments)`);
  for (const req of ['case', 'p12', 'pin', 'out'] as const) if (!values[req]) throw new UsageError(`缺少 --${req} (missing --${req})`);
  if (values.seal && !values['seal-pin']) throw new UsageError('使用 --seal 时必须提供 --seal-pin (--seal needs --seal-pin)');
  if (values.type && !(DOCUMENT_TYPES as readonly string[]).includes(values.type)) {
    throw new UsageError(`--type 必须是 ${DOCUMENT_TYPES.join(' | ')} 之一 (--type must be one of ${DOCUMENT_TYPES.join(', ')})`);
  }
  if (values.date && !/^\d{4}-\d{2}-\d{2}$/.test(values.date)) throw new UsageError('--date 必须是 YYYY-MM-DD (--date must be YYYY-MM-DD)');
  const serial = values.number === undefined ? 1 : Number(values.number);
  if (!Number.isInteger(serial) || serial < 1 || serial > 999_999) throw new UsageError('--number 必须是 1–999999 的整数 (--number must be an integer 1–999999)');

  // The case record, checked by the shared schema.
  let raw: unknown;
  try {
    raw = JSON.parse(await fs.readFile(values.case!, 'utf8'));
  } catch (err) {
    throw new UsageError(`--case 文件无法读取或不是 JSON：${(err as Error).message} (cannot read the case record)`);
  }
  const parsed = Case.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UsageError(`--case 办件记录无效：字段 ${issue?.path.join('.') || '(root)'}：${issue?.message ?? ''} (invalid case record)`);
  }
  const c = parsed.data;
  const type = (values.type as DocumentType | undefined) ?? (c.decision ? DECISION_TYPE[c.decision.kind] : undefined);
  if (!type) throw new UsageError('办件没有决定，请用 --type 指定文书类型 (the case has no decision: give --type)');

  // The signers and the same pre-signing check as the app's keystore.
  const open = async (file: string, pin: string, what: string): Promise<Signer> => {
    try {
      return signerFromP12(await fs.readFile(file), pin);
    } catch (err) {
      throw new Error(`${what} ${file} 无法打开：${(err as Error).message}`, { cause: err });
    }
  };
  const clerk = await open(values.p12!, values.pin!, '--p12');
  const seal = values.seal ? await open(values.seal, values['seal-pin']!, '--seal') : undefined;
  const pkiDir = path.dirname(path.resolve(values.p12!));
  const beside = existsSync(path.join(pkiDir, 'pki.json'));
  const trustFile = values.trust ?? (beside ? path.join(pkiDir, 'root.pem') : undefined);
  const crlFile = values.crl ?? (beside && existsSync(path.join(pkiDir, 'crl.der')) ? path.join(pkiDir, 'crl.der') : undefined);
  if (!trustFile) throw new UsageError('无法检查证书：请用 --trust 指定省级根证书（和 --crl）(give --trust ROOT.pem and --crl CRL)');
  const trust = { roots: await readDerOrPem(trustFile, 'CERTIFICATE', '--trust'), crls: crlFile ? await readDerOrPem(crlFile, 'X509 CRL', '--crl') : [] };
  const now = new Date();
  assertCanSign('clerk', clerk.certificate, clerk.chain, trust, now);
  if (seal) assertCanSign('window-seal', seal.certificate, seal.chain, trust, now);
  const clerkHolder = holderId(clerk.certificate);
  if (clerkHolder && clerkHolder !== c.clerkId) {
    throw new Error(`受理人证书属于 ${clerkHolder}，与办件受理人 ${c.clerkId} 不符（规则：证书持有人）(the clerk certificate belongs to someone else)`);
  }
  const sealHolder = seal ? holderId(seal.certificate) : undefined;
  if (sealHolder && sealHolder !== c.windowId) {
    throw new Error(`电子印章属于 ${sealHolder}，与办件窗口 ${c.windowId} 不符（规则：证书持有人）(the seal belongs to another window)`);
  }

  // The document, as DocumentService renders it.
  const who = subjectAttributes((seal ?? clerk).certificate);
  const centerName = values['center-name'] ?? who.O;
  const windowName = values['window-name'] ?? who.OU;
  if (!centerName || !windowName) throw new UsageError('证书中没有中心或窗口名称，请用 --center-name 和 --window-name 指定 (give --center-name and --window-name)');
  const issuedOn = values.date ?? chinaDateOf(now.toISOString());
  const code = newVerificationCode();
  const base = (values['center-url'] ?? 'http://127.0.0.1:4780').replace(/\/$/, '');
  const documentNumber = formatDocumentNumber(documentNumberPrefix(centerName, type), Number(issuedOn.slice(0, 4)), serial);
  const clerkName = subjectAttributes(clerk.certificate).CN?.split(/\s+/).pop() ?? '';
  const input = documentInputFromCase(type, c, {
    window: { name: windowName, centerName, regionName: centerName.replace(/政务服务(中心|大厅)$/u, '') || centerName, regionCode: c.windowRegionCode },
    clerk: { name: clerkName, id: c.clerkId },
    documentNumber,
    issuedOn,
    verification: { code, url: `${base}/verify/${code}` },
  });
  const rendered = await renderDocumentWithLayout(input);
  const signed = await signWindowDocument(rendered, {
    clerk,
    ...(seal ? { seal } : {}),
    ...(values.tsa ? { timestamp: { url: values.tsa } } : {}),
  });
  await fs.writeFile(values.out!, signed.pdf);
  const summary = {
    out: path.resolve(values.out!),
    type,
    documentNumber,
    verificationCode: code,
    bytes: signed.pdf.length,
    signatures: signed.signatures.map((s) => ({ field: s.fieldName, byteRange: s.byteRange, timestamp: s.timestamp })),
  };
  if (values.json) {
    io.out(JSON.stringify(summary, null, 2));
    return 0;
  }
  io.out(`已生成 / written ${summary.out}（${rendered.pageCount} 页，${Math.round(signed.pdf.length / 1024)} KB）${documentNumber}  核验码 ${code}`);
  for (const s of signed.signatures) {
    const ts = s.timestamp.status === 'stamped' ? `时间戳 ${s.timestamp.genTime.toISOString()}` : s.timestamp.status === 'unavailable' ? `无时间戳：${s.timestamp.reason}` : '未请求时间戳';
    io.out(`  ${s.fieldName}: ByteRange [${s.byteRange.join(' ')}]，${ts}`);
  }
  return 0;
}

export const VERIFY_USAGE = `用法 (usage): yichuang verify FILE.pdf [--trust ROOT.pem] [--crl CRL ...] [--json]

逐一验证 PDF 中的每个签名：签名范围、摘要、CMS 签名、证书链与吊销状态，以及签名后的增量修改。
每个签名输出一行；任何一项不通过则退出码非 0。
Verifies every signature (byte range, digest, CMS, chain and revocation, later changes);
one line per signature, exit code 1 when anything fails.

Options:
  --trust ROOT.pem     受信任的根证书（默认 data/pki/root.pem）/ trust root (default data/pki/root.pem)
  --crl FILE           CRL，DER 或 PEM，可重复（默认 data/pki/crl.der）/ CRL, repeatable
  --no-revocation      不检查吊销状态（不推荐）/ skip revocation checks (not recommended)
  --json               输出 JSON / print the full result as JSON
  -h, --help           显示帮助 / show this help`;

function line(s: SignatureResult): string {
  const who = s.signer?.commonName ?? '（无证书）';
  const when = s.timeSource === 'timestamp' ? `${s.validationTime}（时间戳）` : s.claimedSigningTime ? `${s.claimedSigningTime}（声称）` : '无签名时间';
  const cover = s.byteRange ? (s.coversWholeDocument ? '覆盖全文' : `覆盖至 ${s.revisionEnd}`) : '';
  const verdict = s.ok ? '有效 OK' : `无效 FAIL：${s.problems.join('；')}`;
  return `#${s.index} ${s.fieldName}  ${verdict}  ${who}  ${when}${cover ? `  ${cover}` : ''}`;
}

export async function verifyCommand(args: string[], io: CliIo): Promise<number> {
  const { values, positionals } = parse(args, {
    trust: { type: 'string' },
    crl: { type: 'string', multiple: true },
    'no-revocation': { type: 'boolean' },
    json: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  });
  if (values.help) {
    io.out(VERIFY_USAGE);
    return 0;
  }
  if (positionals.length !== 1) throw new UsageError('需要且只需要一个 PDF 文件参数 (expected exactly one FILE.pdf)');
  const file = positionals[0]!;
  if (!existsSync(file)) throw new UsageError(`文件不存在：${file} (no such file)`);
  const defaultDir = path.resolve('data/pki');
  const trustFile = values.trust ?? (existsSync(path.join(defaultDir, 'root.pem')) ? path.join(defaultDir, 'root.pem') : undefined);
  if (!trustFile) throw new UsageError('请用 --trust 指定受信任的根证书 (give --trust ROOT.pem)');
  const crlFiles = values.crl ?? (!values.trust && existsSync(path.join(defaultDir, 'crl.der')) ? [path.join(defaultDir, 'crl.der')] : []);
  const trustRoots = await readDerOrPem(trustFile, 'CERTIFICATE', '--trust');
  const crls = (await Promise.all(crlFiles.map((f) => readDerOrPem(f, 'X509 CRL', '--crl')))).flat();
  const result: VerifyResult = await verifyPdfFile(file, { trustRoots, crls, revocation: values['no-revocation'] ? 'skip' : 'require' });
  if (values.json) io.out(JSON.stringify(result, null, 2));
  else {
    for (const s of result.signatures) io.out(line(s));
    for (const p of result.problems) io.out(`文档 / document: ${p}`);
  }
  return result.ok ? 0 : 1;
}
