// The controllers and providers of report forms and consolidation, the working-day calendar and mail settings,
// spread into the API's route list (api.routes.ts).
import type { Provider, Type } from '@nestjs/common';
import { CalendarController } from '../calendar/calendar.controller';
import { CalendarService } from '../calendar/calendar.service';
import { MailSettingsController } from '../mail/mail-settings.controller';
import { ExplanationRequestsController } from '../assignments/explanations/explanation-requests.controller';
import { BulkDecisionsController } from './bulk-decisions.controller';
import { ReportsController } from './reports.controller';
import { ReportsService } from './reports.service';

export const REPORT_CONTROLLERS: Type[] = [ReportsController, BulkDecisionsController, CalendarController, MailSettingsController, ExplanationRequestsController];
export const REPORT_PROVIDERS: Provider[] = [ReportsService, CalendarService];
