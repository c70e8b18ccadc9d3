// Each component test starts signed out, in Vietnamese, with no unit names learnt and the DOM emptied.
import { cleanup } from '@testing-library/react';
import { afterEach, beforeEach } from 'vitest';
import { setLang } from './i18n';
import { forgetUnits } from './unit-names';

beforeEach(() => {
  sessionStorage.clear();
  setLang('vi');
  forgetUnits();
});
afterEach(() => cleanup());
