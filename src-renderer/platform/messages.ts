/**
 * Messages raised by the platform layer as ClerkApiError. The platform sits below the
 * app's i18n, so like src-shared they carry Chinese first and English after.
 */
export const platformMessages = {
  fileTooLarge: (name: string, size: string, max: string) =>
    `文件“${name}”大小为 ${size}，超过上限 ${max}，请压缩或拆分后重试 (file too large: ${name} is ${size}, limit ${max})`,
  fileWrongType: (name: string, allowed: string) =>
    `文件“${name}”的类型不在允许范围内，只接受 ${allowed} (file type not allowed: ${name}; allowed ${allowed})`,
  fileReadFailed: (name: string) => `无法读取文件“${name}” (could not read file ${name})`,
  fileTooMany: () => '只能选择一个文件 (only one file may be chosen)',
  pickerUnavailable: () => '当前环境无法打开文件选择框 (no file chooser available here)',
  noBridgeChannel: (channel: string) => `主进程未提供调用 ${channel} (main does not expose ${channel})`,
  network: (channel: string, detail: string) =>
    `无法连接本机服务，调用 ${channel} 失败：${detail} (local host unreachable)`,
  httpStatus: (channel: string, status: number) => `调用 ${channel} 失败：HTTP ${status} (call failed)`,
  forbidden: () => '访问令牌无效或已过期，请重新打开 npm start 打印的地址 (token rejected: open the URL printed by npm start again)',
  badBody: (channel: string) => `调用 ${channel} 的响应无法解析 (response could not be parsed)`,
} as const;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
