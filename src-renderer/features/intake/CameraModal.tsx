/**
 * Capture pages from a document camera (high-speed document cameras are UVC devices, so
 * getUserMedia sees them): live view, Space or the button grabs a frame as JPEG, the
 * pages are handed back when the clerk is done. No camera or no permission: say so.
 */
import { CameraOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Select, Space, Spin } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { useT } from '../../app/i18n';
import type { MessageKey } from '../../app/i18n/zh-CN';

export interface CapturedPage {
  name: string;
  bytes: Uint8Array;
  url: string;
}

type CamError = 'unsupported' | 'denied' | 'notFound' | 'busy' | 'failed';

export function cameraErrorKind(e: unknown): CamError {
  const name = (e as { name?: string } | null)?.name ?? '';
  if (name === 'NotAllowedError' || name === 'SecurityError' || name === 'PermissionDeniedError') return 'denied';
  if (name === 'NotFoundError' || name === 'OverconstrainedError' || name === 'DevicesNotFoundError') return 'notFound';
  if (name === 'NotReadableError' || name === 'TrackStartError' || name === 'AbortError') return 'busy';
  return 'failed';
}

const ERROR_KEY: Record<CamError, MessageKey> = {
  unsupported: 'intake.camera.unsupported',
  denied: 'intake.camera.denied',
  notFound: 'intake.camera.notFound',
  busy: 'intake.camera.busy',
  failed: 'intake.camera.failed',
};

const JPEG_QUALITY = 0.9;

