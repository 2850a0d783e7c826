/**
 * One case in full, in a drawer: item, applicant, agent, form, materials with their scans,
 * the decision and its document (preview, print, download), the clock, the progress (the
 * window's events with the provincial center's steps pulled back), the hash-chained event
 * log with its verification, and the case's records still in the outbox.
 * Everything comes from this PC's databases (the window's and the sync one), live.
 */
import { DownloadOutlined, EyeInvisibleOutlined, EyeOutlined, FilePdfOutlined, FileImageOutlined, PrinterOutlined, SafetyCertificateOutlined, WarningOutlined } from '@ant-design/icons';
import { Alert, Button, Descriptions, Drawer, Empty, Modal, Space, Spin, Table, Tag, Timeline, Tooltip, Typography } from 'antd';
import { useLiveQuery } from 'dexie-react-hooks';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import type { Applicant, BlobRef, Decision, MaterialState } from '../../../src-shared/domain/case';
import type { CaseEvent, ChainVerification } from '../../../src-shared/domain/event-chain';
import { formatDateTime, useLocale, useT, type MessageKey, type TFunction } from '../../app/i18n';
import { useServices } from '../../app/services';
import type { CaseRow, OutboxRow } from '../../db/casesSchema';
import { syncStateDb } from '../sync/runtime';
import { chainText, documentOf, eventTypeLabel } from './caseDetailModel';
import { CenterOutcomeNotice, ProgressTimeline } from './CaseProgress';
import { progressTimeline } from './caseProgressModel';
import { countdownReasons, type CountdownCache } from './countdown';
import { CenterStatusTag, CountdownTag, StatusTag, SyncTag } from './labels';
import { syncStateOf } from './caseList';
import { maskIdNumber } from './masking';
import { ProxyTag } from '../proxy/ProxyTag';
import { CaseVerification } from '../verification/VerificationStatus';

function Section({ title, children, extra, testId }: { title: ReactNode; children: ReactNode; extra?: ReactNode; testId?: string }) {
  return (
    <section style={{ marginTop: 22 }} data-testid={testId}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 8, marginBottom: 8, borderLeft: '3px solid #1f5fbf', paddingLeft: 8 }}>
        <Typography.Text strong style={{ fontSize: 15 }}>
          {title}
        </Typography.Text>
        <div style={{ flex: 1 }} />
        {extra}
      </div>
      {children}
    </section>
  );
}

/** Local date-time with seconds, for the event log. */
const formatInstant = (iso: string, locale: 'zh-CN' | 'en') => formatDateTime(iso, locale, { seconds: true });

const docTypeLabel = (t: TFunction, code: string) => t(`cases.docType.${code}` as MessageKey);

/** A masked document number with a button that reveals it. */
function IdNumber({ t, value }: { t: TFunction; value: string }) {
  const [shown, setShown] = useState(false);
  return (
    <span style={{ display: 'inline-flex', alignItems: 'center', gap: 6 }}>
      <span className="yc-code" style={{ fontSize: 13 }}>
        {shown ? value : maskIdNumber(value)}
      </span>
      <Tooltip title={shown ? t('cases.detail.hide') : t('cases.detail.reveal')}>
        <Button size="small" type="text" icon={shown ? <EyeInvisibleOutlined /> : <EyeOutlined />} onClick={() => setShown(!shown)} aria-label={shown ? t('cases.detail.hide') : t('cases.detail.reveal')} />
      </Tooltip>
    </span>
  );
}

/** An object URL for a stored blob, revoked when no longer shown. `null` = not on this PC. */
function useBlobUrl(sha256: string | null): { url: string | null | undefined; mediaType: string | undefined; name: string | undefined } {
  const { cases } = useServices();
  const [state, setState] = useState<{ sha: string | null; url: string | null | undefined; mediaType?: string; name?: string }>({ sha: null, url: undefined });
  useEffect(() => {
    if (!sha256) return;
    let url: string | null = null;
    let cancelled = false;
    void cases.blob(sha256).then((row) => {
      if (cancelled) return;
      if (!row) {
        setState({ sha: sha256, url: null });
        return;
      }
      url = URL.createObjectURL(row.blob.type ? row.blob : new Blob([row.blob], { type: row.mediaType }));
      setState({ sha: sha256, url, mediaType: row.mediaType, name: row.name });
    });
    return () => {
      cancelled = true;
      if (url) URL.revokeObjectURL(url);
    };
  }, [cases, sha256]);
  if (state.sha !== sha256) return { url: undefined, mediaType: undefined, name: undefined };
  return { url: state.url, mediaType: state.mediaType, name: state.name };
}

