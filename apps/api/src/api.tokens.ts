export const DATA_SOURCE = Symbol('DATA_SOURCE');
export const APP_CONFIG = Symbol('APP_CONFIG');
export const TEMPORAL_CLIENT = Symbol('TEMPORAL_CLIENT');