export function CameraModal({ open, title, onClose, onDone }: { open: boolean; title: string; onClose: () => void; onDone: (pages: CapturedPage[]) => void }) {
  const t = useT();
  const videoRef = useRef<HTMLVideoElement>(null);
  const streamRef = useRef<MediaStream | null>(null);
  const [state, setState] = useState<{ status: 'idle' | 'starting' | 'live' | 'error'; error?: CamError; detail?: string }>({ status: 'idle' });
  const [devices, setDevices] = useState<MediaDeviceInfo[]>([]);
  const [deviceId, setDeviceId] = useState<string | undefined>(undefined);
  const [pages, setPages] = useState<CapturedPage[]>([]);
  const pagesRef = useRef<CapturedPage[]>([]);
  useEffect(() => {
    pagesRef.current = pages;
  }, [pages]);

  const stop = useCallback(() => {
    streamRef.current?.getTracks().forEach((tr) => tr.stop());
    streamRef.current = null;
    if (videoRef.current) videoRef.current.srcObject = null;
  }, []);

  useEffect(() => {
    if (!open) return;
    let cancelled = false;
    const start = async () => {
      const md = typeof navigator !== 'undefined' ? navigator.mediaDevices : undefined;
      if (!md?.getUserMedia) {
        setState({ status: 'error', error: 'unsupported' });
        return;
      }
      setState({ status: 'starting' });
      try {
        const stream = await md.getUserMedia({
          video: deviceId ? { deviceId: { exact: deviceId }, width: { ideal: 2592 }, height: { ideal: 1944 } } : { width: { ideal: 2592 }, height: { ideal: 1944 } },
          audio: false,
        });
        if (cancelled) {
          stream.getTracks().forEach((tr) => tr.stop());
          return;
        }
        streamRef.current = stream;
        const v = videoRef.current;
        if (v) {
          v.srcObject = stream;
          await v.play().catch(() => undefined);
        }
        setState({ status: 'live' });
        const all = await md.enumerateDevices().catch(() => [] as MediaDeviceInfo[]);
        if (!cancelled) setDevices(all.filter((d) => d.kind === 'videoinput'));
      } catch (e) {
        if (!cancelled) setState({ status: 'error', error: cameraErrorKind(e), detail: (e as Error)?.message });
      }
    };
    void start();
    return () => {
      cancelled = true;
      stop();
    };
  }, [open, deviceId, stop]);

  // Captured pages' preview URLs are freed when the dialog goes away (the parent mounts it only while open).
  useEffect(
    () => () => {
      for (const p of pagesRef.current) URL.revokeObjectURL(p.url);
    },
    [],
  );

  const capture = useCallback(async () => {
    const v = videoRef.current;
    if (!v || state.status !== 'live' || !v.videoWidth) return;
    const canvas = document.createElement('canvas');
    canvas.width = v.videoWidth;
    canvas.height = v.videoHeight;
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    ctx.drawImage(v, 0, 0);
    const blob = await new Promise<Blob | null>((r) => canvas.toBlob(r, 'image/jpeg', JPEG_QUALITY));
    if (!blob) return;
    const bytes = new Uint8Array(await blob.arrayBuffer());
    setPages((ps) => [...ps, { name: `camera-${ps.length + 1}.jpg`, bytes, url: URL.createObjectURL(blob) }]);
  }, [state.status]);

  const finish = () => {
    const out = pages.map((p) => ({ ...p }));
    stop();
    onDone(out);
  };

  return (
    <Modal
      open={open}
      title={title}
      width={860}
      onCancel={onClose}
      destroyOnHidden
      maskClosable={false}
      data-testid="camera-modal"
      footer={
        <Space>
          <Button onClick={onClose} data-testid="camera-cancel">
            {t('intake.camera.cancel')}
          </Button>
          <Button type="primary" disabled={pages.length === 0} onClick={finish} data-testid="camera-done">
            {t('intake.camera.done', { n: pages.length })}
          </Button>
        </Space>
      }
    >
      <div
        onKeyDown={(e) => {
          if (e.key === ' ' && (e.target as HTMLElement).tagName !== 'BUTTON') {
            e.preventDefault();
            void capture();
          }
        }}
      >
        {state.status === 'error' ? (
          <Alert type="error" showIcon data-testid="camera-error" data-kind={state.error} title={t(ERROR_KEY[state.error ?? 'failed'])} description={state.detail} />
        ) : (
          <div style={{ position: 'relative', background: '#111', borderRadius: 4, minHeight: 300, display: 'flex', alignItems: 'center', justifyContent: 'center' }}>
            <video ref={videoRef} muted playsInline style={{ width: '100%', maxHeight: 460, display: 'block' }} data-testid="camera-video" />
            {state.status === 'starting' && (
              <div style={{ position: 'absolute' }}>
                <Spin />
              </div>
            )}
          </div>
        )}
        <div style={{ display: 'flex', alignItems: 'center', gap: 10, marginTop: 10 }}>
          <Button type="primary" icon={<CameraOutlined />} disabled={state.status !== 'live'} onClick={() => void capture()} data-testid="camera-capture" autoFocus>
            {t('intake.camera.capture')}
          </Button>
          {devices.length > 1 && (
            <Select
              style={{ width: 260 }}
              value={deviceId ?? devices[0]?.deviceId}
              onChange={(v) => setDeviceId(v)}
              options={devices.map((d, i) => ({ value: d.deviceId, label: d.label || t('intake.camera.device', { n: i + 1 }) }))}
              aria-label={t('intake.camera.deviceLabel')}
            />
          )}
          <span className="yc-muted">{t('intake.camera.hint')}</span>
        </div>
        {pages.length > 0 && (
          <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', marginTop: 10 }}>
            {pages.map((p, i) => (
              <div key={p.url} style={{ position: 'relative' }} data-testid="camera-page">
                <img src={p.url} alt={t('intake.camera.page', { n: i + 1 })} style={{ height: 90, border: '1px solid #d5dae3', borderRadius: 3 }} />
                <Button
                  size="small"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('intake.camera.removePage', { n: i + 1 })}
                  style={{ position: 'absolute', top: 2, right: 2 }}
                  onClick={() => {
                    URL.revokeObjectURL(p.url);
                    setPages((ps) => ps.filter((x) => x !== p));
                  }}
                />
              </div>
            ))}
          </div>
        )}
      </div>
    </Modal>
  );
}