function BlobView({ t, sha256, testId, height, frameRef }: { t: TFunction; sha256: string; testId: string; height: number | string; frameRef?: React.Ref<HTMLIFrameElement> }) {
  const { url, mediaType, name } = useBlobUrl(sha256);
  if (url === undefined) return <Spin style={{ display: 'block', margin: '40px auto' }} />;
  if (url === null) return <Alert type="error" showIcon title={t('cases.detail.blobMissing', { sha: sha256.slice(0, 12) })} />;
  if (mediaType?.startsWith('image/'))
    return (
      <div style={{ height, overflow: 'auto', background: '#525659', textAlign: 'center' }}>
        <img data-testid={testId} src={url} alt={name ?? ''} style={{ maxWidth: '100%' }} />
      </div>
    );
  return <iframe ref={frameRef} data-testid={testId} src={url} title={name ?? sha256} style={{ width: '100%', height, border: '1px solid #e5e8ef', borderRadius: 4, background: '#525659' }} />;
}

function ScanModal({ t, scan, onClose }: { t: TFunction; scan: BlobRef | null; onClose: () => void }) {
  return (
    <Modal open={!!scan} onCancel={onClose} footer={null} width="min(1000px, 92vw)" title={scan ? t('cases.detail.scanTitle', { name: scan.name }) : ''} destroyOnHidden>
      {scan && <BlobView t={t} sha256={scan.sha256} testId="case-scan-frame" height="72vh" />}
    </Modal>
  );
}

function ScanButtons({ t, scans, onOpen }: { t: TFunction; scans: BlobRef[]; onOpen: (s: BlobRef) => void }) {
  if (!scans.length) return <span className="yc-muted">{t('cases.detail.noScans')}</span>;
  return (
    <Space size={4} wrap>
      {scans.map((s) => (
        <Button key={s.sha256} size="small" icon={s.mediaType === 'application/pdf' ? <FilePdfOutlined /> : <FileImageOutlined />} onClick={() => onOpen(s)} data-testid="case-scan" data-sha256={s.sha256}>
          <span className="yc-ellipsis" style={{ maxWidth: 160 }}>
            {s.name}
          </span>
        </Button>
      ))}
    </Space>
  );
}

function MaterialsTable({ t, materials, onOpen }: { t: TFunction; materials: MaterialState[]; onOpen: (s: BlobRef) => void }) {
  return (
    <Table<MaterialState>
      size="small"
      bordered
      rowKey="materialId"
      pagination={false}
      dataSource={materials}
      data-testid="case-materials"
      columns={[
        { title: '#', width: 40, align: 'center', render: (_v, _m, i) => i + 1 },
        {
          title: t('cases.detail.materialName'),
          render: (_v, m) => (
            <div>
              <div>{m.name}</div>
              <Space size={4} wrap style={{ marginTop: 2 }}>
                {m.required && <Tag color="blue">{t('cases.detail.materialRequired')}</Tag>}
                {m.tolerable && <Tag>{t('cases.detail.tolerable')}</Tag>}
                {m.licence && <Tag color="cyan">{t('cases.detail.licence', { number: m.licence.licenceNumber, grade: m.licence.trustGrade })}</Tag>}
              </Space>
              {m.note && (
                <Typography.Text type="secondary" style={{ fontSize: 12, display: 'block' }}>
                  {m.note}
                </Typography.Text>
              )}
            </div>
          ),
        },
        {
          title: t('cases.detail.originals'),
          width: 92,
          align: 'center',
          render: (_v, m) =>
            m.originalsRequired === 0 ? (
              <span className="yc-muted">{t('cases.detail.notNeeded')}</span>
            ) : m.originalSeen ? (
              <Tag color="green">{t('cases.detail.originalSeen')}</Tag>
            ) : (
              <Tag color="red">{t('cases.detail.originalNotSeen')}</Tag>
            ),
        },
        {
          title: t('cases.detail.copies'),
          width: 84,
          align: 'center',
          render: (_v, m) =>
            m.copiesRequired === 0 && m.copiesReceived === 0 ? (
              <span className="yc-muted">{t('cases.detail.notNeeded')}</span>
            ) : (
              <span style={{ color: m.copiesReceived < m.copiesRequired ? '#c8102e' : undefined }}>{t('cases.detail.copiesValue', { received: m.copiesReceived, required: m.copiesRequired })}</span>
            ),
        },
        { title: t('cases.detail.scans'), width: 220, render: (_v, m) => <ScanButtons t={t} scans={m.scans} onOpen={onOpen} /> },
      ]}
    />
  );
}

