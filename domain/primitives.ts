import { z } from 'zod';

/** `YYYY-MM-DD`. */
export const LocalDateSchema = z.iso.date();
/** ISO 8601 with an offset; stored and compared in UTC. */
export const InstantSchema = z.iso.datetime({ offset: true });
export const IdSchema = z.uuid();

/** The parties to a case: each sees the cases of its own court, PDU or provider (api/scope.ts). */
export const CaseRole = z.enum(['court-assessor', 'court', 'provider', 'probation', 'enforcement']);
export type CaseRole = z.infer<typeof CaseRole>;

/**
 * Everyone who may call the API: the parties to a case; a commissioner (an NHS England region, or NATIONAL),
 * who sees aggregates and never a person or a case; and data protection, who answers a person's request for
 * their own records (DPA 2018 Part 3 s.45) and sees nothing else.
 */
export const Role = z.enum([...CaseRole.options, 'commissioner', 'data-protection']);
export type Role = z.infer<typeof Role>;

export const PeriodSchema = z.object({ start: LocalDateSchema, end: LocalDateSchema });
export type Period = z.infer<typeof PeriodSchema>;

/**
 * Control, zero-width (U+200B–U+200D, U+2060, U+FEFF) and bidirectional (U+200E, U+200F, U+061C, U+202A–U+202E,
 * U+2066–U+2069) characters: invisible, they make two codes that look the same differ.
 */
const HIDDEN_CHARACTER = /[\p{Cc}\u200B-\u200F\u2060\uFEFF\u202A-\u202E\u2066-\u2069\u061C]/u;

export const MAX_CODE_LENGTH = 100;
export const MAX_NAME_LENGTH = 200;
export const MAX_TEXT_LENGTH = 4000;

/** An organisation's code or a reference that is matched exactly (court, PDU, provider, local justice area). */
export const CodeSchema = z
  .string()
  .trim()
  .min(1)
  .max(MAX_CODE_LENGTH)
  .refine((s) => !HIDDEN_CHARACTER.test(s), {
    message: 'Contains a control, zero-width or bidirectional character.',
  });

/** A person's or a place's name. */
export const NameSchema = z.string().trim().min(1).max(MAX_NAME_LENGTH);

/** Free text: notes, reasons, reports. */
export const TextSchema = z.string().trim().min(1).max(MAX_TEXT_LENGTH);
