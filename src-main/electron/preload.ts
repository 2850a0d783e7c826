/**
 * The preload: exposes exactly the clerk-api channels through contextBridge, one async
 * function per channel, and nothing else (no ipcRenderer, no generic invoke). Values
 * cross by structured clone, so Uint8Array stays binary.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { CLERK_CHANNELS } from '../../src-shared/protocol/clerk-channels';

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; field?: string } };

export function buildBridge(invoke: (channel: string, args: unknown) => Promise<unknown>): Record<string, (args?: unknown) => Promise<unknown>> {
  const api: Record<string, (args?: unknown) => Promise<unknown>> = {};
  for (const channel of CLERK_CHANNELS) {
    api[channel] = async (args?: unknown) => {
      const reply = (await invoke(channel, args ?? {})) as Reply;
      if (reply.ok) return reply.value;
      // A plain object, not an Error: contextBridge copies only the message of an Error,
      // and the page needs the code and the field at fault.
      throw { name: 'ClerkApiError', code: reply.error.code, message: reply.error.message, ...(reply.error.field ? { field: reply.error.field } : {}) };
    };
  }
  return Object.freeze(api);
}

contextBridge.exposeInMainWorld('yichuang', buildBridge((channel, args) => ipcRenderer.invoke(channel, args)));
