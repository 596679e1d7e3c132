import type { caseSchema } from '@gonghui/contract';
import type { z } from 'zod';

export type CaseView = z.infer<typeof caseSchema>;