function ApplicantBlock({ t, a }: { t: TFunction; a: Applicant }) {
  const items =
    a.kind === 'person'
      ? [
          { key: 'k', label: t('cases.detail.kind'), children: t('applicant.person') },
          { key: 'n', label: t('cases.detail.name'), children: a.name },
          { key: 't', label: t('cases.detail.documentType'), children: docTypeLabel(t, a.documentType) },
          { key: 'd', label: t('cases.detail.documentNumber'), children: <IdNumber t={t} value={a.documentNumber} /> },
        ]
      : [
          { key: 'k', label: t('cases.detail.kind'), children: t('applicant.organisation') },
          { key: 'n', label: t('cases.detail.name'), children: a.name },
          {
            key: 'c',
            label: t('cases.detail.creditCode'),
            children: (
              <div>
                <span className="yc-code" style={{ fontSize: 13 }}>
                  {a.creditCode}
                </span>
                {a.creditCodeOverride && (
                  <div>
                    <Typography.Text type="warning" style={{ fontSize: 12 }}>
                      {t('cases.detail.creditOverride', { name: a.creditCodeOverride.supervisorName, reason: a.creditCodeOverride.reason })}
                    </Typography.Text>
                  </div>
                )}
              </div>
            ),
          },
          {
            key: 'l',
            label: t('cases.detail.legalRep'),
            children: (
              <span>
                {a.legalRepresentative.name} · {docTypeLabel(t, a.legalRepresentative.documentType)} <IdNumber t={t} value={a.legalRepresentative.documentNumber} />
              </span>
            ),
          },
        ];
  if (a.phone) items.push({ key: 'p', label: t('cases.detail.phone'), children: a.phone });
  if (a.address) items.push({ key: 'a', label: t('cases.detail.address'), children: a.address });
  return <Descriptions size="small" bordered column={2} items={items} styles={{ label: { width: 130 } }} data-testid="case-applicant" />;
}

function DecisionBlock({ t, locale, decision, materials, clerkName }: { t: TFunction; locale: 'zh-CN' | 'en'; decision: Decision; materials: MaterialState[]; clerkName: (id: string) => string }) {
  const items: { key: string; label: string; children: ReactNode; span?: number }[] = [
    { key: 'k', label: t('cases.detail.decisionKind'), children: <strong>{t(`cases.decision.${decision.kind}` as MessageKey)}</strong> },
    { key: 'a', label: t('cases.detail.decisionAt'), children: formatInstant(decision.at, locale) },
    { key: 'c', label: t('cases.detail.decisionClerk'), children: clerkName(decision.clerkId) },
  ];
  const nameOf = (id: string) => materials.find((m) => m.materialId === id)?.name ?? id;
  if (decision.kind === 'refuse') items.push({ key: 'r', label: t('cases.detail.refuseReason'), children: decision.reason, span: 2 });
  if (decision.kind === 'supplement')
    items.push({
      key: 'd',
      label: t('cases.detail.deficiencies'),
      span: 2,
      children: (
        <ol style={{ margin: 0, paddingInlineStart: 20 }} data-testid="case-deficiencies">
          {decision.deficiencies.map((d, i) => (
            <li key={i}>
              {d.materialId ? <strong>{nameOf(d.materialId)}：</strong> : null}
              {d.text}
            </li>
          ))}
        </ol>
      ),
    });
  if (decision.kind === 'accept-with-gap') {
    items.push({ key: 'g', label: t('cases.detail.gapMaterials'), children: decision.gapMaterialIds.map(nameOf).join(t('common.listSep')) });
    items.push({ key: 'cd', label: t('cases.detail.commitmentDeadline'), children: decision.commitmentDeadline });
  }
  return <Descriptions size="small" bordered column={2} items={items} styles={{ label: { width: 130 } }} data-testid="case-decision" />;
}

