/** A button that copies text and says so for a moment (in words, for screen readers too). */
import { useState } from 'preact/hooks'

/** `label` names what is copied; `visible` is the button's text (default "Copy", the label then goes to aria-label). */
export function CopyButton({ text, label, visible }: { text: () => string; label: string; visible?: string }) {
  const [copied, setCopied] = useState<'idle' | 'done' | 'failed'>('idle')
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text())
      setCopied('done')
    } catch {
      setCopied('failed')
    }
    setTimeout(() => setCopied('idle'), 1500)
  }
  return (
    <button type="button" class="small" onClick={copy} aria-label={visible ? undefined : label} title={label}>
      {copied === 'done' ? 'Copied' : copied === 'failed' ? 'Copy failed' : (visible ?? 'Copy')}
    </button>
  )
}
