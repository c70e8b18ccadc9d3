// The controllers and providers of the API's feature areas, in one list so main.ts and tests build the same app.
import type { Provider, Type } from '@nestjs/common';

export const API_CONTROLLERS: Type[] = [];
export const API_PROVIDERS: Provider[] = [];