function DocumentBlock({ t, doc, caseNumber }: { t: TFunction; doc: { type: string; sha256: string }; caseNumber: string }) {
  const frame = useRef<HTMLIFrameElement>(null);
  const { url } = useBlobUrl(doc.sha256);
  return (
    <div>
      <div style={{ display: 'flex', gap: 8, marginBottom: 8 }}>
        <Button
          icon={<PrinterOutlined />}
          disabled={!url}
          data-testid="case-document-print"
          onClick={() => {
            const w = frame.current?.contentWindow;
            if (w) {
              w.focus();
              w.print();
            }
          }}
        >
          {t('cases.detail.print')}
        </Button>
        <Button icon={<DownloadOutlined />} disabled={!url} href={url ?? undefined} download={`${caseNumber}-${doc.type}.pdf`} data-testid="case-document-download">
          {t('cases.detail.download')}
        </Button>
        <div style={{ flex: 1 }} />
        <span className="yc-code yc-muted" title={doc.sha256}>
          SHA-256 {doc.sha256.slice(0, 16)}…
        </span>
      </div>
      <BlobView t={t} sha256={doc.sha256} testId="case-document-frame" height={520} frameRef={frame} />
    </div>
  );
}

function EventsBlock({ t, locale, events, chain, clerkName }: { t: TFunction; locale: 'zh-CN' | 'en'; events: CaseEvent[]; chain: ChainVerification | undefined; clerkName: (id: string) => string }) {
  const bad = chain && !chain.ok ? chain.index : -1;
  return (
    <div data-testid="case-events">
      <Timeline
        items={events.map((e, i) => ({
          key: e.seq,
          color: i === bad ? 'red' : i === events.length - 1 ? 'blue' : 'gray',
          content: (
            <div data-testid="case-event" data-seq={e.seq} data-type={e.type} style={{ lineHeight: 1.5 }}>
              <div style={{ display: 'flex', gap: 10, alignItems: 'baseline', flexWrap: 'wrap' }}>
                <strong>{eventTypeLabel(t, e.type)}</strong>
                <span>{formatInstant(e.at, locale)}</span>
                <span className="yc-muted">{t('cases.detail.eventActor', { actor: clerkName(e.actor) })}</span>
              </div>
              <div className="yc-code yc-muted" style={{ fontSize: 11.5 }}>
                {t('cases.detail.eventSeq', { seq: e.seq })} · <span title={e.hash}>{t('cases.detail.eventHash', { hash: e.hash.slice(0, 12) })}</span>
                {i === bad && (
                  <Typography.Text type="danger" style={{ marginInlineStart: 8, fontFamily: 'inherit' }}>
                    <WarningOutlined /> {chain && !chain.ok ? chain.message : ''}
                  </Typography.Text>
                )}
              </div>
            </div>
          ),
        }))}
      />
    </div>
  );
}

/** To the case's result in 出件 (verify, print, hand over). */
function ResultLink({ caseId, label }: { caseId: string; label: string }) {
  const navigate = useNavigate();
  return (
    <Button size="small" icon={<PrinterOutlined />} onClick={() => navigate(`/results?case=${encodeURIComponent(caseId)}`)} data-testid="case-open-result">
      {label}
    </Button>
  );
}

export function ChainBadge({ t, chain }: { t: TFunction; chain: ChainVerification | undefined }) {
  if (!chain)
    return (
      <Tag data-testid="chain-status" data-ok="" icon={<Spin size="small" />}>
        {t('cases.chain.checking')}
      </Tag>
    );
  return (
    <Tooltip title={chain.ok ? undefined : chain.message}>
      <Tag data-testid="chain-status" data-ok={String(chain.ok)} color={chain.ok ? 'green' : 'red'} icon={chain.ok ? <SafetyCertificateOutlined /> : <WarningOutlined />} style={{ marginInlineEnd: 0 }}>
        {chainText(t, chain)}
      </Tag>
    </Tooltip>
  );
}

