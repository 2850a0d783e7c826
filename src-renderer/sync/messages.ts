/**
 * Error texts of the center client. It sits below the app's i18n, so like src-shared
 * they carry Chinese first and English after; UIs word the error kind themselves from
 * the i18n dictionary and show `detail`.
 */
export const centerMessages = {
  badUrl: (base: string) => `中心地址无效 (invalid center URL): ${base}`,
  timeout: (ms: number) => `中心在 ${ms} 毫秒内无响应 (center timed out)`,
  unreachable: (detail: string) => `无法连接中心 (center unreachable): ${detail}`,
  notJson: (status: number) => `中心返回的不是 JSON (HTTP ${status})`,
  httpError: (status: number, msg: string) => `中心拒绝请求 (center error) ${status}: ${msg}`,
  badResponse: (path: string, field: string, msg: string) => `中心数据不符合协议 (invalid center response) ${path}: ${field}: ${msg}`,
} as const;
export const engineMessages = {
  blobMissing: (sha: string) => `本机找不到扫描件 ${sha.slice(0, 12)}…（数据库已被清理或损坏），记录无法上报 (scan missing locally)`,
  blobCorrupt: (sha: string) => `本机保存的扫描件 ${sha.slice(0, 12)}… 内容与其摘要不符（文件已损坏），记录无法上报 (scan damaged locally)`,
  noProgress: '中心要求稍后重试，但连续多次没有进展 (no progress)',
  invalidRecord: (field: string, msg: string) => `待上报记录的字段 ${field} 已损坏，无法上报：${msg} (damaged outbox record)`,
  otherDevice: (local: string, enrolled: string) =>
    `本浏览器（本地数据库）的办件属于设备 ${local}，而本机登记的同步设备是 ${enrolled}，不能代为上报。请在登记该设备的浏览器中同步，或用新的登记码重新登记本机 (this database belongs to device ${local}; this PC is enrolled as ${enrolled})`,
  invalidResultLog: (field: string, msg: string) => `结果领取记录的字段 ${field} 已损坏，无法上报：${msg} (damaged result-log entry)`,
} as const;
