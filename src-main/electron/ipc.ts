/**
 * Binds the clerk-api to Electron IPC. Every call: the sender must be our own page in
 * the top frame of a window we created; the channel must be in the allow-list; the
 * shared dispatch validates the arguments before any service runs and the result
 * before it leaves. Errors cross as the ApiError shape, never as stack traces.
 */
import type { IpcMain, IpcMainInvokeEvent } from 'electron';
import { CLERK_CHANNELS } from '../../src-shared/protocol/clerk-channels';
import { ClerkApiError } from '../../src-shared/protocol/clerk-api';
import { toApiError } from '../clerk-handlers';
import { isTrustedUrl } from './window-options';

export type Dispatcher = (channel: unknown, args: unknown) => Promise<unknown>;

export interface IpcResultOk {
  ok: true;
  value: unknown;
}
export interface IpcResultErr {
  ok: false;
  error: { code: string; message: string; field?: string };
}

export function isTrustedSender(event: Pick<IpcMainInvokeEvent, 'senderFrame' | 'sender'>): boolean {
  const frame = event.senderFrame;
  if (!frame) return false;
  // Top frame only: an iframe (even of our own origin) gets no clerk-api.
  if (frame !== event.sender.mainFrame) return false;
  return isTrustedUrl(frame.url);
}

export function registerIpc(ipcMain: Pick<IpcMain, 'handle' | 'removeHandler'>, dispatch: Dispatcher): () => void {
  for (const channel of CLERK_CHANNELS) {
    ipcMain.handle(channel, async (event: IpcMainInvokeEvent, args: unknown): Promise<IpcResultOk | IpcResultErr> => {
      if (!isTrustedSender(event)) {
        return { ok: false, error: new ClerkApiError('forbidden', '调用来源不可信 (untrusted sender)').toJSON() };
      }
      try {
        return { ok: true, value: await dispatch(channel, args) };
      } catch (err) {
        return { ok: false, error: toApiError(err) };
      }
    });
  }
  return () => {
    for (const channel of CLERK_CHANNELS) ipcMain.removeHandler(channel);
  };
}