function OutboxBlock({ t, locale, rows }: { t: TFunction; locale: 'zh-CN' | 'en'; rows: OutboxRow[] }) {
  return (
    <div data-testid="case-outbox" data-count={rows.length}>
      {rows.length === 0 ? (
        <Typography.Text type="secondary">{t('cases.detail.outboxEmpty')}</Typography.Text>
      ) : (
        <Table<OutboxRow>
          size="small"
          bordered
          rowKey="id"
          pagination={false}
          dataSource={rows}
          onRow={(r) => ({ 'data-testid': 'case-outbox-record', 'data-device-seq': r.deviceSeq, 'data-state': r.state }) as React.HTMLAttributes<HTMLElement>}
          columns={[
            { title: t('cases.detail.deviceSeq'), width: 96, render: (_v, r) => <span className="yc-code">{r.deviceSeq}</span> },
            { title: t('cases.detail.eventType'), render: (_v, r) => `${eventTypeLabel(t, r.event.type)} (#${r.event.seq})` },
            { title: t('cases.detail.state'), width: 120, render: (_v, r) => <SyncTag t={t} state={r.state} /> },
            { title: t('cases.detail.attempts'), width: 84, align: 'center', dataIndex: 'attempts' },
            { title: t('cases.detail.createdAt'), width: 150, render: (_v, r) => formatDateTime(r.createdAt, locale) },
            {
              title: t('cases.detail.rejection'),
              render: (_v, r) => (r.rejection ? <Typography.Text type="danger">{`${r.rejection.message}${r.rejection.field ? ` [${r.rejection.field}]` : ''} (${r.rejection.code})`}</Typography.Text> : null),
            },
          ]}
        />
      )}
    </div>
  );
}

