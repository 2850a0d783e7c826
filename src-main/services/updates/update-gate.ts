/**
 * The update gate: an update of the app is downloaded and installed only while nothing is
 * unsent (issue 5: "auto-update of the app is blocked while anything is unsent").
 *
 * The renderer owns the outbox and reports its unsent counts (clerk-api
 * updates:report-unsent) after every sync cycle and outbox change. The gate is open only
 * while the last report says zero pending and zero rejected records and is fresh (a
 * renderer that stopped reporting — closed, crashed — proves nothing). While closed:
 * checks for an update do not download it, and install is refused; when it opens, an
 * update found meanwhile is downloaded; a downloaded update installs when the clerk says so
 * (never by surprise in the middle of an intake).
 *
 * Plain Node, no Electron: the updater (electron-updater in src-main/electron/updates.ts)
 * is behind `UpdaterPort` and feeds its events back through the on* methods.
 */
import { ClerkApiError } from '../../../src-shared/protocol/clerk-api';
import { UnsentReport, type UpdateState, type UpdateStatus } from '../../../src-shared/protocol/clerk-updates';

/** What the gate asks of the updater. */
export interface UpdaterPort {
  /** Look for an update; download it at once only when `download` (the gate is open). */
  check(download: boolean): Promise<void>;
  /** Download the update found by the last check. */
  download(): Promise<void>;
  /** Quit and install the downloaded update. */
  install(): void;
}

export interface UpdateGateOptions {
  /** host-managed: browser mode; disabled: no feed / unpackaged; active: an updater is wired. */
  mode: 'host-managed' | 'disabled' | 'active';
  currentVersion: string;
  port?: UpdaterPort;
  /** Why updates are disabled (shown in 设置). */
  disabledReason?: string;
  /** A report older than this no longer opens the gate (default 5 minutes). */
  maxReportAgeMs?: number;
  now?: () => number;
  log?: (line: string) => void;
}

type Unsent = { pending: number; rejected: number; oldestAt: string | null; reportedAtMs: number };

export class UpdateGate {
  private state: UpdateState;
  private availableVersion: string | null = null;
  private downloadPercent: number | null = null;
  private unsent: Unsent | null = null;
  private lastCheckedAt: string | null = null;
  private error: string | null = null;
  private downloadRequested = false;

  constructor(private readonly o: UpdateGateOptions) {
    if (o.mode === 'active' && !o.port) throw new Error('UpdateGate: an active gate needs an updater port');
    this.state = o.mode === 'active' ? 'idle' : o.mode;
  }

  private now(): number {
    return this.o.now?.() ?? Date.now();
  }

  private get maxAge(): number {
    return this.o.maxReportAgeMs ?? 5 * 60_000;
  }

  /** Why the gate is closed now, or null when it is open. */
  closedBy(): 'unsent' | 'no-report' | 'stale-report' | null {
    if (!this.unsent) return 'no-report';
    if (this.unsent.pending + this.unsent.rejected > 0) return 'unsent';
    if (this.now() - this.unsent.reportedAtMs > this.maxAge) return 'stale-report';
    return null;
  }

  get open(): boolean {
    return this.closedBy() === null;
  }

  /**
   * A report from the renderer. Validated here as well as at the clerk-api boundary: a bad
   * shape is refused (ClerkApiError naming the field) and leaves the gate as it was.
   */
  report(raw: unknown): UpdateStatus {
    const r = UnsentReport.safeParse(raw);
    if (!r.success) {
      const issue = r.error.issues[0];
      const field = issue?.path.length ? issue.path.join('.') : undefined;
      throw new ClerkApiError('bad_args', `updates:report-unsent 参数无效: ${field ?? '(root)'}: ${issue?.message ?? 'invalid'}`, field);
    }
    const wasOpen = this.open;
    this.unsent = { ...r.data, reportedAtMs: this.now() };
    if (!wasOpen && this.open) this.released();
    return this.status();
  }

  /** The gate has just opened: fetch an update that was found while it was closed. */
  private released(): void {
    this.o.log?.('update gate open: nothing unsent');
    if (this.o.mode === 'active' && this.state === 'available' && !this.downloadRequested) void this.download();
  }

  private async download(): Promise<void> {
    this.downloadRequested = true;
    this.state = 'downloading';
    this.downloadPercent = 0;
    try {
      await this.o.port!.download();
    } catch (e) {
      this.onError(e instanceof Error ? e.message : String(e));
    }
  }

  /** Look for an update (the Electron wiring calls this on a timer). Downloads only while open. */
  async check(): Promise<UpdateStatus> {
    if (this.o.mode !== 'active' || this.state === 'checking' || this.state === 'downloading' || this.state === 'downloaded') return this.status();
    this.state = 'checking';
    this.error = null;
    this.downloadRequested = this.open;
    try {
      await this.o.port!.check(this.downloadRequested);
      // The updater may finish without an event (e.g. it skips unpackaged builds).
      if (this.state === 'checking') {
        this.state = 'idle';
        this.lastCheckedAt = new Date(this.now()).toISOString();
      }
    } catch (e) {
      this.onError(e instanceof Error ? e.message : String(e));
    }
    return this.status();
  }

