/**
 * Error texts of the local database layer. It sits below the app's i18n, so like
 * src-shared they carry Chinese first and English after; the UI words the error kind
 * from the i18n dictionary where it can.
 */
export const dbMessages = {
  storageFull:
    '本机存储空间已满，本次办件未保存（之前已保存的办件不受影响，草稿仍在）。请联系管理员清理磁盘空间，或待同步完成后清理已上传的扫描件，然后重试。 (Storage is full: this case was not saved; nothing saved before is lost.)',
  caseMissing: (id: string) => `本机没有办件 ${id} (no such case on this device)`,
  foreignCaseNumber: (n: string) => `办件编号 ${n} 不是本机分配的编号 (case number not issued by this device)`,
  blobMissing: (sha: string) => `扫描件 ${sha.slice(0, 12)}… 的内容缺失，请重新上传 (scan content missing)`,
} as const;