function CaseDetailBody({ row, cache }: { row: CaseRow; cache: CountdownCache }) {
  const t = useT();
  const locale = useLocale();
  const { cases, outbox, windows, catalog } = useServices();
  const [scan, setScan] = useState<BlobRef | null>(null);
  const events = useLiveQuery(() => cases.events(row.id), [cases, row.id]);
  const chain = useLiveQuery(() => cases.verify(row.id), [cases, row.id]);
  const records = useLiveQuery(() => outbox.forCase(row.id), [outbox, row.id]);
  const win = useLiveQuery(() => windows.get(row.windowId), [windows, row.windowId]);
  const item = useLiveQuery(() => catalog.get(row.item.implementationCode), [catalog, row.item.implementationCode]);
  // The center's view of the case and its pulled progress (never part of the window's chain).
  const syncDb = syncStateDb();
  const centerRow = useLiveQuery(async () => (await syncDb.centerCases.get(row.id)) ?? null, [syncDb, row.id]);
  const centerChanges = useLiveQuery(() => syncDb.changesOfCase(row.id), [syncDb, row.id]);
  const center = centerRow ?? (centerRow === undefined ? cache.center(row.id) : undefined);
  const clerkName = (id: string) => {
    const c = win?.clerks.find((x) => x.id === id);
    return c ? `${c.name} (${id})` : id;
  };
  const cd = cache.get(row, center);
  const reasons = countdownReasons(cd);
  const doc = events ? documentOf(events) : null;
  const fieldLabel = (key: string) => item?.formFields.find((f) => f.key === key)?.label ?? key;
  const formEntries = Object.entries(row.form);
  // Another case opened in the same drawer starts at its top.
  const top = useRef<HTMLDivElement>(null);
  useEffect(() => {
    top.current?.closest('.ant-drawer-body')?.scrollTo({ top: 0 });
  }, []);

  return (
    <div ref={top} data-testid="case-detail" data-case-id={row.id} data-case-number={row.caseNumber} data-status={row.status} data-center-status={center?.status ?? ''} data-warning={cd.level}>
      <div style={{ display: 'flex', alignItems: 'center', gap: 10, flexWrap: 'wrap' }}>
        <span className="yc-code" style={{ fontSize: 15, fontWeight: 600, color: '#1f2937' }} data-testid="case-detail-number">
          {row.caseNumber}
        </span>
        <StatusTag t={t} status={row.status} center={center?.status} />
        <ProxyTag windowRegionCode={row.windowRegionCode} regionCode={row.item.regionCode} regionName={row.item.regionName} />
        {center ? <CenterStatusTag t={t} status={center.status} /> : null}
        <CountdownTag t={t} countdown={cd} />
        {records && <SyncTag t={t} state={syncStateOf(records)} />}
        <div style={{ flex: 1 }} />
        <ChainBadge t={t} chain={chain} />
      </div>
      <Typography.Title level={5} style={{ margin: '10px 0 0' }}>
        {row.item.name}
      </Typography.Title>
      <CenterOutcomeNotice t={t} locale={locale} center={center} />

      <Section title={t('cases.detail.basic')}>
        <Descriptions
          size="small"
          bordered
          column={2}
          styles={{ label: { width: 130 } }}
          items={[
            { key: 'ic', label: t('cases.detail.implementationCode'), children: <span className="yc-code">{row.item.implementationCode}</span> },
            { key: 'ct', label: t('cases.detail.caseType'), children: t(`caseType.${row.item.caseType}` as MessageKey) },
            { key: 'dp', label: t('cases.detail.department'), children: row.item.department.name },
            { key: 'rd', label: t('cases.detail.reviewDepartments'), children: row.item.reviewDepartments.map((d) => d.name).join(t('common.listSep')) },
            { key: 'dy', label: t('cases.detail.days'), children: t('cases.detail.daysValue', { promised: row.item.promisedDays, statutory: row.item.statutoryDays }) },
            { key: 'cv', label: t('cases.detail.catalogVersion'), children: `v${row.item.catalogVersion}` },
            { key: 'w', label: t('cases.detail.window'), children: win?.name ?? row.windowId },
            { key: 'c', label: t('cases.detail.clerk'), children: clerkName(row.clerkId) },
            { key: 'r', label: t('cases.detail.receivedAt'), children: formatInstant(row.receivedAt, locale) },
            { key: 'u', label: t('cases.detail.updatedAt'), children: formatInstant(row.updatedAt, locale) },
            { key: 'dv', label: t('cases.detail.device'), children: <span className="yc-code">{row.deviceId}</span> },
          ]}
        />
      </Section>

      <Section title={t('cases.detail.deadline')} testId="case-deadline">
        <Descriptions
          size="small"
          bordered
          column={2}
          styles={{ label: { width: 130 } }}
          items={[
            {
              key: 'd',
              label: t('cases.detail.dueDate'),
              children: cd.kind === 'running' && cd.dueDate ? cd.dueDate : (row.dueDate ?? '—'),
            },
            { key: 'c', label: t('cases.detail.countdown'), children: <CountdownTag t={t} countdown={cd} /> },
            ...(center?.dueDate !== undefined
              ? [{ key: 'cd', label: t('cases.detail.centerDue'), children: <span data-testid="case-center-due">{center.dueDate ?? t('cases.progress.duePaused')}</span> }]
              : []),
            ...(reasons.length ? [{ key: 'r', label: t('cases.detail.warningReasons'), span: 2, children: reasons.join('；') }] : []),
          ]}
        />
      </Section>

      <Section title={t('cases.detail.applicant')} extra={<CaseVerification caseId={row.id} />}>
        <ApplicantBlock t={t} a={row.applicant} />
      </Section>

      <Section title={t('cases.detail.agent')}>
        {row.agent ? (
          <Descriptions
            size="small"
            bordered
            column={2}
            styles={{ label: { width: 130 } }}
            data-testid="case-agent"
            items={[
              { key: 'n', label: t('cases.detail.name'), children: row.agent.name },
              { key: 't', label: t('cases.detail.documentType'), children: docTypeLabel(t, row.agent.documentType) },
              { key: 'd', label: t('cases.detail.documentNumber'), children: <IdNumber t={t} value={row.agent.documentNumber} /> },
              ...(row.agent.phone ? [{ key: 'p', label: t('cases.detail.phone'), children: row.agent.phone }] : []),
              ...(row.agent.powerOfAttorneyBlob
                ? [
                    {
                      key: 'poa',
                      label: t('cases.detail.powerOfAttorney'),
                      children: (
                        <Button size="small" icon={<FilePdfOutlined />} onClick={() => setScan({ sha256: row.agent!.powerOfAttorneyBlob!, name: t('cases.detail.powerOfAttorney'), mediaType: 'application/pdf', size: 1 })}>
                          {t('cases.detail.open')}
                        </Button>
                      ),
                    },
                  ]
                : []),
            ]}
          />
        ) : (
          <Typography.Text type="secondary">{t('cases.detail.noAgent')}</Typography.Text>
        )}
      </Section>

      <Section title={t('cases.detail.form')}>
        {formEntries.length ? (
          <Descriptions size="small" bordered column={2} styles={{ label: { width: 130 } }} data-testid="case-form" items={formEntries.map(([k, v]) => ({ key: k, label: fieldLabel(k), children: String(v) }))} />
        ) : (
          <Typography.Text type="secondary">{t('cases.detail.formEmpty')}</Typography.Text>
        )}
      </Section>

      <Section title={t('cases.detail.materials')}>
        <MaterialsTable t={t} materials={row.materials} onOpen={setScan} />
      </Section>

      <Section title={t('cases.detail.decision')}>
        {row.decision ? (
          <DecisionBlock t={t} locale={locale} decision={row.decision} materials={row.materials} clerkName={clerkName} />
        ) : (
          <Typography.Text type="secondary">{t('cases.detail.noDecision')}</Typography.Text>
        )}
      </Section>

      <Section title={t('cases.detail.document')} testId="case-document">
        {events === undefined ? <Spin /> : doc ? <DocumentBlock t={t} doc={doc} caseNumber={row.caseNumber} /> : <Typography.Text type="secondary">{t('cases.detail.documentNone')}</Typography.Text>}
      </Section>

      <Section
        title={t('cases.detail.progress')}
        testId="case-progress-section"
        extra={centerChanges?.some((c) => c.kind === 'result') ? <ResultLink caseId={row.id} label={t('results.openFromCase')} /> : null}
      >
        {events === undefined || centerChanges === undefined ? (
          <Spin />
        ) : (
          <ProgressTimeline t={t} locale={locale} entries={progressTimeline(events, centerChanges)} clerkName={clerkName} centerKnown={centerChanges.some((c) => c.kind === 'case-progress' || c.kind === 'result')} />
        )}
      </Section>

      <Section title={t('cases.detail.events')} extra={<ChainBadge t={t} chain={chain} />}>
        {events === undefined ? <Spin /> : <EventsBlock t={t} locale={locale} events={events} chain={chain} clerkName={clerkName} />}
      </Section>

      <Section title={t('cases.detail.outbox')}>{records === undefined ? <Spin /> : <OutboxBlock t={t} locale={locale} rows={records} />}</Section>

      <ScanModal t={t} scan={scan} onClose={() => setScan(null)} />
    </div>
  );
}

export function CaseDetailDrawer({ caseId, onClose, afterClose, cache }: { caseId: string | null; onClose: () => void; afterClose?: () => void; cache: CountdownCache }) {
  const t = useT();
  const { cases } = useServices();
  // null = looked up and not found; undefined = still loading.
  const row = useLiveQuery(async () => (caseId ? ((await cases.get(caseId)) ?? null) : null), [cases, caseId]);
  return (
    <Drawer open={!!caseId} onClose={onClose} afterOpenChange={(open) => !open && afterClose?.()} focusable={{ trap: false, focusTriggerAfterClose: false }} size={920} title={t('cases.detail.title')} destroyOnHidden styles={{ body: { paddingTop: 12 } }}>
      {caseId && row === undefined && <Spin style={{ display: 'block', margin: '80px auto' }} />}
      {caseId && row === null && <Empty data-testid="case-detail-missing" description={t('cases.detail.notFound')} />}
      {row && <CaseDetailBody key={row.id} row={row} cache={cache} />}
    </Drawer>
  );
}
