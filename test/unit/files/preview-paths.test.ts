/**
 * Every way a file reaches the user (a console run, a chat answer, an
 * imported conversation) shows it through the app's one file component,
 * and that component previews only through `createFilePreview`, the layer
 * that rewrites the markup. This keeps a second, unrewritten path from
 * appearing: no other app code makes a frame or a `srcdoc`.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'

function sources(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && /\.tsx?$/.test(entry.name))
    .map((entry) => join(entry.parentPath, entry.name))
}

test('the app makes no frame of its own: previews come from createFilePreview only', () => {
  const framing = sources('src/app').filter((file) => /srcdoc|<iframe|createElement\(\s*['"]iframe/i.test(readFileSync(file, 'utf8')))
  expect(framing).toEqual([])
  const previewing = sources('src/app').filter((file) => readFileSync(file, 'utf8').includes('createFilePreview('))
  expect(previewing).toEqual(['src/app/shell/products.tsx'])
})

test('chat answers, imported conversations and console runs all show files through that one component', () => {
  const users = sources('src/app').filter((file) => /<DownloadLink\b/.test(readFileSync(file, 'utf8')))
  expect(users.sort()).toEqual(['src/app/chat/parts.tsx', 'src/app/console/console-view.tsx'])
})
