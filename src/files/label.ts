/**
 * File names as text on a page. A name comes from code the model wrote, from
 * the user's disk or from an imported conversation, and may hold characters
 * that are invisible or that reorder the text around them: shown as it is,
 * `invoice\u202Efdp.exe` reads "invoiceexe.pdf". A label shows each such
 * character as a visible escape instead, so what the user reads is the name.
 */

/**
 * Characters a reader cannot see, or that move other characters: controls
 * (C0, DEL, C1), format characters (bidirectional embeddings, overrides,
 * isolates and marks, the Arabic letter mark, zero-width spaces and joiners,
 * the word joiner, the byte-order mark, tag characters, the soft hyphen),
 * line and paragraph separators, lone surrogates, and the blank Hangul fillers.
 */
export const INVISIBLE_CHARACTERS = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115F\u1160\u3164\uFFA0]/gu

function escape(character: string): string {
  const code = character.codePointAt(0)!.toString(16).toUpperCase()
  return code.length > 4 ? `\\u{${code}}` : `\\u${code.padStart(4, '0')}`
}

/**
 * A file name fit to show as text: every invisible or reordering character
 * written out as an escape (`\u202E`), everything else as it is.
 *
 * @example safeFileLabel('invoice\u202Efdp.exe') // 'invoice\\u202Efdp.exe'
 */
export function safeFileLabel(name: string): string {
  return name.replace(INVISIBLE_CHARACTERS, escape)
}
