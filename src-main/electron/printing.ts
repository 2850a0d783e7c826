/**
 * Electron's printers for the print service (src-main/services/printer): the system's
 * printers as Chromium sees them (webContents.getPrintersAsync), and a silent print of the
 * exact verified PDF in a hidden, sandboxed window with no preload (webContents.print with
 * the chosen deviceName and copies). Where CUPS is installed its `lp` is preferred for the
 * same queue (the print service lists a queue once); this backend is what Windows uses.
 * Thin on purpose: everything that decides (verification, the reprint rule, the journal)
 * lives in the service, which never imports Electron.
 */
import { BrowserWindow, type WebContents } from 'electron';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrinterError, type PrintDone, type PrinterBackend, type PrinterInfo, type PrintJob } from '../services/printer/types';

const PREFIX = 'electron:';

export function electronPrinters(contents: () => WebContents | null): PrinterBackend {
  const list = async (): Promise<PrinterInfo[]> => {
    const wc = contents();
    if (!wc) return [];
    const printers = await wc.getPrintersAsync();
    return printers.map((p) => ({
      id: `${PREFIX}${p.name}`,
      name: p.name,
      kind: 'electron' as const,
      isDefault: (p as { isDefault?: boolean }).isDefault === true || (p.options as Record<string, unknown> | undefined)?.['printer-is-default'] === 'true',
      detail: p.displayName || p.description || undefined,
    }));
  };
  return {
    kind: 'electron',
    list,
    async print(id: string, job: PrintJob): Promise<PrintDone> {
      const deviceName = id.slice(PREFIX.length);
      if (!id.startsWith(PREFIX) || !(await list()).some((p) => p.name === deviceName)) throw new PrinterError('unknown_printer', `没有打印机 ${deviceName} (unknown printer)`);
      const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'yc-print-'));
      const file = path.join(dir, 'result.pdf');
      await fs.writeFile(file, job.pdf, { mode: 0o600 });
      const win = new BrowserWindow({
        show: false,
        webPreferences: {
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          nodeIntegrationInSubFrames: false,
          webSecurity: true,
          allowRunningInsecureContent: false,
          experimentalFeatures: false,
          webviewTag: false,
          disableBlinkFeatures: 'Auxclick',
          // Chromium's PDF viewer renders the pages to print.
          plugins: true,
        },
      });
      try {
        await win.loadURL(pathToFileURL(file).href);
        // Let the viewer lay out every page before printing.
        await new Promise((r) => setTimeout(r, 1500));
        await new Promise<void>((resolve, reject) =>
          win.webContents.print({ silent: true, deviceName, copies: job.copies, printBackground: true }, (ok, why) =>
            ok ? resolve() : reject(new PrinterError('printer_failed', `打印机 ${deviceName} 未能打印：${why} (print failed)`)),
          ),
        );
        return {};
      } finally {
        win.destroy();
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };
}
