/** Fixtures for the intake tests: tiny real images (made by a browser canvas), PDFs, catalog items. */
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { makeItem } from '../renderer/fixtures';

/** A 4×3 JPEG (Chromium canvas, quality 0.5). */
export const JPEG_4x3 = Uint8Array.from(Buffer.from('/9j/4AAQSkZJRgABAQAAAQABAAD/4gHYSUNDX1BST0ZJTEUAAQEAAAHIAAAAAAQwAABtbnRyUkdCIFhZWiAH4AABAAEAAAAAAABhY3NwAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAQAA9tYAAQAAAADTLQAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAlkZXNjAAAA8AAAACRyWFlaAAABFAAAABRnWFlaAAABKAAAABRiWFlaAAABPAAAABR3dHB0AAABUAAAABRyVFJDAAABZAAAAChnVFJDAAABZAAAAChiVFJDAAABZAAAAChjcHJ0AAABjAAAADxtbHVjAAAAAAAAAAEAAAAMZW5VUwAAAAgAAAAcAHMAUgBHAEJYWVogAAAAAAAAb6IAADj1AAADkFhZWiAAAAAAAABimQAAt4UAABjaWFlaIAAAAAAAACSgAAAPhAAAts9YWVogAAAAAAAA9tYAAQAAAADTLXBhcmEAAAAAAAQAAAACZmYAAPKnAAANWQAAE9AAAApbAAAAAAAAAABtbHVjAAAAAAAAAAEAAAAMZW5VUwAAACAAAAAcAEcAbwBvAGcAbABlACAASQBuAGMALgAgADIAMAAxADb/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19iZ2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2P/wAARCAADAAQDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAT/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QAFAEBAAAAAAAAAAAAAAAAAAAABf/EABQRAQAAAAAAAAAAAAAAAAAAAAD/2gAMAwEAAhEDEQA/AIADg9//2Q==', 'base64'));
/** A 3×4 PNG (Chromium canvas). */
export const PNG_3x4 = Uint8Array.from(Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAMAAAAECAYAAABLLYUHAAAAI0lEQVR4AXTHsQkAAAwCweBK2SnTZietBBsfvjjsPT0m6hAAAAD//woSW8UAAAAGSURBVAMAQ2oHNWNxgK8AAAAASUVORK5CYII=', 'base64'));

/** A real PDF with `pages` pages, each naming its number. */
export async function pdfWithPages(pages: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage([595, 842]).drawText(`page ${i}`, { x: 50, y: 780, size: 20, font });
  return doc.save();
}

/** An item with a form and materials of every kind: key, tolerable, optional. */
export const FOOD = makeItem({
  implementationCode: '11130102SCJG0101',
  itemCode: 'SCJG0101',
  name: '食品经营许可',
  applicantKinds: ['person', 'organisation'],
  promisedDays: 5,
  statutoryDays: 10,
  materials: [
    { id: 'form', name: '申请表', originals: 1, copies: 0, required: true, tolerable: false },
    { id: 'licence', name: '营业执照', originals: 0, copies: 1, required: true, tolerable: false },
    { id: 'premises', name: '经营场所使用证明', originals: 0, copies: 1, required: true, tolerable: true },
    { id: 'proxy', name: '授权委托书', originals: 1, copies: 1, required: false, tolerable: false },
  ],
  formFields: [
    { key: 'entityName', label: '经营者名称', type: 'text', required: true, maxLength: 10 },
    { key: 'area', label: '经营场所面积', type: 'number', required: true },
    { key: 'opened', label: '开业日期', type: 'date', required: false },
    { key: 'form', label: '主体业态', type: 'select', required: true, options: ['食品销售经营者', '餐饮服务经营者'] },
    { key: 'note', label: '备注', type: 'textarea', required: false },
  ],
});

/** An immediate item (即办件): promised 0 days. */
export const IMMEDIATE = makeItem({
  implementationCode: '11130102SCJG0102',
  itemCode: 'SCJG0102',
  name: '个体工商户设立登记',
  caseType: '1',
  promisedDays: 0,
  statutoryDays: 3,
  applicantKinds: ['person'],
  materials: [{ id: 'form', name: '申请表', originals: 1, copies: 0, required: true, tolerable: false }],
});

/** A joint item: several reviewing departments. */
export const JOINT = makeItem({
  implementationCode: '11130102SCJG0103',
  itemCode: 'SCJG0103',
  name: '企业开办一件事',
  promisedDays: 5,
  reviewDepartments: [
    { code: 'SCJG130102', name: '市场监督管理局', regionCode: '130102' },
    { code: 'SW130102', name: '税务局', regionCode: '130102' },
  ],
});
