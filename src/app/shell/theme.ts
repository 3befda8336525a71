/** Applies the chosen colour theme to the page; "system" follows the OS setting through CSS. */
import { effect } from '@preact/signals'
import { theme } from '../store/app-store.ts'

export function applyTheme(): void {
  effect(() => {
    if (theme.value === 'system') delete document.documentElement.dataset.theme
    else document.documentElement.dataset.theme = theme.value
  })
}
