/** App updates held while anything is unsent (see update-gate.ts). */
export { UpdateGate, type UpdateGateOptions, type UpdaterPort } from './update-gate';
