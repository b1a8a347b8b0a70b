// Editing the event catalogue (事项清单): items and departments, the administrator's alone
// (api/http/routes/catalogue.ts). Reading it is fetchCatalogue in reference.ts.
import type { Department, EventItem } from '../../../contract/closedLoop.ts';
import type { DepartmentInput, DepartmentUpdate, EventItemInput, EventItemUpdate } from '../../../contract/schemas.ts';
import type { z } from 'zod';
import { hub, post } from './client.ts';

const put = <T>(route: string, body: unknown) => hub<T>(route, { method: 'PUT', body });
const path = (code: string) => encodeURIComponent(code);

export const createItem = (input: z.output<typeof EventItemInput>) => post<EventItem>('/catalogue/items', input);

export const updateItem = (code: string, input: z.output<typeof EventItemUpdate>) => put<EventItem>(`/catalogue/items/${path(code)}`, input);

export const createDepartment = (input: z.output<typeof DepartmentInput>) => post<Department>('/catalogue/departments', input);

export const updateDepartment = (code: string, input: z.output<typeof DepartmentUpdate>) => put<Department>(`/catalogue/departments/${path(code)}`, input);
