/**
 * A scan or the window's receipt, fetched from the center with the session cookie, checked
 * against its SHA-256, and shown from a blob URL: PDF in a frame, images inline.
 */
import { DownloadOutlined, SafetyCertificateOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Spin, Tag } from 'antd';
import { useEffect, useRef } from 'react';
import { ApiError } from '../../api/client';
import { describeError } from '../../app/errors';
import { useT } from '../../app/i18n';
import { useApi } from '../../app/session';
import { useLoad } from '../../app/useLoad';

export interface ScanRef {
  sha256: string;
  name: string;
  mime?: string;
}

function ScanBody({ caseId, scan }: { caseId: string; scan: ScanRef }) {
  const t = useT();
  const api = useApi();
  const urls = useRef<string[]>([]);
  const file = useLoad(`${caseId}/${scan.sha256}`, async () => {
    const { blob, verified } = await api.blob(caseId, scan.sha256, scan.mime);
    const url = URL.createObjectURL(blob);
    urls.current.push(url);
    return { url, type: blob.type, verified };
  });
  useEffect(() => {
    const created = urls.current;
    return () => created.forEach((u) => URL.revokeObjectURL(u));
  }, []);

  if (file.error !== undefined) {
    const mismatch = file.error instanceof ApiError && file.error.code === 'blob_hash_mismatch';
    return <Alert type="error" showIcon data-testid="scan-error" title={t('scan.failed')} description={mismatch ? t('scan.hashMismatch') : describeError(t, file.error)} />;
  }
  if (!file.data)
    return (
      <div style={{ padding: 48, textAlign: 'center' }}>
        <Spin description={t('scan.loading')}>
          <div style={{ width: 160, height: 40 }} />
        </Spin>
      </div>
    );
  const { url, type, verified } = file.data;
  return (
    <div data-testid="scan-view" data-type={type}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8 }}>
        {verified && (
          <Tag color="success" icon={<SafetyCertificateOutlined />}>
            SHA-256
          </Tag>
        )}
        <span className="ycc-code ycc-muted">{scan.sha256}</span>
        <span style={{ flex: 1 }} />
        <Button size="small" icon={<DownloadOutlined />} href={url} download={scan.name}>
          {t('scan.download')}
        </Button>
      </div>
      {type === 'application/pdf' ? (
        <iframe src={url} title={scan.name} className="ycc-scan-frame" data-testid="scan-pdf" />
      ) : type.startsWith('image/') ? (
        <div style={{ textAlign: 'center', maxHeight: '72vh', overflow: 'auto' }}>
          <img src={url} alt={scan.name} style={{ maxWidth: '100%' }} data-testid="scan-image" />
        </div>
      ) : (
        <Alert type="info" showIcon title={t('scan.unsupported', { mime: type })} />
      )}
    </div>
  );
}

export function ScanViewer({ caseId, scan, onClose }: { caseId: string; scan: ScanRef | null; onClose(): void }) {
  const t = useT();
  return (
    <Modal open={!!scan} onCancel={onClose} footer={null} width="min(1000px, 94vw)" title={scan ? t('scan.title', { name: scan.name }) : ''} destroyOnHidden>
      {scan && <ScanBody caseId={caseId} scan={scan} />}
    </Modal>
  );
}
