import { z } from 'zod';
import { zodMessage } from '../messages/zod.ts';
import { COMPONENT_STATUSES } from '../vocab.ts';
import { bodyText, id, optionalText, title } from './common.ts';

export const componentStatus = z.enum(COMPONENT_STATUSES);

/** A JST calendar day (YYYY-MM-DD) in the same range as instants: a 1970 start would list decades of empty years. */
const calendarDate = z.iso.date().refine((d) => d >= '2000-01-01' && d <= '2099-12-31', zodMessage('field.dateRange'));

export const createComponentInput = z
  .strictObject({
    name: title(100),
    name_en: optionalText(title(100)),
    description: optionalText(bodyText(1000)),
    description_en: optionalText(bodyText(1000)),
    group_id: id.nullable().optional(),
    position: z.int().min(0).max(10_000).optional(),
    status: componentStatus.optional(),
    showcase: z.boolean().optional(),
    only_show_if_degraded: z.boolean().optional(),
    start_date: calendarDate.nullable().optional(),
  })
  .meta({ id: 'CreateComponent' });
export type CreateComponentInput = z.output<typeof createComponentInput>;

export const updateComponentInput = createComponentInput
  .partial()
  .refine((v) => Object.keys(v).length > 0, zodMessage('field.nameOneField'))
  .meta({ id: 'UpdateComponent' });
export type UpdateComponentInput = z.output<typeof updateComponentInput>;

export const createGroupInput = z
  .strictObject({
    name: title(100),
    name_en: optionalText(title(100)),
    description: optionalText(bodyText(1000)),
    description_en: optionalText(bodyText(1000)),
    position: z.int().min(0).max(10_000).optional(),
  })
  .meta({ id: 'CreateComponentGroup' });
export type CreateGroupInput = z.output<typeof createGroupInput>;
