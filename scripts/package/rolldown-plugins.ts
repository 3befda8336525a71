/** The two source conventions the package build has to know about, as rolldown plugins. */
import { existsSync, readFileSync } from 'node:fs'
import type { Plugin } from 'rolldown'

/**
 * A module with a `.package.ts` sibling is replaced by that sibling: the
 * published package's version of something this repository does with Vite
 * (`src/sandbox/worker-url.ts`, `scripts/sandbox-assets.ts`).
 */
export function packageVariants(): Plugin {
  return {
    name: 'package-variants',
    async resolveId(source, importer, options) {
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true })
      if (!resolved || resolved.external || !resolved.id.endsWith('.ts')) return resolved
      const variant = resolved.id.replace(/\.ts$/, '.package.ts')
      return existsSync(variant) ? { id: variant } : resolved
    },
  }
}

/** `import text from './file.py?raw'`, as Vite has it: the file's text as the default export. */
export function rawText(): Plugin {
  return {
    name: 'raw-text',
    async resolveId(source, importer) {
      if (!source.endsWith('?raw')) return null
      const resolved = await this.resolve(source.slice(0, -'?raw'.length), importer, { skipSelf: true })
      return resolved ? { id: `${resolved.id}?raw` } : null
    },
    load(id) {
      if (!id.endsWith('?raw')) return null
      const file = id.slice(0, -'?raw'.length)
      this.addWatchFile(file)
      return { code: `export default ${JSON.stringify(readFileSync(file, 'utf8'))}`, moduleType: 'js' }
    },
  }
}
