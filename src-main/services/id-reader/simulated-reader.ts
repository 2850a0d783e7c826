/**
 * A reader for tests and demos. It plays a script of steps (a given card, no card, a
 * reader that does not answer, corrupt data) and, once the script is used up, reads
 * generated identities: valid numbers built with makeResidentId, real region codes,
 * birth date and sex agreeing with the number, a validity period by the age rules of the
 * Resident Identity Card Law (§5: 16–25 → 10 years, 26–45 → 20 years, 46+ → 长期).
 *
 * Every step goes through the same checks as a real reader (normalise.ts), so corrupt
 * steps are refused exactly as a garbled real read would be. Only chosen explicitly
 * (YICHUANG_IDREADER=simulator): its reads are never passed off as real ones.
 */
import { addDays, compareIsoDate, formatIsoDate, parseIsoDate, type IsoDate } from '../../../src-shared/domain/dates';
import { makeResidentId } from '../../../src-shared/domain/identifiers';
import { describeRead } from './mask';
import { localToday, toIdCardRead, type RawIdCardFields } from './normalise';
import { encodePng } from './photo';
import { IdCardReadError, silentLog, type IdCardRead, type IdCardReader, type IdCardReaderStatus, type IdReaderLog } from './types';

/** A card as the simulator holds it: our generic field names, card-face values. */
export interface SimulatedCard {
  name: string;
  sex: 'male' | 'female';
  nation: string;
  birthDate: IsoDate;
  address: string;
  idNumber: string;
  issuer: string;
  validFrom: IsoDate;
  validTo: IsoDate | '长期';
  photo?: Uint8Array;
}

export type SimulatedDefect =
  /** The number's last character changed: fails GB 11643-1999 MOD 11-2. */
  | 'check-digit'
  /** The chip's birth date disagrees with the number's birth-date code. */
  | 'birth-date'
  /** A date field that does not exist (20230230). */
  | 'impossible-date';

export type SimulatedStep =
  /** A card: the given fields, the rest generated (a number agreeing with sex and birth date). */
  | { kind: 'card'; card?: Partial<SimulatedCard> }
  /** Nobody places a card: after the timeout, "no card". */
  | { kind: 'no-card' }
  /** The reader does not answer: after the timeout, "timeout". */
  | { kind: 'timeout' }
  /** A garbled read. */
  | { kind: 'corrupt'; defect?: SimulatedDefect };

export interface SimulatedIdCardReaderOptions {
  script?: SimulatedStep[];
  /** Seed of the generated identities (same seed, same people); default 20240101. */
  seed?: number;
  /** Put a placeholder photo (PNG) on generated cards; default true. */
  photo?: boolean;
  today?: () => IsoDate;
  log?: IdReaderLog;
}

const REGIONS = [
  { code: '130102', place: '河北省石家庄市长安区', streets: ['中山东路', '建设北大街', '谈固南大街', '跃进路'], issuer: '石家庄市公安局长安分局' },
  { code: '130104', place: '河北省石家庄市桥西区', streets: ['自强路', '新华路', '维明南大街'], issuer: '石家庄市公安局桥西分局' },
  { code: '130602', place: '河北省保定市竞秀区', streets: ['朝阳北大街', '东风西路'], issuer: '保定市公安局竞秀分局' },
  { code: '110105', place: '北京市朝阳区', streets: ['建国路', '朝阳北路', '望京西路'], issuer: '北京市公安局朝阳分局' },
  { code: '120101', place: '天津市和平区', streets: ['南京路', '营口道'], issuer: '天津市公安局和平分局' },
] as const;
const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '高', '林', '欧阳'];
const GIVEN_MALE = ['伟', '强', '磊', '军', '洋', '勇', '杰', '涛', '明', '超', '志强', '建国', '浩然', '子轩'];
const GIVEN_FEMALE = ['芳', '娜', '敏', '静', '丽', '艳', '娟', '霞', '秀英', '婷', '欣怡', '雨涵', '梓涵'];
const NATIONS = ['汉', '汉', '汉', '汉', '汉', '汉', '汉', '汉', '回', '满', '蒙古', '朝鲜'];

/** mulberry32: small, seedable, good enough for demo people. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));

function addYears(d: IsoDate, years: number): IsoDate {
  const p = parseIsoDate(d)!;
  const day = p.month === 2 && p.day === 29 ? 28 : p.day;
  return formatIsoDate({ year: p.year + years, month: p.month, day });
}

function ageOn(birth: IsoDate, on: IsoDate): number {
  let age = parseIsoDate(on)!.year - parseIsoDate(birth)!.year;
  if (compareIsoDate(addYears(birth, age), on) > 0) age -= 1;
  return age;
}

/** Validity period by age at issue (居民身份证法 §5), still valid today. */
function validity(pick: (lo: number, hi: number) => number, birth: IsoDate, today: IsoDate): { validFrom: IsoDate; validTo: IsoDate | '长期' } {
  for (let i = 0; ; i++) {
    const validFrom = addDays(today, -(i < 10 ? pick(30, 3650) : 30));
    const age = ageOn(birth, validFrom);
    if (age < 16 && i < 10) continue;
    const years = age < 16 ? 5 : age < 26 ? 10 : age < 46 ? 20 : null;
    if (years === null) return { validFrom, validTo: '长期' };
    const validTo = addYears(validFrom, years);
    if (compareIsoDate(validTo, today) > 0 || i >= 10) return { validFrom, validTo };
  }
}

