/**
 * Imports a module from its code, without a request: from a `blob:` URL, or
 * from a `data:` URL where the browser refuses the first. WebKit, in a
 * worker of an opaque-origin frame of a cross-origin isolated page, imports
 * no `blob:` module (it holds the blob to be of another origin); `data:` it
 * imports. Which one works is found once per worker, by importing an empty
 * module, never from the browser's name.
 */
type CodeScheme = 'blob:' | 'data:'

let scheme: Promise<CodeScheme> | undefined

function importAs(kind: CodeScheme, source: string): Promise<unknown> {
  if (kind === 'data:') return import(/* @vite-ignore */ `data:text/javascript;charset=utf-8,${encodeURIComponent(source)}`)
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }))
  return import(/* @vite-ignore */ url).finally(() => URL.revokeObjectURL(url))
}

export async function importSource<T>(source: string): Promise<T> {
  scheme ??= importAs('blob:', 'export {}').then(
    (): CodeScheme => 'blob:',
    (): CodeScheme => 'data:',
  )
  return (await importAs(await scheme, source)) as T
}
