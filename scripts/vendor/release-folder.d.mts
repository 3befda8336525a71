import type { Lockfile } from '../../src/packages/lock-types.ts'

export interface RefusedFile {
  file: string
  reason: string
}
export declare const CORE_FILES: { readonly modern: readonly string[]; readonly classic: readonly string[] }
export declare function whyNotInRelease(fileName: string, lock: Lockfile): string
export declare function checkFolderLock(folder: string, lock: Lockfile): Promise<string | undefined>
export declare function scanReleaseFolder(folder: string, lock: Lockfile): Promise<{ accepted: Map<string, string>; refused: RefusedFile[] }>
