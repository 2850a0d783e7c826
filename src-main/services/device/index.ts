export * from './device-service';
export * from './protector';
