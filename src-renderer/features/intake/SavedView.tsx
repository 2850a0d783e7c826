/**
 * After the commit resolved (and only then): the case number, the decision's document
 * in a preview, print and download. Read back from the database, so a reload shows it
 * again.
 */
import { DownloadOutlined, PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, Button, Result, Spin, Tag } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState } from 'react';
import { useT } from '../../app/i18n';
import type { MessageKey } from '../../app/i18n/zh-CN';
import { useServices } from '../../app/services';

interface DocRef {
  sha256: string;
  type: string;
}

export function SavedView({ caseId, onNew }: { caseId: string; onNew: () => void }) {
  const t = useT();
  const services = useServices();
  const row = useLiveQuery(() => services.cases.get(caseId).then((r) => r ?? null), [services, caseId]);
  const [doc, setDoc] = useState<{ url: string; name: string; type: string } | null>(null);
  const [docMissing, setDocMissing] = useState(false);
  const frameRef = useRef<HTMLIFrameElement>(null);
  const newRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    let url: string | null = null;
    let cancelled = false;
    void (async () => {
      const events = await services.cases.events(caseId);
      let ref: DocRef | null = null;
      for (const e of events) {
        const d = (e.data as { document?: DocRef } | undefined)?.document;
        if (d?.sha256) ref = d;
      }
      const blob = ref ? await services.cases.blob(ref.sha256) : undefined;
      if (cancelled) return;
      if (!ref || !blob) {
        setDocMissing(events.length > 0);
        return;
      }
      url = URL.createObjectURL(blob.blob);
      setDoc({ url, name: blob.name, type: ref.type });
    })();
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [services, caseId]);

  useEffect(() => {
    if (row) newRef.current?.focus();
  }, [row]);

  if (row === undefined) return <Spin style={{ marginTop: 80 }} />;
  if (row === null)
    return (
      <Result
        status="warning"
        title={t('intake.saved.notFound')}
        extra={
          <Button type="primary" onClick={onNew} data-testid="intake-new">
            {t('intake.saved.new')}
          </Button>
        }
      />
    );

  const status = t(`intake.status.${row.status}` as MessageKey);
  const print = () => {
    const w = frameRef.current?.contentWindow;
    if (w) {
      w.focus();
      w.print();
    }
  };

  return (
    <div data-testid="intake-saved" data-case-number={row.caseNumber} data-case-id={row.id} data-status={row.status} style={{ display: 'flex', flexDirection: 'column', flex: 1, minHeight: 0, gap: 10 }}>
      <Alert
        type="success"
        showIcon
        title={
          <span style={{ fontSize: 16 }}>
            {t('intake.saved.title')}
            <span className="yc-code" style={{ fontSize: 15, marginInlineStart: 12, fontWeight: 600 }} data-testid="intake-case-number">
              {row.caseNumber}
            </span>
          </span>
        }
        description={
          <span style={{ display: 'inline-flex', gap: 10, flexWrap: 'wrap', alignItems: 'center' }}>
            <Tag color="blue">{status}</Tag>
            <span>{row.item.name}</span>
            <span>{row.applicant.name}</span>
            {row.dueDate && <span data-testid="saved-due-date">{t('intake.saved.due', { date: row.dueDate })}</span>}
            {row.dueDatePending && <span data-testid="saved-due-pending">{row.dueDatePending}</span>}
          </span>
        }
        action={
          <div style={{ display: 'flex', gap: 8 }}>
            <Button icon={<PrinterOutlined />} onClick={print} disabled={!doc} data-testid="intake-print">
              {t('intake.saved.print')}
            </Button>
            <Button icon={<DownloadOutlined />} href={doc?.url} download={doc?.name} disabled={!doc} data-testid="intake-download">
              {t('intake.saved.download')}
            </Button>
            <Button ref={newRef} type="primary" icon={<PlusOutlined />} onClick={onNew} data-testid="intake-new">
              {t('intake.saved.new')}
            </Button>
          </div>
        }
      />
      {docMissing && <Alert type="warning" showIcon title={t('intake.saved.noDocument')} />}
      <div style={{ flex: 1, minHeight: 320, background: '#fff', border: '1px solid #e5e8ef', borderRadius: 6, overflow: 'hidden' }}>
        {doc ? (
          <iframe ref={frameRef} src={doc.url} title={doc.name} data-testid="receipt-frame" data-document-type={doc.type} style={{ width: '100%', height: '100%', border: 0 }} />
        ) : (
          !docMissing && <Spin style={{ margin: 40 }} />
        )}
      </div>
    </div>
  );
}
