/** SHA-256 of bytes and blobs with WebCrypto (native, fast even for 50 MB scans). */
export async function sha256OfBytes(bytes: ArrayBuffer | Uint8Array): Promise<string> {
  const buf = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  const digest = await crypto.subtle.digest('SHA-256', buf as Uint8Array<ArrayBuffer>);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export async function sha256OfBlob(blob: Blob): Promise<string> {
  return sha256OfBytes(await blob.arrayBuffer());
}
