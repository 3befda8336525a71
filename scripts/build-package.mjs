// `npm run build:package` (and `prepack`): builds the published package into lib/.
// The build is TypeScript (scripts/package/build.ts); Vite's module runner loads it, as it loads vite.config.ts.
import { runnerImport } from 'vite'

const { module } = await runnerImport(new URL('./package/build.ts', import.meta.url).pathname)
await module.buildPackage()
