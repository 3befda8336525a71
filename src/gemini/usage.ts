/**
 * Token usage summed over the round-trips of one request, so the caller sees
 * what the whole exchange cost, as with the built-in tool.
 */
import type { GenerateContentResponseUsageMetadata, ModalityTokenCount } from '@google/genai'

function sumByModality(a: readonly ModalityTokenCount[] | undefined, b: readonly ModalityTokenCount[] | undefined): ModalityTokenCount[] {
  const totals = new Map<string, number>()
  for (const entry of [...(a ?? []), ...(b ?? [])]) {
    const key = String(entry.modality ?? 'MODALITY_UNSPECIFIED')
    totals.set(key, (totals.get(key) ?? 0) + (entry.tokenCount ?? 0))
  }
  return [...totals].map(([modality, tokenCount]) => ({ modality: modality as ModalityTokenCount['modality'], tokenCount }))
}

/** Adds two usage records field by field: counts add up, per-modality lists merge, anything else takes the latest. */
export function addUsage(
  a: GenerateContentResponseUsageMetadata | undefined,
  b: GenerateContentResponseUsageMetadata | undefined,
): GenerateContentResponseUsageMetadata | undefined {
  if (!a) return b ? structuredClone(b) : undefined
  if (!b) return structuredClone(a)
  const sum: Record<string, unknown> = { ...a }
  for (const [key, value] of Object.entries(b)) {
    const previous = sum[key]
    if (typeof value === 'number') sum[key] = (typeof previous === 'number' ? previous : 0) + value
    else if (Array.isArray(value)) sum[key] = sumByModality(previous as ModalityTokenCount[] | undefined, value as ModalityTokenCount[])
    else sum[key] = value
  }
  return sum as GenerateContentResponseUsageMetadata
}
