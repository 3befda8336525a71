import { describe, expect, test } from 'vitest'
import { safeFileLabel } from '../../../src/files/label.ts'
import { safeDownloadName } from '../../../src/files/safe-display.ts'

describe('a file label shows every invisible or reordering character as an escape', () => {
  test.each([
    ['right-to-left override', 'invoice\u202Efdp.exe', 'invoice\\u202Efdp.exe'],
    ['left-to-right and right-to-left embeddings and pop', 'a\u202Ab\u202Bc\u202Cd\u202De', 'a\\u202Ab\\u202Bc\\u202Cd\\u202De'],
    ['bidirectional isolates', '\u2066a\u2067b\u2068c\u2069.txt', '\\u2066a\\u2067b\\u2068c\\u2069.txt'],
    ['left-to-right, right-to-left and Arabic letter marks', 'a\u200Eb\u200Fc\u061Cd', 'a\\u200Eb\\u200Fc\\u061Cd'],
    ['zero-width space, non-joiner, joiner, word joiner and byte-order mark', 'a\u200Bb\u200Cc\u200Dd\u2060e\uFEFF', 'a\\u200Bb\\u200Cc\\u200Dd\\u2060e\\uFEFF'],
    ['C0 controls and DEL', 'a\u0000b\tc\nd\u001Be\u007F', 'a\\u0000b\\u0009c\\u000Ad\\u001Be\\u007F'],
    ['C1 controls', 'a\u0080b\u0085c\u009F', 'a\\u0080b\\u0085c\\u009F'],
    ['line and paragraph separators', 'a\u2028b\u2029c', 'a\\u2028b\\u2029c'],
    ['soft hyphen and Hangul fillers', 'pay\u00ADpal\u3164\u115F.csv', 'pay\\u00ADpal\\u3164\\u115F.csv'],
    ['tag characters, beyond the BMP', 'a\u{E0041}\u{E007F}.png', 'a\\u{E0041}\\u{E007F}.png'],
    ['a lone surrogate', 'a\uD800b', 'a\\uD800b'],
  ])('%s', (_, name, label) => {
    expect(safeFileLabel(name)).toBe(label)
  })

  test.each([
    ['plain names', 'sales_2024 (final).csv'],
    ['letters of every script, right-to-left ones included', 'تقرير-報告-отчёт-דוח.pdf'],
    ['emoji and accents', 'café ☕ 📈.png'],
    ['spaces of every width', 'a b\u00A0c\u2003d\u3000e'],
  ])('and leaves %s as they are', (_, name) => {
    expect(safeFileLabel(name)).toBe(name)
  })

  test('twice is the same as once: an escape is plain text', () => {
    expect(safeFileLabel(safeFileLabel('invoice\u202Efdp.exe'))).toBe('invoice\\u202Efdp.exe')
  })
})

describe('a download name', () => {
  test.each([
    ['invoice\u202Efdp.exe', 'invoice_fdp.exe'],
    ['\u2067exe.txt\u2069', '_exe.txt_'],
    ['zero\u200Bwidth\uFEFF.csv', 'zero_width_.csv'],
  ])('has no invisible or reordering character either: %j becomes %j', (name, safe) => {
    expect(safeDownloadName(name)).toBe(safe)
  })
})
