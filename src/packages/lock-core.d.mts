import type { Lockfile, LockfilePackage } from './lock-types.ts'
import type { PypiExtrasLock, PypiExtra } from './lock-types.ts'

export declare const PYODIDE_VERSION: string
export declare const DEFAULT_CDN_URL: string
export declare function canonicalizeName(name: string): string
export declare function isAbsoluteFileName(fileName: string): boolean
export declare function dependencyClosure(packages: Record<string, Pick<LockfilePackage, 'depends'>>, roots: readonly string[]): string[]
/** The entries whose dependencies are all present, transitively; dropped key → the dependency it lacks. */
export declare function withCompleteDependencies<T extends Pick<LockfilePackage, 'depends'>>(packages: Record<string, T>): { packages: Record<string, T>; dropped: Map<string, string> }
export declare function onlineLock(pyodideLock: Lockfile, extras: PypiExtrasLock, cdnUrl?: string): Lockfile
export declare function toLockEntry(extra: PypiExtra): LockfilePackage
export declare const STDLIB_NEEDS: Readonly<Record<string, readonly string[]>>
export declare function unvendorsStdlib(lock: Pick<Lockfile, 'info'>): boolean
export declare function withStdlibNeeds(lock: Lockfile): Lockfile
