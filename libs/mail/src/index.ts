export * from './mail-config';
export * from './mail-render';
export * from './mail-transport';
export * from './mail-catcher';