  /** Install the downloaded update now. Refused unless downloaded and the gate is open. */
  install(): UpdateStatus {
    if (this.o.mode !== 'active') throw new ClerkApiError('failed', this.status().message);
    if (this.state !== 'downloaded') throw new ClerkApiError('failed', '没有已下载的更新可以安装 (no downloaded update to install)');
    const closed = this.closedBy();
    if (closed) throw new ClerkApiError('failed', `${this.closedMessage(closed)}，暂不安装更新 (the update waits for unsent work)`);
    this.o.log?.(`installing update ${this.availableVersion ?? ''}`);
    this.o.port!.install();
    return this.status();
  }

  // ---- events from the updater ----

  onChecking(): void {
    if (this.state !== 'downloading' && this.state !== 'downloaded') this.state = 'checking';
  }

  onAvailable(version: string): void {
    this.availableVersion = version;
    this.lastCheckedAt = new Date(this.now()).toISOString();
    if (this.downloadRequested) {
      this.state = 'downloading';
      this.downloadPercent ??= 0;
    } else {
      this.state = 'available';
      // Opened while the check ran: fetch it now.
      if (this.open) void this.download();
    }
  }

  onNotAvailable(): void {
    this.lastCheckedAt = new Date(this.now()).toISOString();
    this.availableVersion = null;
    this.downloadRequested = false;
    this.state = 'idle';
  }

  onProgress(percent: number): void {
    this.state = 'downloading';
    this.downloadPercent = Math.max(0, Math.min(100, Number.isFinite(percent) ? percent : 0));
  }

  onDownloaded(version: string): void {
    this.availableVersion = version;
    this.downloadPercent = 100;
    this.state = 'downloaded';
  }

  onError(message: string): void {
    this.error = message.slice(0, 500);
    this.o.log?.(`update error: ${this.error}`);
    this.downloadRequested = false;
    // A downloaded update stays installable; anything else starts over at the next check.
    if (this.state !== 'downloaded') this.state = 'error';
  }

  private closedMessage(closed: 'unsent' | 'no-report' | 'stale-report'): string {
    const u = this.unsent;
    if (closed === 'unsent' && u) {
      const parts = [u.pending ? `${u.pending} 条待上报` : '', u.rejected ? `${u.rejected} 条需处理` : ''].filter(Boolean).join('、');
      return `还有 ${u.pending + u.rejected} 条记录未上报省级中心（${parts}）`;
    }
    if (closed === 'stale-report') return `超过 ${Math.round(this.maxAge / 60_000)} 分钟未收到待上报记录数`;
    return '尚未收到待上报记录数';
  }

  status(): UpdateStatus {
    const closed = this.closedBy();
    const waiting = this.state === 'available' || this.state === 'downloading' || this.state === 'downloaded';
    const held = waiting && closed !== null;
    const ready = this.state === 'downloaded' && closed === null;
    const v = this.availableVersion ? ` ${this.availableVersion}` : '';
    let message: string;
    switch (this.state) {
      case 'host-managed':
        message = '浏览器模式：应用更新由宿主管理 (browser mode: updates are managed by the host)';
        break;
      case 'disabled':
        message = `自动更新未启用${this.o.disabledReason ? `：${this.o.disabledReason}` : ''} (updates disabled)`;
        break;
      case 'error':
        message = `检查或下载更新失败：${this.error ?? ''} (update failed)`;
        break;
      default:
        if (held) message = `新版本${v}等待上报完成：${this.closedMessage(closed!)}，全部上报后才会${this.state === 'downloaded' ? '安装' : '下载并安装'} (update held: unsent work)`;
        else if (ready) message = `新版本${v}已下载，可以重启安装 (update ready: restart to install)`;
        else if (this.state === 'downloading') message = `正在下载新版本${v} (downloading the update)`;
        else if (this.state === 'available') message = `发现新版本${v} (update available)`;
        else if (this.state === 'checking') message = '正在检查更新 (checking for updates)';
        else message = `当前已是最新版本 ${this.o.currentVersion} (up to date)`;
    }
    return {
      state: this.state,
      currentVersion: this.o.currentVersion,
      availableVersion: this.availableVersion,
      downloadPercent: this.downloadPercent,
      unsent: this.unsent
        ? { pending: this.unsent.pending, rejected: this.unsent.rejected, oldestAt: this.unsent.oldestAt, reportedAt: new Date(this.unsent.reportedAtMs).toISOString() }
        : null,
      closedBy: closed,
      held,
      ready,
      lastCheckedAt: this.lastCheckedAt,
      error: this.error,
      message,
    };
  }
}
