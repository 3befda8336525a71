/**
 * The SSE events of one interaction, in the order the Interactions API sends
 * them: `interaction.created`, then per step `step.start`, its deltas and
 * `step.stop`, then `interaction.completed`. Text arrives in two deltas,
 * a thought's signature as a `thought_signature` delta, and function-call
 * arguments either whole in `step.start` or as `arguments_delta` JSON text.
 */
type Json = Record<string, unknown>

/** Splits text in two so clients must concatenate deltas. */
function halves(text: string): string[] {
  if (text.length < 2) return [text]
  const middle = Math.ceil(text.length / 2)
  return [text.slice(0, middle), text.slice(middle)]
}

function stepEvents(step: Json, index: number, argumentsAs: 'start' | 'deltas'): Json[] {
  const start = (shown: Json): Json => ({ event_type: 'step.start', index, step: shown })
  const delta = (data: Json): Json => ({ event_type: 'step.delta', index, delta: data })
  const stop: Json = { event_type: 'step.stop', index }
  const type = step['type']
  if (type === 'thought') {
    const { signature, ...rest } = step
    return [start(rest), ...(typeof signature === 'string' ? [delta({ type: 'thought_signature', signature })] : []), stop]
  }
  if (type === 'model_output') {
    const deltas: Json[] = []
    for (const content of (step['content'] as Json[] | undefined) ?? []) {
      if (content['type'] === 'text') deltas.push(...halves(String(content['text'])).map((text) => delta({ type: 'text', text })))
      else deltas.push(delta(content))
    }
    return [start({ type: 'model_output', content: [] }), ...deltas, stop]
  }
  if (type === 'function_call' && argumentsAs === 'deltas') {
    const text = JSON.stringify(step['arguments'])
    return [start({ ...step, arguments: {} }), ...halves(text).map((part) => delta({ type: 'arguments_delta', arguments: part })), stop]
  }
  return [start(step), stop]
}

export function interactionEvents(interaction: Json, argumentsAs: 'start' | 'deltas'): Json[] {
  const { steps, usage, input: _input, tools: _tools, generation_config: _config, ...summary } = interaction
  const events: Json[] = [{ event_type: 'interaction.created', interaction: { ...summary, status: 'in_progress' } }]
  for (const [index, step] of ((steps as Json[]) ?? []).entries()) events.push(...stepEvents(step, index, argumentsAs))
  events.push({ event_type: 'interaction.completed', interaction: { ...summary, usage } })
  return events
}
