/** The ID-card-reader hook (issue 3): see types.ts for the interface, select.ts for configuration. */
export * from './types';
export { HttpIdCardReader, type HttpIdCardReaderOptions } from './http-reader';
export { FileIdCardReader, type FileIdCardReaderOptions } from './file-reader';
export { SimulatedIdCardReader, type SimulatedCard, type SimulatedStep, type SimulatedDefect, type SimulatedIdCardReaderOptions } from './simulated-reader';
export { idCardReaderFromEnv, idCardReaderFromSpec, IdReaderConfigError, ID_READER_ENV, consoleIdReaderLog } from './select';
export { maskIdNumber, maskName, describeRead } from './mask';
export { toIdCardRead, READ_RULES, NATIONS, type RawIdCardFields } from './normalise';
export { parseVendorJson, VENDOR_ADAPTERS } from './vendors';
export { checkLoopbackUrl, isLoopbackAddress } from './loopback';
