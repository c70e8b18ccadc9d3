export * from './working-calendar';
export * from './vn-official-calendar';
export * from './calendar-edit.util';
