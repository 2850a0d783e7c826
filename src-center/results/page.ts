/**
 * The public verification page (GET /verify/:code): one self-contained Chinese HTML page —
 * no script, no external asset, one inline style allowed by its hash in the CSP — showing
 * what the JSON answer says. Every value is HTML-escaped.
 */
import { createHash } from 'node:crypto';
import type { VerificationAnswer } from '../../src-shared/protocol/workflow';
import { chinaDateOf, chinaTimeOf } from '../../src-node/documents/text';
import { RESULT_KIND_LABELS } from '../../src-node/documents/result-template';

const STYLE = `
body{margin:0;background:#f4f5f7;color:#1f2329;font:16px/1.6 "PingFang SC","Microsoft YaHei","Noto Sans CJK SC",sans-serif}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}
h1{font-size:1.4rem;margin:0 0 1rem}
.card{background:#fff;border-radius:8px;padding:1.25rem 1.5rem;box-shadow:0 1px 3px rgba(0,0,0,.08)}
.status{display:inline-block;font-weight:600;font-size:1.2rem;padding:.2rem .8rem;border-radius:4px;margin-bottom:1rem}
.genuine{background:#e8f7ee;color:#0a7a3b}.revoked{background:#fdecec;color:#b42318}.unknown,.invalid{background:#fff4e5;color:#9a5b00}
dl{display:grid;grid-template-columns:7rem 1fr;gap:.4rem 1rem;margin:0}
dt{color:#646a73}dd{margin:0;word-break:break-all}
.hash{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:.85rem}
p.note{color:#646a73;font-size:.9rem;margin:1rem 0 0}
form{margin-top:1.5rem;display:flex;gap:.5rem;flex-wrap:wrap}
label{width:100%;color:#646a73;font-size:.9rem}
input{flex:1;min-width:12rem;font:inherit;padding:.4rem .6rem;border:1px solid #c9cdd4;border-radius:4px;text-transform:uppercase}
button{font:inherit;padding:.4rem 1rem;border:0;border-radius:4px;background:#1664ff;color:#fff;cursor:pointer}
a{color:#1664ff}
`;

/** The Content-Security-Policy of the page: nothing but its own inline style; forms post to the center itself. */
export const PAGE_CSP = [
  "default-src 'none'",
  `style-src 'sha256-${createHash('sha256').update(STYLE).digest('base64')}'`,
  "img-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const when = (iso: string) => `${chinaDateOf(iso)} ${chinaTimeOf(iso)}（北京时间）`;

function row(label: string, value: string, cls = ''): string {
  return `<dt>${escapeHtml(label)}</dt><dd${cls ? ` class="${cls}"` : ''}>${escapeHtml(value)}</dd>`;
}

function form(code = ''): string {
  return (
    `<form method="get" action="/verify"><label for="code">核验其他文书：输入文书上印制的16位核验码</label>` +
    `<input id="code" name="code" value="${escapeHtml(code)}" maxlength="24" autocomplete="off" spellcheck="false" placeholder="XXXX-XXXX-XXXX-XXXX" required>` +
    `<button type="submit">核验</button></form>`
  );
}

function page(title: string, card: string, code = ''): string {
  return (
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">` +
    `<meta name="robots" content="noindex"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>` +
    `<body><main><h1>政务服务结果文书核验</h1><div class="card">${card}</div>${form(code)}</main></body></html>`
  );
}

/** The page for a verification answer. */
export function verificationPage(a: VerificationAnswer): string {
  if (a.status === 'unknown') {
    const card =
      `<div class="status unknown">未找到</div>` +
      `<dl>${row('核验码', a.code, 'hash')}</dl>` +
      `<p class="note">没有与该核验码对应的结果文书。请核对文书上印制的核验码；若仍无结果，该文书可能不是本平台签发的，请向签发机关核实。</p>`;
    return page(`核验码 ${a.code}：未找到`, card, a.code);
  }
  const label = a.status === 'genuine' ? '真实有效' : '已撤销';
  let rows =
    row('核验码', a.code, 'hash') +
    row('文书名称', a.title) +
    row('文书类型', RESULT_KIND_LABELS[a.kind]) +
    row('签发机关', a.issuer) +
    row('签发时间', when(a.issuedAt)) +
    row('办件编号', a.caseNumber, 'hash') +
    row('文书摘要', `SHA-256 ${a.documentSha256}`, 'hash');
  if (a.status === 'revoked') rows += row('撤销时间', when(a.revokedAt)) + row('撤销原因', a.revocationReason);
  const note =
    a.status === 'genuine'
      ? '该文书由省级政务服务平台签发，加盖省级政务服务电子印章，当前有效。请核对打印件上的文书名称、签发机关与本页一致；电子文件可核对其 SHA-256 摘要。'
      : '该文书曾由省级政务服务平台签发，现已撤销，不再具有效力。';
  const card = `<div class="status ${a.status}">${label}</div><dl>${rows}</dl><p class="note">${escapeHtml(note)}</p>`;
  return page(`核验码 ${a.code}：${label}`, card, a.code);
}

/** The page for a code that cannot be one (wrong length or characters). */
export function invalidCodePage(given: string): string {
  const card =
    `<div class="status invalid">核验码格式不正确</div>` +
    `<dl>${row('输入内容', given.slice(0, 64), 'hash')}</dl>` +
    `<p class="note">核验码为16位字母或数字，每4位一组，形如 XXXX-XXXX-XXXX-XXXX（不含字母 U；O 与 0、I/L 与 1 视为相同）。</p>`;
  return page('核验码格式不正确', card);
}

/** The page with only the form (GET /verify). */
export function formPage(): string {
  return page('政务服务结果文书核验', `<p class="note">请输入结果文书上印制的核验码，或用手机扫描文书左下角的二维码。</p>`);
}