let placeholder: Uint8Array | undefined;
/** A 102×126 grey silhouette on the card's pale background (the chip photo's size). */
export function placeholderPhoto(): Uint8Array {
  if (placeholder) return placeholder;
  const width = 102;
  const height = 126;
  const rgb = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const head = (x - 51) ** 2 / 22 ** 2 + (y - 48) ** 2 / 28 ** 2 <= 1;
      const body = y > 82 && Math.abs(x - 51) < 20 + (y - 82) * 0.9;
      const v = head || body ? 150 : 236;
      rgb.set([v, v, head || body ? 160 : 244], (y * width + x) * 3);
    }
  return (placeholder = encodePng({ width, height, rgb }));
}

export class SimulatedIdCardReader implements IdCardReader {
  private readonly script: SimulatedStep[];
  private readonly rand: () => number;
  private readonly log: IdReaderLog;

  constructor(private readonly opts: SimulatedIdCardReaderOptions = {}) {
    this.script = [...(opts.script ?? [])];
    this.rand = prng(opts.seed ?? 20240101);
    this.log = opts.log ?? silentLog;
  }

  /** Queue more steps (tests, demo controls). */
  enqueue(...steps: SimulatedStep[]): void {
    this.script.push(...steps);
  }

  async read({ timeoutMs }: { timeoutMs: number }): Promise<IdCardRead> {
    const step = this.script.shift() ?? { kind: 'card' };
    const today = (this.opts.today ?? localToday)();
    switch (step.kind) {
      case 'no-card':
        await sleep(timeoutMs);
        throw new IdCardReadError('no_card', `${Math.ceil(timeoutMs / 1000)} 秒内没有读到身份证，请把身份证放在阅读器上再读 (模拟读卡器) (no card on the reader)`);
      case 'timeout':
        await sleep(timeoutMs);
        throw new IdCardReadError('timeout', `身份证阅读器在 ${Math.ceil(timeoutMs / 1000)} 秒内没有应答，请检查读卡器 (模拟读卡器) (reader did not answer in time)`);
      case 'corrupt':
        return this.finish(corrupt(this.generate(today, {}), step.defect ?? 'check-digit'), today);
      case 'card':
        return this.finish(this.generate(today, step.card ?? {}), today);
    }
  }

  async status(): Promise<IdCardReaderStatus> {
    return { available: true, kind: 'simulator', detail: '模拟读卡器：读出的是生成的测试身份，不是真实证件 (simulated reader)' };
  }

  /** A valid card: the given fields kept, the rest generated to agree with them. */
  generate(today: IsoDate, given: Partial<SimulatedCard>): SimulatedCard {
    const pick = (lo: number, hi: number) => lo + Math.floor(this.rand() * (hi - lo + 1));
    const one = <T>(xs: readonly T[]): T => xs[pick(0, xs.length - 1)]!;
    const region = one(REGIONS);
    const sex = given.sex ?? (this.rand() < 0.5 ? 'male' : 'female');
    const birthDate = given.birthDate ?? addDays(today, -pick(18 * 366, 85 * 365));
    const seq = pick(0, 499) * 2 + (sex === 'male' ? 1 : 0);
    const period = validity(pick, birthDate, today);
    const card: SimulatedCard = {
      name: given.name ?? one(SURNAMES) + one(sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE),
      sex,
      nation: given.nation ?? one(NATIONS),
      birthDate,
      address: given.address ?? `${region.place}${one(region.streets)}${pick(1, 300)}号${pick(1, 20)}栋${pick(1, 6)}单元${pick(1, 30)}0${pick(1, 4)}室`,
      idNumber: given.idNumber ?? makeResidentId(region.code, birthDate, seq),
      issuer: given.issuer ?? region.issuer,
      validFrom: given.validFrom ?? period.validFrom,
      validTo: given.validTo ?? period.validTo,
    };
    const photo = given.photo ?? (this.opts.photo === false ? undefined : placeholderPhoto());
    if (photo) card.photo = photo;
    return card;
  }

  private finish(card: SimulatedCard, today: IsoDate): IdCardRead {
    const raw: RawIdCardFields = { ...card, sex: card.sex === 'male' ? '男' : '女' };
    const read = toIdCardRead(raw, { today, log: this.log });
    this.log.info(`身份证阅读器(simulator): 读到 ${describeRead(read)}`);
    return read;
  }
}

function corrupt(card: SimulatedCard, defect: SimulatedDefect): SimulatedCard {
  switch (defect) {
    case 'check-digit': {
      const last = card.idNumber.slice(-1);
      const wrong = last === '0' ? '1' : last === 'X' ? '0' : String((Number(last) + 1) % 10);
      return { ...card, idNumber: card.idNumber.slice(0, 17) + wrong };
    }
    case 'birth-date':
      return { ...card, birthDate: addDays(card.birthDate, 1) };
    case 'impossible-date':
      return { ...card, validFrom: '2023-02-30' };
  }
}
