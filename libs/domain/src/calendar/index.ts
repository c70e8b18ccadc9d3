export * from './working-calendar';
export * from './vn-official-calendar';
