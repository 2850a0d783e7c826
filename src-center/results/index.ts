/**
 * Result documents the province issues (issue 6, part 3): licences and approval / refusal
 * decisions, sealed by the province (PAdES B-T), published for public verification by code
 * and by document hash, delivered to windows by pull. See README.md.
 */
export { issueResult, IssueResultInput, renderSealedResult, publicBaseUrl, verificationUrl, storeCompleteBlob, type SealedResult } from './issue';
export { revokeResult, announceHandOver, findResult, findResultByCode, findResultBySha256, verificationAnswer, resultForRegion, blobStream, rowToInfo, type ResultRow } from './store';
export { resultTrail } from './trail';
export { newResultCode, normalizeCode, maskCaseNumber, encodeCode, CROCKFORD } from './code';
export { provinceSeal, inProcessTimestamp, type ProvinceSeal } from './seal';
