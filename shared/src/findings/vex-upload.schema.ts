import { z } from 'zod';
import { VexDocumentSchema } from './vex.js';

/** A VEX document uploaded to the control plane: applied to the findings of one environment, or of all. */
export const StoredVexDocumentSchema = z.object({
  id: z.uuid(),
  /** The environment whose gates apply it; null = every environment. */
  environmentId: z.uuid().nullable(),
  /** Document id (`@id`, `serialNumber`) or the upload's `name`. */
  name: z.string().max(300),
  uploadedAt: z.iso.datetime(),
  uploadedBy: z.string().max(200),
  document: VexDocumentSchema,
});
export type StoredVexDocument = z.infer<typeof StoredVexDocumentSchema>;

export const StoredVexDocumentListSchema = z.object({ items: z.array(StoredVexDocumentSchema) });
